import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** Debian's `chromium` package (apt-get install chromium; .ci/run installs it when missing). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * A headless Chromium driven by playwright-core (which downloads no browser
 * of its own). Missing, it fails the test with what to install, not a stack trace.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH}: install it (apt-get install -y chromium; .ci/run does) or set CHROMIUM_PATH to a Chromium binary`);
  }
  // --no-sandbox: CI runs as root in a container, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ["--no-sandbox"] });
}

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Aborts every request of the page to a host other than this machine, as if
 * there were no internet; returns the list of URLs it refused.
 */
export async function offline(page: import("playwright-core").Page): Promise<string[]> {
  const refused: string[] = [];
  await page.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if ((url.protocol === "http:" || url.protocol === "https:") && !LOCAL_HOSTS.has(url.hostname)) {
      refused.push(url.href);
      return route.abort("internetdisconnected");
    }
    return route.continue();
  });
  return refused;
}
