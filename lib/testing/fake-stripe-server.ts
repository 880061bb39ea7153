import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

// A local HTTP server that answers the few Stripe API endpoints the platform
// calls, the way Stripe does: form-encoded requests, JSON objects with
// Stripe's shapes and id prefixes, Stripe-shaped errors, and Idempotency-Key
// replay. Tests point the real SDK at it (host/port/protocol), so the SDK's
// encoding, headers and error classes are exercised, not a mock of them.

export type FakeStripeRequest = { method: string; path: string; body: Record<string, string>; idempotencyKey?: string };

export type FakeCheckoutSession = {
  id: string;
  object: "checkout.session";
  mode: string;
  status: "open" | "complete" | "expired";
  payment_status: "unpaid" | "paid";
  amount_total: number;
  currency: string;
  client_reference_id: string | null;
  customer_email: string | null;
  metadata: Record<string, string>;
  payment_intent: string | null;
  expires_at: number;
  created: number;
  success_url: string;
  cancel_url: string;
  url: string | null;
  livemode: false;
};

type FakePaymentIntent = { id: string; chargeId: string; amount: number; currency: string; amountRefunded: number; refundIds: string[] };
type JsonObject = Record<string, unknown>;
type Reply = { status: number; body: JsonObject };

export type FakeStripe = {
  host: string;
  port: number;
  /** Every API request in arrival order, bodies decoded to flat form fields ("metadata[orderId]"). */
  requests: FakeStripeRequest[];
  sessions: Map<string, FakeCheckoutSession>;
  close(): Promise<void>;
  /** Marks the session paid (creating its payment intent) and returns the checkout.session.completed event. */
  completedSessionEvent(sessionId: string): JsonObject;
  expiredSessionEvent(sessionId: string): JsonObject;
  /** The charge.refunded event for the refunds made so far on the payment intent. */
  refundedChargeEvent(paymentIntentId: string): JsonObject;
  /** Sets the account's payouts_enabled and returns the account.updated event. */
  accountUpdatedEvent(accountId: string, payoutsEnabled: boolean): JsonObject;
  /** The event's JSON body and a Stripe-Signature header for it, as Stripe would send them. */
  signed(event: object, secret: string): { body: string; header: string };
};

const newId = (prefix: string) => `${prefix}${randomBytes(12).toString("hex")}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);

const stripeError = (status: number, type: string, message: string, extra: JsonObject = {}): Reply => ({
  status,
  body: { error: { type, message, ...extra } },
});
const missing = (param: string, id: string) =>
  stripeError(400, "invalid_request_error", `No such ${param}: '${id}'`, { code: "resource_missing", param });
const required = (param: string) =>
  stripeError(400, "invalid_request_error", `Missing required param: ${param}.`, { code: "parameter_missing", param });

export async function startFakeStripe(): Promise<FakeStripe> {
  const requests: FakeStripeRequest[] = [];
  const sessions = new Map<string, FakeCheckoutSession>();
  const paymentIntents = new Map<string, FakePaymentIntent>();
  const refunds = new Map<string, JsonObject>();
  const accounts = new Map<string, JsonObject & { id: string; payouts_enabled: boolean }>();
  // Idempotency-Key -> the first request's method, path and body, and the reply it got.
  const idempotent = new Map<string, { fingerprint: string; reply: Reply }>();

  function route(method: string, path: string, body: Record<string, string>): Reply {
    const [, resource, id, extra] = path.match(/^\/v1\/([a-z_]+(?:\/sessions)?)(?:\/([^/]+))?(\/.*)?$/) ?? [];
    if (extra === undefined) {
      if (method === "POST" && resource === "checkout/sessions" && id === undefined) return createSession(body);
      if (method === "GET" && resource === "checkout/sessions" && id) {
        const session = sessions.get(id);
        return session ? { status: 200, body: session } : missingResource("checkout.session", id);
      }
      if (method === "POST" && resource === "refunds" && id === undefined) return createRefund(body);
      if (method === "POST" && resource === "transfers" && id === undefined) return createTransfer(body);
      if (method === "POST" && resource === "accounts" && id === undefined) return createAccount(body);
      if (method === "GET" && resource === "accounts" && id) {
        const account = accounts.get(id);
        return account ? { status: 200, body: account } : missingResource("account", id);
      }
      if (method === "POST" && resource === "account_links" && id === undefined) return createAccountLink(body);
    }
    return stripeError(
      404,
      "invalid_request_error",
      `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    );
  }

  function missingResource(kind: string, id: string): Reply {
    return stripeError(404, "invalid_request_error", `No such ${kind}: '${id}'`, { code: "resource_missing", param: "id" });
  }

  function createSession(body: Record<string, string>): Reply {
    const amount = Number(body["line_items[0][price_data][unit_amount]"]);
    const currency = body["line_items[0][price_data][currency]"];
    if (!Number.isInteger(amount) || amount <= 0) return required("line_items[0][price_data][unit_amount]");
    if (!currency) return required("line_items[0][price_data][currency]");
    if (!body.success_url) return required("success_url");
    const id = newId("cs_test_");
    const session: FakeCheckoutSession = {
      id,
      object: "checkout.session",
      mode: body.mode ?? "payment",
      status: "open",
      payment_status: "unpaid",
      amount_total: amount,
      currency,
      client_reference_id: body.client_reference_id ?? null,
      customer_email: body.customer_email ?? null,
      metadata: formObject(body, "metadata"),
      // Stripe creates the payment intent when the customer pays.
      payment_intent: null,
      expires_at: body.expires_at ? Number(body.expires_at) : nowSeconds() + 24 * 3600,
      created: nowSeconds(),
      success_url: body.success_url,
      cancel_url: body.cancel_url ?? "",
      url: `https://checkout.stripe.com/c/pay/${id}`,
      livemode: false,
    };
    sessions.set(id, session);
    return { status: 200, body: session };
  }

  function createRefund(body: Record<string, string>): Reply {
    const piId = body.payment_intent;
    if (!piId) return required("payment_intent");
    const pi = paymentIntents.get(piId);
    if (!pi) return missing("payment_intent", piId);
    if (pi.amountRefunded >= pi.amount) {
      return stripeError(400, "invalid_request_error", `Charge ${pi.chargeId} has already been refunded.`, {
        code: "charge_already_refunded",
      });
    }
    const amount = body.amount ? Number(body.amount) : pi.amount - pi.amountRefunded;
    if (amount > pi.amount - pi.amountRefunded) {
      return stripeError(400, "invalid_request_error", `Refund amount (${amount}) is greater than unrefunded amount on charge.`, {
        code: "amount_too_large",
        param: "amount",
      });
    }
    const refund = {
      id: newId("re_"),
      object: "refund",
      amount,
      currency: pi.currency,
      charge: pi.chargeId,
      payment_intent: pi.id,
      reason: body.reason ?? null,
      metadata: formObject(body, "metadata"),
      status: "succeeded",
      created: nowSeconds(),
    };
    pi.amountRefunded += amount;
    pi.refundIds.unshift(refund.id);
    refunds.set(refund.id, refund);
    return { status: 200, body: refund };
  }

  function createTransfer(body: Record<string, string>): Reply {
    const amount = Number(body.amount);
    if (!Number.isInteger(amount) || amount <= 0) return required("amount");
    if (!body.currency) return required("currency");
    if (!body.destination) return required("destination");
    if (!accounts.has(body.destination)) return missing("destination", body.destination);
    const transfer = {
      id: newId("tr_"),
      object: "transfer",
      amount,
      currency: body.currency,
      destination: body.destination,
      transfer_group: body.transfer_group ?? null,
      metadata: formObject(body, "metadata"),
      reversed: false,
      created: nowSeconds(),
    };
    return { status: 200, body: transfer };
  }

  function createAccount(body: Record<string, string>): Reply {
    const account = {
      id: newId("acct_"),
      object: "account",
      type: body.type ?? "standard",
      email: body.email ?? null,
      metadata: formObject(body, "metadata"),
      // A new Express account has not finished onboarding.
      payouts_enabled: false,
      charges_enabled: false,
      details_submitted: false,
      created: nowSeconds(),
    };
    accounts.set(account.id, account);
    return { status: 200, body: account };
  }

  function createAccountLink(body: Record<string, string>): Reply {
    if (!body.account) return required("account");
    if (!accounts.has(body.account)) return missing("account", body.account);
    if (!body.type) return required("type");
    const created = nowSeconds();
    return {
      status: 200,
      body: {
        object: "account_link",
        created,
        expires_at: created + 300,
        url: `https://connect.stripe.com/setup/e/${body.account}/${randomBytes(8).toString("hex")}`,
      },
    };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const method = req.method ?? "GET";
      const url = new URL(req.url ?? "/", "http://fake-stripe");
      const rawBody = Buffer.concat(chunks).toString("utf8");
      const body = Object.fromEntries(new URLSearchParams(method === "GET" ? url.search : rawBody));
      const keyHeader = req.headers["idempotency-key"];
      const idempotencyKey = typeof keyHeader === "string" ? keyHeader : undefined;
      requests.push({ method, path: url.pathname, body, ...(idempotencyKey ? { idempotencyKey } : {}) });

      let reply: Reply;
      let replayed = false;
      if (!/^Bearer sk_/.test(req.headers.authorization ?? "")) {
        reply = stripeError(401, "invalid_request_error", "Invalid API Key provided.");
      } else if (method === "POST" && idempotencyKey) {
        const fingerprint = `${method} ${url.pathname}\n${rawBody}`;
        const earlier = idempotent.get(idempotencyKey);
        if (earlier && earlier.fingerprint !== fingerprint) {
          reply = stripeError(
            400,
            "idempotency_error",
            `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          );
        } else if (earlier) {
          reply = earlier.reply;
          replayed = true;
        } else {
          reply = route(method, url.pathname, body);
          idempotent.set(idempotencyKey, { fingerprint, reply });
        }
      } else {
        reply = route(method, url.pathname, body);
      }

      res.writeHead(reply.status, {
        "content-type": "application/json",
        "request-id": newId("req_"),
        ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}),
        ...(replayed ? { "idempotent-replayed": "true" } : {}),
      });
      res.end(JSON.stringify(reply.body));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  function event(type: string, object: object): JsonObject {
    return {
      id: newId("evt_"),
      object: "event",
      api_version: Stripe.API_VERSION,
      created: nowSeconds(),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
      data: { object: structuredClone(object) },
    };
  }

  function sessionOrThrow(sessionId: string): FakeCheckoutSession {
    const session = sessions.get(sessionId);
    if (!session) throw new Error(`The fake Stripe has no checkout session ${sessionId}`);
    return session;
  }

  return {
    host: "127.0.0.1",
    port,
    requests,
    sessions,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
    completedSessionEvent(sessionId) {
      const session = sessionOrThrow(sessionId);
      if (!session.payment_intent) {
        const pi: FakePaymentIntent = {
          id: newId("pi_"),
          chargeId: newId("ch_"),
          amount: session.amount_total,
          currency: session.currency,
          amountRefunded: 0,
          refundIds: [],
        };
        paymentIntents.set(pi.id, pi);
        Object.assign(session, { status: "complete", payment_status: "paid", payment_intent: pi.id, url: null });
      }
      return event("checkout.session.completed", session);
    },
    expiredSessionEvent(sessionId) {
      const session = sessionOrThrow(sessionId);
      Object.assign(session, { status: "expired", url: null });
      return event("checkout.session.expired", session);
    },
    refundedChargeEvent(paymentIntentId) {
      const pi = paymentIntents.get(paymentIntentId);
      if (!pi) throw new Error(`The fake Stripe has no payment intent ${paymentIntentId}`);
      const refundList = pi.refundIds.map((id) => refunds.get(id));
      return event("charge.refunded", {
        id: pi.chargeId,
        object: "charge",
        amount: pi.amount,
        amount_refunded: pi.amountRefunded,
        currency: pi.currency,
        payment_intent: pi.id,
        refunded: pi.amountRefunded >= pi.amount,
        refunds: { object: "list", data: refundList, has_more: false, url: `/v1/charges/${pi.chargeId}/refunds` },
      });
    },
    accountUpdatedEvent(accountId, payoutsEnabled) {
      const account = accounts.get(accountId);
      if (!account) throw new Error(`The fake Stripe has no account ${accountId}`);
      Object.assign(account, { payouts_enabled: payoutsEnabled, charges_enabled: payoutsEnabled, details_submitted: payoutsEnabled });
      return event("account.updated", account);
    },
    signed(evt, secret) {
      const body = JSON.stringify(evt, null, 2);
      return { body, header: Stripe.webhooks.generateTestHeaderString({ payload: body, secret }) };
    },
  };
}

/** The "prefix[key]" form fields as an object ("metadata[orderId]" -> { orderId }). */
function formObject(body: Record<string, string>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    const match = key.match(/^([^[]+)\[([^\]]+)\]$/);
    if (match && match[1] === prefix && match[2]) out[match[2]] = value;
  }
  return out;
}
