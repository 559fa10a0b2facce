import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import puppeteer from "puppeteer-core";
import { afterAll, beforeAll, describe, it } from "vitest";

export type BrowserName = "chromium" | "firefox";

/** The Debian packages the suite drives (never a browser downloaded by playwright or puppeteer). */
export const BROWSER_PATHS: Readonly<Record<BrowserName, string>> = {
  chromium: "/usr/bin/chromium",
  firefox: "/usr/bin/firefox-esr",
};
export const INSTALL_COMMAND = "apt-get install -y chromium firefox-esr";

export function missingBrowsers(): BrowserName[] {
  return (Object.keys(BROWSER_PATHS) as BrowserName[]).filter((name) => !existsSync(BROWSER_PATHS[name]));
}

/**
 * The browsers a test file can run in. Without them the proof has not been made, so it must not
 * look as if it passed: for the missing ones, one failing test says which binaries are missing and
 * the command that installs them (CI installs them in .ci/run, so it always runs the whole suite).
 */
export function browsersOrFailingTest(): BrowserName[] {
  const missing = missingBrowsers();
  if (missing.length > 0) {
    const paths = missing.map((name) => BROWSER_PATHS[name]).join(" and ");
    it(`needs ${missing.map(browserName).join(" and ")} (${INSTALL_COMMAND})`, () => {
      throw new Error(`${paths} not found: install with \`${INSTALL_COMMAND}\``);
    });
  }
  return (Object.keys(BROWSER_PATHS) as BrowserName[]).filter((name) => !missing.includes(name));
}

/**
 * One `describe` per browser, named with its version, around a session launched before its tests
 * and closed after them; `session()` gives that session inside the tests.
 */
export function describeEachBrowser(browsers: readonly BrowserName[], body: (session: () => BrowserSession, browser: BrowserName) => void): void {
  for (const browser of browsers) {
    describe(browserLabel(browser), () => {
      let running: BrowserSession | undefined;
      beforeAll(async () => {
        running = await launch(browser);
      });
      afterAll(async () => {
        await running?.close();
      });
      body(() => {
        if (running === undefined) throw new Error(`${browserName(browser)} did not start`);
        return running;
      }, browser);
    });
  }
}

/** e.g. `Chromium 156.0.8078.79`, read from the installed package (for describe names). */
export function browserLabel(browser: BrowserName): string {
  const name = browserName(browser);
  try {
    const output = execFileSync(BROWSER_PATHS[browser], ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 10_000 });
    return `${name} ${/\d+(\.\d+)+(esr)?/.exec(output)?.[0] ?? "(unknown version)"}`;
  } catch {
    return name;
  }
}

function browserName(browser: BrowserName): string {
  return browser === "chromium" ? "Chromium" : "Firefox ESR";
}

/** A tab showing the probe page on one origin. */
export interface BrowserPage {
  /** Evaluates a JavaScript expression in the page and awaits its result. */
  evaluate<T>(expression: string): Promise<T>;
  /** The page's latest console messages (the browser's own CORS error text), for failure reports. */
  consoleTail(): string[];
  /** Every console message so far, in order; Firefox reports its CORS errors as page errors, which are included. */
  consoleMessages(): readonly string[];
}

/** One running browser; tabs are opened once per origin and reused. */
export interface BrowserSession {
  readonly name: BrowserName;
  readonly version: string;
  page(origin: string): Promise<BrowserPage>;
  close(): Promise<void>;
}

// From TOOLCHAIN.md. --disable-dev-shm-usage is passed explicitly because Debian's launcher
// fails to add it when /dev/shm is listed twice. Even with background networking off, Chromium
// looks up update.googleapis.com and accounts.google.com at start-up: the resolver rule answers
// every name but the loopback ones "not found" without asking DNS.
const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE *.localhost, EXCLUDE 127.0.0.1",
];

export function launch(name: BrowserName): Promise<BrowserSession> {
  return name === "chromium" ? launchChromium() : launchFirefox();
}

async function launchChromium(): Promise<BrowserSession> {
  // playwright gives every launch a fresh temporary user-data-dir (cookies, preflight cache).
  const browser = await chromium.launch({ executablePath: BROWSER_PATHS.chromium, args: CHROMIUM_ARGS });
  const context = await browser.newContext();
  return session("chromium", `Chromium ${browser.version()}`, () => browser.close(), async (origin) => {
    const page = await context.newPage();
    const messages: string[] = [];
    page.on("console", (message) => void messages.push(message.text()));
    await page.goto(`${origin}/`);
    return pageOf((expression) => page.evaluate(expression), messages);
  });
}

// Firefox phones home at start-up (remote settings) and ignores the server puppeteer points it to.
// MOZ_DISABLE_NONLOCAL_CONNECTIONS, the switch of Firefox's own test harness, refuses every
// non-loopback connection and lets the remote-settings server be replaced by an inert data: URL,
// so the suite makes no lookup or connection beyond loopback.
const FIREFOX_ENV = { MOZ_DISABLE_NONLOCAL_CONNECTIONS: "1" };
const FIREFOX_PREFS = { "services.settings.server": "data:,#remote-settings-dummy/v1" };

async function launchFirefox(): Promise<BrowserSession> {
  // puppeteer drives Firefox over WebDriver BiDi with a fresh temporary profile.
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: BROWSER_PATHS.firefox,
    headless: true,
    env: { ...process.env, ...FIREFOX_ENV },
    extraPrefsFirefox: FIREFOX_PREFS,
  });
  const version = (await browser.version()).replace(/^firefox\//i, "");
  return session("firefox", `Firefox ${version}`, () => browser.close(), async (origin) => {
    const page = await browser.newPage();
    const messages: string[] = [];
    page.on("console", (message) => void messages.push(message.text()));
    // Firefox's CORS errors reach WebDriver BiDi as page errors, not console entries.
    page.on("pageerror", (error) => void messages.push(error instanceof Error ? error.message : String(error)));
    await page.goto(`${origin}/`);
    return pageOf((expression) => page.evaluate(expression), messages);
  });
}

function pageOf(evaluate: (expression: string) => Promise<unknown>, messages: readonly string[]): BrowserPage {
  return {
    evaluate: <T>(expression: string) => evaluate(expression) as Promise<T>,
    consoleTail: () => messages.slice(-4),
    consoleMessages: () => messages.slice(),
  };
}

function session(name: BrowserName, version: string, close: () => Promise<void>, open: (origin: string) => Promise<BrowserPage>): BrowserSession {
  const pages = new Map<string, Promise<BrowserPage>>();
  return {
    name,
    version,
    page(origin) {
      let page = pages.get(origin);
      if (page === undefined) pages.set(origin, (page = open(origin)));
      return page;
    },
    close,
  };
}
