import { z } from "zod";
import { text } from "@/lib/validation/text";

// Where a studio's webhook may point: https anywhere, plain http only to this
// machine (localhost, 127.0.0.1) for testing a receiver during development.
// Redirects are never followed, so the URL checked here is the only one called.
// Refusing hosts that resolve to private ranges (10/8, 169.254/16, ...) is the
// job of the network egress (a proxy or firewall in front of the workers): a
// check on the name here could be bypassed by DNS answers changing later.

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1"]);

export const WEBHOOK_URL_RULE = "Use an https:// URL (http:// is allowed only for localhost or 127.0.0.1, for testing)";

/** Why a URL cannot be a webhook endpoint, or null when it can. */
export function webhookUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Enter a full URL, such as https://example.com/hooks/likeness";
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname))) return WEBHOOK_URL_RULE;
  if (url.username || url.password) return "Leave the user name and password out of the URL; each call is signed instead";
  if (url.hash) return "Remove the #fragment from the URL";
  return null;
}

export const ZWebhookUrl = text({
  min: 1,
  max: 2000,
  tooShort: "Enter the URL of your endpoint",
  tooLong: "Use a URL of at most 2,000 characters",
})
  .superRefine((value, ctx) => {
    const problem = webhookUrlProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .transform((value) => new URL(value).href);

export const ZSetStudioWebhook = z.object({ url: ZWebhookUrl });
export type TSetStudioWebhook = z.input<typeof ZSetStudioWebhook>;
