import { expect, test, type Page } from "@playwright/test";
import { DEMO_PASSWORD, signInAs, signUpAs, uniq } from "./support/app";

// Limits and headers as a browser and an attacker meet them: sign-in locks an
// account after its failures (answered at once, the right password refused
// too), every page carries the security headers, and pages still work under the
// Content-Security-Policy (Next.js's scripts carry the response's nonce).

/** Collects what the browser reports as blocked by the CSP. */
function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

test("25 wrong passwords: the account locks after 10, the rest are refused at once, the right password too", async ({
  browser,
  request,
}) => {
  const person = await signUpAs(browser, "TALENT", { name: `Locked Out ${uniq()}` });
  const errors: string[] = [];
  const times: number[] = [];
  for (let i = 0; i < 25; i++) {
    const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const start = Date.now();
    const res = await request.post("/api/auth/callback/credentials", {
      form: { email: person.email, password: `not my password ${i}`, csrfToken, json: "true" },
      maxRedirects: 0,
    });
    times.push(Date.now() - start);
    const { url } = (await res.json()) as { url: string };
    errors.push(new URL(url, "http://x").searchParams.get("error") ?? "");
  }
  expect(errors.slice(0, 10)).toEqual(Array(10).fill("CredentialsSignin"));
  for (const e of errors.slice(10))
    expect(e).toMatch(/^Too many failed sign-ins for this account or from your network\. Try again in 15 minutes\.$/);
  const mean = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / xs.length);
  console.log(
    `sign-in: ${mean(times.slice(0, 10))} ms per checked wrong password, ${mean(times.slice(10))} ms per refusal while locked; 25 attempts in ${times.reduce((a, b) => a + b, 0)} ms`,
  );

  // The person, with the right password, meets the lock on the form.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill("e2e password 2026!");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(
    page
      .getByRole("alert")
      .or(page.getByText(/Too many failed sign-ins/))
      .first(),
  ).toContainText(/Too many failed sign-ins/);
  await expect(page).toHaveURL(/\/sign-in/);
  await context.close();
});

test("every page carries the security headers, and its scripts the response's nonce", async ({ request }) => {
  for (const path of ["/", "/sign-in", "/sign-up", "/verify", "/privacy", "/no-such-page"]) {
    const res = await request.get(path);
    const h = res.headers();
    const csp = h["content-security-policy"] ?? "";
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(nonce, `${path}: CSP with a nonce`).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(h["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(h["permissions-policy"], path).toContain("camera=()");
    expect(h["x-content-type-options"], path).toBe("nosniff");
    // Served over plain HTTP here: no HSTS (browsers ignore it there).
    expect(h["strict-transport-security"], path).toBeUndefined();
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length, `${path}: scripts`).toBeGreaterThan(0);
    for (const s of scripts) expect(s, `${path}: every script carries the nonce`).toContain(`nonce="${nonce}"`);
  }
  // A fresh nonce per response.
  const a = (await request.get("/sign-in")).headers()["content-security-policy"];
  const b = (await request.get("/sign-in")).headers()["content-security-policy"];
  expect(a).not.toBe(b);
  // The consent video's recording page is the one place the camera is allowed.
  const rec = await request.get("/likeness/some-profile/verify/some-verification", { maxRedirects: 0 });
  expect(rec.headers()["permissions-policy"]).toContain("camera=(self), microphone=(self)");
});

test("API and well-known responses carry their security headers too, HSTS only behind an HTTPS proxy", async ({ request }) => {
  for (const path of ["/api/v1/openapi.json", "/api/v1/verify", "/.well-known/likeness-signing-key.json"]) {
    const res = path === "/api/v1/verify" ? await request.post(path, { data: {} }) : await request.get(path);
    const h = res.headers();
    expect(h["x-content-type-options"], path).toBe("nosniff");
    expect(h["content-security-policy"], path).toBe("frame-ancestors 'self'");
    expect(h["x-frame-options"], path).toBe("SAMEORIGIN");
    expect(h["referrer-policy"], path).toBe("no-referrer");
    expect(h["strict-transport-security"], path).toBeUndefined();
  }
  const https = await request.get("/api/v1/openapi.json", { headers: { "x-forwarded-proto": "https" } });
  expect(https.headers()["strict-transport-security"]).toMatch(/^max-age=\d+/);
});

test("pages work under the CSP: the sign-in form's script runs, a studio signs in and browses", async ({ browser, page }) => {
  const blocked = cspViolations(page);
  await page.goto("/sign-in");
  // Client-side validation is the form's script: it only answers if the script ran.
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter your email address").first()).toBeVisible();
  expect(blocked).toEqual([]);

  const studio = await signInAs(browser, "studio@likeness.test", DEMO_PASSWORD);
  const studioBlocked = cspViolations(studio);
  for (const path of ["/studio", "/studio/catalog", "/studio/requests", "/studio/members", "/studio/api-keys"]) {
    const res = await studio.goto(path);
    // Signed-in pages carry the headers too.
    expect(res?.headers()["content-security-policy"], path).toMatch(/'nonce-[^']+' 'strict-dynamic'/);
    expect(res?.headers()["permissions-policy"], path).toContain("camera=()");
    await expect(studio.getByRole("heading", { level: 1 })).toBeVisible();
  }
  // Client-side navigation (the header's links) works too.
  await studio.getByRole("link", { name: "Catalog" }).first().click();
  await expect(studio).toHaveURL(/\/studio\/catalog/);
  expect(studioBlocked).toEqual([]);
});

test("an admin disables an account: its open session stops at once; enabled again, it signs in", async ({ browser }) => {
  const person = await signUpAs(browser, "TALENT", { name: `Disabled Person ${uniq()}` });
  await person.page.goto("/talent");
  await expect(person.page).toHaveURL(/\/talent/);

  const admin = await signInAs(browser, "admin@likeness.test", DEMO_PASSWORD);
  await admin.goto(`/admin/users?q=${encodeURIComponent(person.email)}`);
  const row = admin.getByRole("row").filter({ hasText: person.email });
  await row.getByRole("button", { name: "Disable" }).click();
  await expect(row.getByText("Disabled", { exact: true })).toBeVisible();

  // The person's session, still holding its cookie, no longer opens a page.
  await person.page.goto("/talent");
  await expect(person.page).toHaveURL(/\/sign-in/);

  await row.getByRole("button", { name: "Enable" }).click();
  await expect(row.getByText("Active", { exact: true })).toBeVisible();
  await signInAs(browser, person.email, "e2e password 2026!");
});
