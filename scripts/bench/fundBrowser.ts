/**
 * The fund benchmark's browser rows (./fund.ts): the web client in the demo system's Chromium
 * (headless, playwright-core), timed by the page's own clock. For one unit, `runs` times each:
 *  - its page `#/fund/units/{id}` opened, from the navigation's start until its history (the
 *    entries table, every row at once) is in the page and a frame has been painted;
 *  - its "check in this browser" (the chain's FundLedger events read over RPC, replayed, the
 *    contract's accountOf read, the API asked again), from the button pressed until the verdict
 *    is painted, on the page just opened;
 * and the yearly statement's page `#/fund/statements/{id}` opened until its lines' table is
 * painted (all of the statement's lines come from the API; the page shows 50 at a time).
 *
 * Each series runs in a browser context of its own: the first run has nothing cached, the others
 * load the page again in the same context. Only what the page puts in the DOM is watched (its
 * data-testids), through a MutationObserver installed before the page's scripts run, which marks
 * the time at the first animation frame after the element appeared and a task after it (after
 * that frame's paint). Every context is closed on every path.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";

/** What the page's observer watches, by name: the first element matching the selector. */
const WATCH = {
  unitEntries: '[data-testid="unit-entries"]',
  checkVerdict: '[data-testid="unit-check-verdict"]',
  checkError: '[data-testid="unit-check-error"]',
  statementLines: '[data-testid="statement-lines"]',
  // the pages' error box (fundCommon.errorBox); the check's own error has a testid
  pageError: "p.message-error[role='alert']:not([data-testid])",
} as const;
type Mark = keyof typeof WATCH;

export interface FundBrowserInput {
  readonly browser: Browser;
  /** The service's origin, serving the built web client. */
  readonly base: string;
  readonly unitId: number;
  /** The published yearly statement's id (`#/fund/statements/{id}`). */
  readonly statementId: string;
  /** How many times each is measured (5 in the benchmark). */
  readonly runs: number;
  /** Fails the run when the unit page does not show this many entries (the API's count). */
  readonly expectedEntries?: number;
  /** Fails the run when the statement page does not say it has this many lines. */
  readonly expectedLines?: number;
  readonly timeoutMs?: number;
  readonly log?: (m: string) => void;
}

export interface FundBrowserResult {
  /** ms, in run order: the unit page opened until its history is painted. */
  readonly unitPage: number[];
  /** ms, in run order: the check pressed until its verdict is painted. */
  readonly unitCheck: number[];
  /** ms, in run order: the statement page opened until its lines' table is painted. */
  readonly statementPage: number[];
  /** Rows of the unit's entries table (the same on every run). */
  readonly unitEntries: number;
  /** Every check's verdict (data-ok). */
  readonly checkOk: boolean[];
  /** The statement's line count, as its page says ("… of N"). */
  readonly statementLines: number;
  /** The line rows the statement page shows at once. */
  readonly statementRowsShown: number;
  /** Uncaught errors in the pages. */
  readonly pageErrors: string[];
}

/**
 * Installed in every page of a context, before its scripts: marks when each watched element first
 * appears. Source text, not a function handed to playwright: tsx's transform wraps a function's
 * inner functions in a helper (`__name`) that the page does not have.
 */
const OBSERVER = `(() => {
  const watch = ${JSON.stringify(WATCH)};
  const marks = {};
  const seen = new Set();
  window.__fundBench = marks;
  // a task posted from a frame's callback runs after that frame is painted
  const afterPaint = (name) => requestAnimationFrame(() => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => { marks[name] = performance.now(); };
    ch.port2.postMessage(null);
  });
  const look = () => {
    for (const [name, selector] of Object.entries(watch)) {
      if (seen.has(name) || !document.querySelector(selector)) continue;
      seen.add(name);
      afterPaint(name);
    }
  };
  new MutationObserver(look).observe(document, { childList: true, subtree: true });
})();`;

async function newContext(browser: Browser, errors: string[]): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  try {
    await context.addInitScript({ content: OBSERVER });
    const page = await context.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    return { context, page };
  } catch (err) {
    await context.close();
    throw err;
  }
}

/** Waits until one of `names` is marked; returns which and its time (page clock, ms). */
async function firstMark(page: Page, names: readonly Mark[], timeoutMs: number): Promise<{ name: Mark; at: number }> {
  const handle = await page.waitForFunction(
    (ns) => {
      const marks = (window as unknown as { __fundBench?: Record<string, number> }).__fundBench ?? {};
      for (const n of ns) if (marks[n] !== undefined) return { name: n, at: marks[n] };
      return false;
    },
    names,
    { timeout: timeoutMs, polling: 50 },
  );
  return (await handle.jsonValue()) as { name: Mark; at: number };
}

/** Opens `hash` as a new document (from about:blank) and returns when `mark` is painted: ms since the navigation started. */
async function openUntil(page: Page, url: string, mark: Mark, timeoutMs: number): Promise<number> {
  await page.goto("about:blank");
  await page.goto(url, { waitUntil: "commit" });
  const m = await firstMark(page, [mark, "pageError"], timeoutMs);
  if (m.name === "pageError") throw new Error(`${url}: the page shows an error: ${await page.locator(WATCH.pageError).first().textContent()}`);
  return m.at; // performance.now() counts from the document's navigation start
}

export async function measureFundInBrowser(input: FundBrowserInput): Promise<FundBrowserResult> {
  const timeoutMs = input.timeoutMs ?? 120_000;
  const log = input.log ?? (() => undefined);
  const errors: string[] = [];
  const unitPage: number[] = [];
  const unitCheck: number[] = [];
  const statementPage: number[] = [];
  const checkOk: boolean[] = [];
  let unitEntries = -1;
  let statementLines = -1;
  let statementRowsShown = -1;

  // the unit's page, then its check, on the page just opened
  {
    const { context, page } = await newContext(input.browser, errors);
    try {
      for (let i = 0; i < input.runs; i++) {
        unitPage.push(await openUntil(page, `${input.base}/#/fund/units/${input.unitId}`, "unitEntries", timeoutMs));
        const rows = await page.locator(`${WATCH.unitEntries} tbody tr`).count();
        if (input.expectedEntries !== undefined && rows !== input.expectedEntries) throw new Error(`the unit page shows ${rows} entries, the API has ${input.expectedEntries}`);
        unitEntries = rows;
        // the check's defaults (node, contract, first block) come from /api/config: not timed
        await page.waitForFunction((sel) => (document.querySelector(sel) as HTMLInputElement | null)?.value !== "", '[data-testid="unit-check-rpc"]', { timeout: timeoutMs });
        const started = await page.evaluate(() => {
          const t = performance.now();
          (document.querySelector('[data-testid="unit-check-run"]') as HTMLButtonElement).click();
          return t;
        });
        const m = await firstMark(page, ["checkVerdict", "checkError"], timeoutMs);
        if (m.name === "checkError") throw new Error(`the unit check failed: ${await page.locator(WATCH.checkError).textContent()}`);
        unitCheck.push(m.at - started);
        checkOk.push((await page.locator(WATCH.checkVerdict).getAttribute("data-ok")) === "true");
        log(`Chromium run ${i + 1}: unit page ${unitPage[i]!.toFixed(0)} ms, check ${unitCheck[i]!.toFixed(0)} ms (${checkOk[i] ? "matches" : "DIFFERS"})`);
      }
    } finally {
      await context.close();
    }
  }

  // the yearly statement's page
  {
    const { context, page } = await newContext(input.browser, errors);
    try {
      for (let i = 0; i < input.runs; i++) {
        statementPage.push(await openUntil(page, `${input.base}/#/fund/statements/${input.statementId}`, "statementLines", timeoutMs));
        statementRowsShown = await page.locator(`${WATCH.statementLines} tbody tr`).count();
        // "第 1–50 行，共 3,109 行" / "Lines 1–50 of 3,109": the last number is the statement's line count
        const range = (await page.locator('[data-testid="statement-range"]').textContent()) ?? "";
        const numbers = range.replace(/(\d),(?=\d{3})/g, "$1").match(/\d+/g) ?? [];
        statementLines = Number(numbers[numbers.length - 1] ?? -1);
        if (input.expectedLines !== undefined && statementLines !== input.expectedLines) throw new Error(`the statement page says ${statementLines} lines ("${range}"), the statement has ${input.expectedLines}`);
        log(`Chromium run ${i + 1}: statement page ${statementPage[i]!.toFixed(0)} ms (${statementRowsShown} of ${statementLines} lines shown)`);
      }
    } finally {
      await context.close();
    }
  }

  return { unitPage, unitCheck, statementPage, unitEntries, checkOk, statementLines, statementRowsShown, pageErrors: errors };
}
