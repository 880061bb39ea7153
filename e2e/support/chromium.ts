// Debian's Chromium, as Playwright drives it here (it never downloads
// browsers): the path and the flags that keep it quiet and offline. Shared by
// playwright.config.ts and the specs that launch a browser of their own (a
// fake camera is a launch flag).

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
