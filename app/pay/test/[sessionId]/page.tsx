import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ActionForm } from "@/app/_components/action-form";
import { ButtonLink } from "@/app/_components/button";
import { DetailList } from "@/app/_components/detail-list";
import { Money } from "@/app/_components/money";
import { Notice } from "@/app/_components/notice";
import { SubmitButton } from "@/app/_components/submit-button";
import { payTestCheckout } from "./actions";
import { checkoutState, loadTestCheckout } from "./load-test-checkout";
import { pathParams } from "@/app/_lib/search-params";

export const metadata: Metadata = { title: "Test payment", robots: { index: false } };

// The local stand-in for Stripe Checkout (STRIPE_SECRET_KEY unset): the studio
// confirms or cancels a payment that moves no money. See ./actions.ts.
export default async function TestPaymentPage({ params }: { params: Promise<{ sessionId: string }> }) {
  const { sessionId } = pathParams(await params);
  const { actor, order } = await loadTestCheckout(sessionId);
  const state = checkoutState(order);
  if (state === "paid") redirect(`/studio/orders/${order.id}`);
  const requestPage = `/studio/requests/${order.request.id}`;
  return (
    <div className="mx-auto max-w-lg">
      <div
        role="note"
        aria-label="Test mode"
        className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
      >
        <p className="font-semibold">Test payment — no real money moves</p>
        <p className="mt-0.5">
          This platform runs without a payment provider. This page stands in for the card checkout, so that you can try the whole order
          path.
        </p>
      </div>
      <section aria-labelledby="checkout-title" className="rounded-lg border border-zinc-200 bg-white shadow-sm">
        <div className="border-b border-zinc-100 px-6 py-5">
          <p className="text-sm text-zinc-600">{order.studio.name} pays Likeness</p>
          <h1 id="checkout-title" className="mt-1 text-3xl font-semibold tracking-tight text-zinc-900">
            <span className="sr-only">Amount due: </span>
            <Money minor={order.amountMinor} currency={order.currency} />
          </h1>
        </div>
        <div className="px-6 py-4">
          <DetailList
            items={[
              { label: "For", value: order.request.title },
              { label: "Studio", value: order.studio.name },
              { label: "Talent", value: `${order.profile.displayName} · ${order.offer.title}` },
              { label: "Paid by", value: actor.email },
              { label: "Order", value: <span className="font-mono text-xs">{order.id}</span> },
            ]}
          />
        </div>
        <div className="space-y-3 border-t border-zinc-100 px-6 py-5">
          {state === "open" && (
            <ActionForm action={payTestCheckout} aria-label="Confirm the test payment" className="space-y-3">
              <input type="hidden" name="sessionId" value={sessionId} />
              <SubmitButton pendingLabel="Confirming payment…" className="w-full">
                Pay <Money minor={order.amountMinor} currency={order.currency} />
              </SubmitButton>
            </ActionForm>
          )}
          {state === "expired" && (
            <Notice tone="warning" title="This checkout has expired">
              Nothing was charged. Go back to the request and choose Pay again for a new checkout.
            </Notice>
          )}
          {state === "closed" && (
            <Notice tone="neutral" title="This order was cancelled">
              {order.closedReason ?? "It can no longer be paid."} Nothing was charged.
            </Notice>
          )}
          <ButtonLink href={state === "open" ? `${requestPage}?payment=cancelled` : requestPage} variant="secondary" className="w-full">
            {state === "open" ? "Cancel payment" : "Back to the request"}
          </ButtonLink>
          {state === "open" && (
            <p className="text-center text-xs text-zinc-500">Cancelling charges nothing; this checkout expires by itself.</p>
          )}
        </div>
      </section>
    </div>
  );
}
