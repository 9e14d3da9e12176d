/**
 * Accessibility of every page, on the real system (test/web/support/system.ts): each page of
 * the web client in both languages, at a 360 px phone and a 1280 px desktop, in normal and in
 * large-text mode, must have no critical or serious axe-core violation, be no wider than the
 * screen, show no text smaller than 16 px (24 px in large-text mode) and have touch targets of
 * at least 48 px. The API's docs page (/docs, Swagger UI, English only) passes axe and fits the
 * phone too. The header's large-text switch works from the keyboard, shows its state, is
 * remembered, is applied before first paint, and the page follows the browser's own font size.
 */
import path from "node:path";
import type { AxeResults } from "axe-core";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hex } from "viem";
import { demoCommittee, demoSupervisor } from "../../scripts/demo/generateCommunity";
import { byTestId, draftEmergencyPlan, liftRater, signedIn, startBrowserSystem, type BrowserSystem } from "./support/system";
import type { ProofBundle } from "../../domain/documents/bundle";
import { anchorBatch, sampleDocuments, type BatchDocument } from "../../scripts/lib/documentBatch";

const AXE = path.resolve(__dirname, "../../node_modules/axe-core/axe.min.js");
const VIEWPORTS = [
  { name: "360px", width: 360, height: 740 },
  { name: "1280px", width: 1280, height: 800 },
] as const;
const LANGS = ["zh-CN", "en"] as const;
const SIZES = ["normal", "large"] as const;
type Lang = (typeof LANGS)[number];
type Size = (typeof SIZES)[number];
/** The smallest text allowed, in CSS px at the browser's default font size (16 px). */
const MIN_TEXT_PX: Record<Size, number> = { normal: 16, large: 24 };
const MIN_TARGET_PX = 48;

let sys: BrowserSystem;
type Browsing = { context: BrowserContext; page: Page; errors: string[] };
/** A browser that has not signed in, an owner's (who can vote), a committee member's (signed in to draft) and the supervisor's. */
let visitor: Browsing;
let owner: Browsing;
let member: Browsing;
let rater: Browsing;
let raterEntry = 0;
let supervisor: Browsing;
/** An emergency plan waiting for the supervisor's co-signature, and a quarter with common income. */
let emergencyActionId: string;
let incomeQuarter: string;
/** A payment's invoice anchored in the deployment's DocumentAnchor, its bundle served to the visitor (the upload API may not be on this branch). */
let anchoredDoc: BatchDocument;
let anchoredBundle: ProofBundle;

beforeAll(async () => {
  sys = await startBrowserSystem();
  const context = await sys.browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${sys.base}/#/`);
  visitor = { context, page, errors };
  owner = await signedIn(sys, sys.seed.demoOwner.privateKey, "135790");
  const r = await liftRater(sys);
  raterEntry = r.entryId;
  rater = await signedIn(sys, r.privateKey, "135790");
  const first = demoCommittee().members[0]!;
  member = await signedIn(sys, first.privateKey, "121212");
  await member.page.goto(`${sys.base}/#/committee`);
  await member.page.locator('[data-testid="siwe-status"][data-signed-in="false"]').waitFor({ timeout: 30_000 });
  await byTestId(member.page, "siwe-prepare").click();
  await byTestId(member.page, "siwe-sign").click();
  await member.page.locator('[data-testid="siwe-status"][data-signed-in="true"]').waitFor({ timeout: 30_000 });
  emergencyActionId = await draftEmergencyPlan(
    sys,
    demoCommittee().members.slice(0, 3).map((m) => m.privateKey as Hex),
    { category: 5, scope: { kind: 1, ids: [2] }, budgetFen: "880000", payee: "上海某结构加固工程公司", text: "a11y: a cracked balcony slab" },
  );
  supervisor = await signedIn(sys, demoSupervisor().privateKey, "131313");
  const income = (await (await fetch(`${sys.base}/api/communities/${sys.seed.communityId}/fund/common-income`)).json()) as { quarters: { quarter: string }[] };
  incomeQuarter = income.quarters[0]!.quarter;
  // Anvil's second default account (not the service's relayer) anchors one document directly.
  [anchoredDoc] = sampleDocuments(1, { communityId: String(sys.seed.communityId), recordId: "1" }, "a11y");
  [anchoredBundle] = (await anchorBatch({ rpcUrl: sys.anvil.rpcUrl, key: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d", contract: sys.deployment.documents, docs: [anchoredDoc!] })).bundles;
  await visitor.context.route(`**/api/documents/${anchoredBundle!.document.sha256}/proof`, (route) => route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(anchoredBundle) }));
}, 240_000);

afterAll(async () => {
  await sys?.stop();
});

interface PageSpec {
  name: string;
  who: () => { page: Page };
  hash: () => string;
  /** Waits until the page shows what it is for (data loaded, a check run). */
  ready: (page: Page) => Promise<void>;
}

const shown = (id: string) => async (page: Page) => {
  await expect.poll(async () => byTestId(page, id).count(), { timeout: 30_000, message: `waiting for ${id}` }).toBeGreaterThan(0);
};

const PAGES: PageSpec[] = [
  { name: "proposals", who: () => visitor, hash: () => "#/", ready: (p) => shown(`proposal-link-${sys.seed.openProposalId}`)(p) },
  { name: "proposal (open)", who: () => visitor, hash: () => `#/proposals/${sys.seed.openProposalId}`, ready: shown("proposal-title") },
  { name: "proposal (open, the owner's vote form)", who: () => owner, hash: () => `#/proposals/${sys.seed.openProposalId}`, ready: shown("vote-submit") },
  { name: "proposal (closed)", who: () => visitor, hash: () => `#/proposals/${sys.seed.pastProposalId}`, ready: shown("proposal-title") },
  { name: "roll", who: () => visitor, hash: () => `#/proposals/${sys.seed.openProposalId}/roll`, ready: (p) => expect.poll(() => p.locator("table.roll").count(), { timeout: 30_000 }).toBe(1) },
  {
    name: "verify",
    who: () => visitor,
    hash: () => `#/verify/${sys.seed.openProposalId}`,
    ready: async (page) => {
      await byTestId(page, "verify-address").fill(sys.seed.demoOwner.address);
      await byTestId(page, "verify-run").click();
      await expect.poll(async () => byTestId(page, "verify-verdict").count(), { timeout: 60_000 }).toBe(1);
    },
  },
  {
    name: "verify a document (a picked file, its result)",
    who: () => visitor,
    hash: () => "#/verify/document",
    ready: async (page) => {
      await expect.poll(() => byTestId(page, "doc-rpc").inputValue(), { timeout: 30_000 }).not.toBe("");
      await byTestId(page, "doc-file-input").setInputFiles({ name: "invoice.txt", mimeType: "text/plain", buffer: Buffer.from(anchoredDoc.bytes) });
      await expect.poll(() => byTestId(page, "doc-result").getAttribute("data-status"), { timeout: 30_000 }).toBe("verified");
    },
  },
  {
    name: "a document's public notice (A4, QR code)",
    who: () => visitor,
    hash: () => `#/notice/document?sha256=${anchoredBundle.document.sha256}&leaf=0&tx=${anchoredBundle.anchor.transaction}`,
    ready: shown("notice-qr"),
  },
  { name: "a result's public notice (A4, tally, QR code)", who: () => visitor, hash: () => `#/notice/result/${sys.seed.pastProposalId}`, ready: shown("result-notice-qr") },
  { name: "committee task: upload a document", who: () => member, hash: () => "#/committee/task/documents", ready: shown("upload-form") },
  { name: "account (signed out)", who: () => visitor, hash: () => "#/account", ready: shown("import-key-input") },
  { name: "committee (signed out)", who: () => visitor, hash: () => "#/committee", ready: shown("committee-membership") },
  { name: "supervisor", who: () => visitor, hash: () => "#/supervisor", ready: shown("supervisor") },
  { name: "not found", who: () => visitor, hash: () => "#/no-such-page", ready: async (p) => expect.poll(() => p.locator("main h1").count()).toBe(1) },
  { name: "account (signed in)", who: () => member, hash: () => "#/account", ready: shown("account-address") },
  {
    name: "committee (signed in)",
    who: () => member,
    hash: () => "#/committee",
    ready: async (page) => {
      await expect.poll(async () => byTestId(page, "siwe-status").getAttribute("data-signed-in"), { timeout: 30_000 }).toBe("true");
      await shown(`task-paper-${sys.seed.openProposalId}`)(page);
    },
  },
  {
    name: "committee task: paper ballots (file inputs)",
    who: () => member,
    hash: () => `#/committee/task/paper-${sys.seed.openProposalId}`,
    ready: shown("paper-file-0"),
  },
  {
    name: "committee task: fund payment (a refusal naming the plan's cap)",
    who: () => member,
    hash: () => `#/committee/task/fund-pay-${sys.seed.fund.liftPlanId}`,
    ready: async (page) => {
      await shown("fund-pay-invoice")(page);
      await byTestId(page, "fund-pay-invoice").setInputFiles({ name: "invoice.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n% a11y invoice\n%%EOF\n") });
      await expect.poll(async () => (await byTestId(page, "fund-pay-invoice-hash").textContent()) ?? "", { timeout: 10_000 }).toMatch(/^0x[0-9a-f]{64}$/);
      // more than the whole budget again: over the cap whatever has been paid
      await byTestId(page, "fund-pay-amount").fill("10,000,000");
      await byTestId(page, "fund-submit").click();
      await shown("fund-refusal")(page);
    },
  },
  { name: "committee task: emergency plan (scope pickers, file inputs)", who: () => member, hash: () => "#/committee/task/fund-emergency", ready: shown("fund-emergency-contract") },
  { name: "committee task: fund statement", who: () => member, hash: () => "#/committee/task/fund-statement", ready: shown("fund-statement-file") },
  { name: "committee task: fund settings", who: () => member, hash: () => "#/committee/task/fund-settings", ready: shown("fund-settings-days") },
  { name: "fund", who: () => visitor, hash: () => "#/fund", ready: shown("fund-payments") },
  {
    // with its documents: the invoice the payment form above kept for the plan
    name: "fund plan (voted, its kept invoice listed)",
    who: () => visitor,
    hash: () => `#/fund/plans/${sys.seed.fund.liftPlanId}`,
    ready: async (page) => {
      await shown("plan-ratings")(page);
      await shown("plan-files-list")(page);
    },
  },
  { name: "fund plan (voted, an owner's rating form)", who: () => rater, hash: () => `#/fund/plans/${sys.seed.fund.liftPlanId}`, ready: (p) => shown(`rate-${raterEntry}-submit`)(p) },
  { name: "fund plan (emergency)", who: () => visitor, hash: () => `#/fund/plans/${sys.seed.fund.emergencyPlanId}`, ready: shown("plan-ratings") },
  {
    name: "fund unit (checked in the browser)",
    who: () => owner,
    hash: () => `#/fund/units/${sys.seed.fund.liftUnitId}`,
    ready: async (page) => {
      await shown("unit-check-run")(page);
      await expect.poll(() => byTestId(page, "unit-check-rpc").inputValue(), { timeout: 10_000 }).not.toBe("");
      await byTestId(page, "unit-check-run").click();
      await shown("unit-check-verdict")(page);
    },
  },
  { name: "fund statements", who: () => visitor, hash: () => "#/fund/statements", ready: (p) => shown(`statement-link-${sys.seed.fund.statementId}`)(p) },
  { name: "fund statement", who: () => visitor, hash: () => `#/fund/statements/${sys.seed.fund.statementId}`, ready: shown("line-check") },
  { name: "fund common income", who: () => visitor, hash: () => "#/fund/common-income", ready: shown("common-income-quarters") },
  { name: "fund common income (a quarter)", who: () => visitor, hash: () => `#/fund/common-income/${incomeQuarter}`, ready: shown("common-income-print") },
  { name: "supervisor (signed in, not the supervisor)", who: () => member, hash: () => "#/supervisor", ready: shown("supervisor-tasks-not-supervisor") },
  { name: "supervisor (its emergency plan to co-sign)", who: () => supervisor, hash: () => "#/supervisor", ready: (p) => shown(`supervisor-sign-${emergencyActionId}`)(p) },
  {
    name: "proposal with objections (signed in)",
    who: () => member,
    hash: () => `#/proposals/${sys.seed.objectionProposalId}`,
    ready: shown("objection-1"),
  },
];

/** Waits until nothing on the page is loading. */
async function settled(page: Page): Promise<void> {
  await expect.poll(() => page.locator('main .loading, main [aria-busy="true"]').count(), { timeout: 30_000 }).toBe(0);
}

/** Loads the client in `lang` and `size` (as a returning user who chose them) with axe injected. */
async function openIn(page: Page, lang: Lang, size: Size): Promise<void> {
  await page.evaluate(
    ({ lang, size }) => {
      localStorage.setItem("cl.lang", lang);
      localStorage.setItem("cl.textSize", size);
    },
    { lang, size },
  );
  await page.reload();
  await page.addScriptTag({ path: AXE });
}

/** Critical and serious axe violations, one line each: rule, impact, elements. */
async function axeProblems(page: Page): Promise<string[]> {
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, options: object): Promise<AxeResults> } }).axe;
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact ?? "", targets: v.nodes.map((n) => n.target.join(" ")) }));
  });
  return result
    .filter((v) => v.impact === "critical" || v.impact === "serious")
    .map((v) => `axe ${v.id} (${v.impact}) ×${v.targets.length}: ${v.targets.slice(0, 3).join(", ")}`);
}

/** What does not fit the screen: the page's width beyond the viewport, with the widest element. */
async function overflowProblems(page: Page, width: number): Promise<string[]> {
  const r = await page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    let widest = "";
    let right = w;
    for (const el of document.body.querySelectorAll<HTMLElement>("*")) {
      const box = el.getBoundingClientRect();
      if (box.right > right + 0.5) {
        right = box.right;
        widest = `${el.tagName.toLowerCase()}${el.className ? "." + String(el.className).split(" ").join(".") : ""}`;
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, widest, right: Math.round(right) };
  });
  return r.scrollWidth > width ? [`page is ${r.scrollWidth} px wide (widest: ${r.widest} to ${r.right} px)`] : [];
}

/** Text smaller than `minPx`, and touch targets smaller than 48 px, in the web client. */
async function sizeProblems(page: Page, minPx: number): Promise<string[]> {
  return page.evaluate(
    ({ minPx, minTarget }) => {
      const problems: string[] = [];
      const visible = (el: Element) => {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) return false;
        const s = getComputedStyle(el);
        return s.visibility !== "hidden" && !el.closest(".sr-only, [hidden], .skip");
      };
      const name = (el: Element) => `${el.tagName.toLowerCase()}${el.getAttribute("data-testid") ? `[${el.getAttribute("data-testid")}]` : ""}${el.className ? "." + String(el.className).split(" ").join(".") : ""}`;
      // text
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const small = new Map<string, number>();
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || !n.textContent?.trim() || el.closest("script, style, noscript") || !visible(el)) continue;
        const px = parseFloat(getComputedStyle(el).fontSize);
        if (px < minPx - 0.01) small.set(`${name(el)} “${n.textContent.trim().slice(0, 20)}”`, px);
      }
      for (const [where, px] of [...small].slice(0, 5)) problems.push(`text of ${px.toFixed(1)} px < ${minPx}: ${where}`);
      // touch targets: buttons, header links, form controls; a checkbox or radio button by its label
      const targets = document.querySelectorAll("button, .button, #top a, input, select, textarea, summary");
      for (const el of targets) {
        if (!visible(el) && !(el instanceof HTMLInputElement && (el.type === "checkbox" || el.type === "radio"))) continue;
        const box = el instanceof HTMLInputElement && (el.type === "checkbox" || el.type === "radio") ? el.closest("label")?.getBoundingClientRect() : el.getBoundingClientRect();
        if (!box) {
          problems.push(`target ${name(el)} has no label around it`);
          continue;
        }
        if (box.width === 0 && box.height === 0) continue;
        const tooNarrow = !(el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) && box.width < minTarget - 0.5;
        if (box.height < minTarget - 0.5 || tooNarrow) problems.push(`target ${name(el)} is ${Math.round(box.width)}×${Math.round(box.height)} px`);
      }
      return problems;
    },
    { minPx, minTarget: MIN_TARGET_PX },
  );
}

/** Every check of one page as it is shown now, at each width. */
async function checkPage(page: Page, label: string, withSizes: number | null): Promise<string[]> {
  const problems: string[] = [];
  for (const vp of VIEWPORTS) {
    await page.setViewportSize({ width: vp.width, height: vp.height });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const found = [...(await axeProblems(page)), ...(await overflowProblems(page, vp.width)), ...(withSizes === null ? [] : await sizeProblems(page, withSizes))];
    problems.push(...found.map((p) => `${label} ${vp.name}: ${p}`));
  }
  return problems;
}

describe("every page, both languages, both widths, normal and large text", () => {
  for (const lang of LANGS) {
    for (const size of SIZES) {
      it(`${lang}, ${size} text: no critical or serious axe violation, nothing wider than the screen, text and targets big enough`, async () => {
        const problems: string[] = [];
        for (const who of [visitor, owner, member, rater, supervisor]) await openIn(who.page, lang, size);
        // A11Y_ONLY=<part of a page's name> checks only those pages (while working on one page).
        for (const spec of PAGES.filter((p) => !process.env.A11Y_ONLY || p.name.includes(process.env.A11Y_ONLY))) {
          const { page } = spec.who();
          await page.evaluate((h) => (location.hash = h), spec.hash());
          await spec.ready(page);
          await settled(page);
          expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
          expect(await page.evaluate(() => document.documentElement.classList.contains("large-text"))).toBe(size === "large");
          problems.push(...(await checkPage(page, `${spec.name} [${lang}, ${size}]`, MIN_TEXT_PX[size])));
        }
        expect(problems).toEqual([]);
        expect([...visitor.errors, ...owner.errors, ...member.errors, ...rater.errors, ...supervisor.errors]).toEqual([]);
      }, 120_000);
    }
  }

  it("the API docs page (/docs, Swagger UI): no critical or serious axe violation, nothing wider than the screen", async () => {
    const page = await visitor.context.newPage();
    try {
      await page.goto(`${sys.base}/docs`);
      await expect.poll(() => page.locator(".swagger-ui .opblock").count(), { timeout: 30_000 }).toBeGreaterThan(0);
      await page.addScriptTag({ path: AXE });
      expect(await checkPage(page, "docs", null)).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});

describe("the large-text switch", () => {
  it("is in the header, reachable by keyboard, labelled in both languages, shows its state and is remembered", async () => {
    const context = await sys.browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${sys.base}/#/`);
      const toggle = byTestId(page, "text-size-toggle");
      await expect.poll(() => toggle.getAttribute("aria-pressed")).toBe("false");
      expect((await toggle.textContent())?.trim()).toBe("大字");
      // Tab from the top of the page reaches it
      let reached = false;
      for (let i = 0; i < 20 && !reached; i++) {
        await page.keyboard.press("Tab");
        reached = await page.evaluate(() => document.activeElement?.getAttribute("data-testid") === "text-size-toggle");
      }
      expect(reached).toBe(true);
      const rootPx = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
      const bodyPx = () => page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
      const normalRoot = await rootPx();
      await page.keyboard.press("Enter");
      await expect.poll(() => toggle.getAttribute("aria-pressed")).toBe("true");
      expect(await bodyPx()).toBeGreaterThanOrEqual(24);
      expect(await rootPx()).toBeGreaterThan(normalRoot);
      // focus stays on the switch, so Space turns it off again and on again
      await page.keyboard.press("Space");
      await expect.poll(() => toggle.getAttribute("aria-pressed")).toBe("false");
      await page.keyboard.press("Space");
      await expect.poll(() => toggle.getAttribute("aria-pressed")).toBe("true");
      // the English label; switching the language keeps the mode
      await byTestId(page, "lang-toggle").click();
      await expect.poll(async () => (await toggle.textContent())?.trim()).toBe("Large text");
      expect(await toggle.getAttribute("aria-pressed")).toBe("true");
      // remembered on the device, and set before the app's script runs (no flash of small text)
      await page.route("**/assets/*.js", async (route) => {
        await new Promise((r) => setTimeout(r, 1_000));
        await route.continue();
      });
      // (module scripts run before DOMContentLoaded: wait only until the header is parsed)
      await page.reload({ waitUntil: "commit" });
      await page.waitForFunction(() => document.getElementById("main") !== null);
      expect(await page.evaluate(() => ({ large: document.documentElement.classList.contains("large-text"), appRan: document.getElementById("top")?.childElementCount !== 0 }))).toEqual({
        large: true,
        appRan: false,
      });
      await page.unroute("**/assets/*.js");
      await expect.poll(() => byTestId(page, "text-size-toggle").getAttribute("aria-pressed")).toBe("true");
      expect(await bodyPx()).toBeGreaterThanOrEqual(24);
    } finally {
      await context.close();
    }
  });

  it("the page follows the browser's own font size: the root size is relative, not fixed in px", async () => {
    const context = await sys.browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${sys.base}/#/`);
      await shown(`proposal-link-${sys.seed.openProposalId}`)(page);
      const sizes = () =>
        page.evaluate(() => ({
          root: parseFloat(getComputedStyle(document.documentElement).fontSize),
          body: parseFloat(getComputedStyle(document.body).fontSize),
          button: parseFloat(getComputedStyle(document.querySelector('[data-testid="text-size-toggle"]')!).fontSize),
          nav: document.querySelector<HTMLElement>('[data-testid="nav-home"]')!.getBoundingClientRect().height,
        }));
      const atDefault = await sizes();
      // the user sets the browser's default font size from 16 px to 24 px
      const cdp = await context.newCDPSession(page);
      await cdp.send("Page.setFontSizes", { fontSizes: { standard: 24 } });
      await page.reload();
      await shown(`proposal-link-${sys.seed.openProposalId}`)(page);
      const atLarger = await sizes();
      for (const k of ["root", "body", "button", "nav"] as const) expect(atLarger[k], k).toBeCloseTo(atDefault[k] * 1.5, 0);
    } finally {
      await context.close();
    }
  });
});
