/**
 * The verify page in Chromium on the real system (scripts/lib/demoSystem.ts: Anvil, the
 * contracts, the demo community, the service with the built client): it says which node it read
 * and where the addresses came from, takes them from the link, tells apart a node that does not
 * answer, another chain, no contract at an address and no such proposal, checks the text against
 * its on-chain hash, and finds two ballots of equal weight whose choices were swapped in the
 * API's database (totals unchanged), for every owner and for the owner whose own ballot it is.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/anvil";
import { startDemoSystem, type DemoSystem } from "../../scripts/lib/demoSystem";
import { readQr } from "./support/qr";

let sys: DemoSystem;

beforeAll(async () => {
  sys = await startDemoSystem();
}, 300_000);

afterAll(async () => {
  await sys?.stop();
});

const byTestId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

/** A fresh page in `lang`, with page errors collected. */
async function open(hash: string, lang: "zh-CN" | "en" = "zh-CN") {
  const context = await sys.browser.newContext();
  await context.addInitScript((l) => localStorage.setItem("cl.lang", l), lang);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${sys.base}/${hash}`);
  return { page, errors, close: () => context.close() };
}

async function failureOf(page: Page): Promise<{ kind: string | null; text: string }> {
  const f = byTestId(page, "verify-failure");
  await f.waitFor({ timeout: 60_000 });
  return { kind: await f.getAttribute("data-kind"), text: (await f.textContent()) ?? "" };
}

describe("the verify page cannot check, and says why", () => {
  it("a node that does not answer (a link with a wrong RPC port), in Chinese and in English", async () => {
    const port = await freePort();
    const zh = await open(`#/verify/${sys.seed.pastProposalId}?rpc=${encodeURIComponent(`http://127.0.0.1:${port}`)}`);
    const f = await failureOf(zh.page);
    expect(f.kind).toBe("NODE_UNREACHABLE");
    expect(f.text).toContain("节点无法连接");
    expect(f.text).toContain(`http://127.0.0.1:${port}`);
    expect(await byTestId(zh.page, "verify-rpc-source").getAttribute("data-source")).toBe("link");
    expect(await byTestId(zh.page, "verify-node-url").textContent()).toBe(`http://127.0.0.1:${port}`);
    expect(await byTestId(zh.page, "verify-verdict").count()).toBe(0);
    expect(zh.errors).toEqual([]);
    await zh.close();
    const en = await open(`#/verify/${sys.seed.pastProposalId}?rpc=${encodeURIComponent(`http://127.0.0.1:${port}`)}`, "en");
    expect((await failureOf(en.page)).text).toContain("Node unreachable");
    await en.close();
  });

  it("the user changes the node on the page: the node entered is the one read, and said so", async () => {
    const p = await open(`#/verify/${sys.seed.openProposalId}`);
    await byTestId(p.page, "verify-verdict").waitFor({ timeout: 60_000 });
    const port = await freePort();
    await byTestId(p.page, "verify-rpc").fill(`http://127.0.0.1:${port}`);
    await byTestId(p.page, "verify-run").click();
    expect((await failureOf(p.page)).kind).toBe("NODE_UNREACHABLE");
    expect(await byTestId(p.page, "verify-rpc-source").getAttribute("data-source")).toBe("entered");
    // the page's link now carries the node entered, so that it can be passed on
    expect(decodeURIComponent(new URL(p.page.url()).hash)).toContain(`rpc=http://127.0.0.1:${port}`);
    await p.close();
  });

  it("another chain than the link says (chainId), in its own words", async () => {
    const p = await open(`#/verify/${sys.seed.pastProposalId}?chainId=5`, "en");
    const f = await failureOf(p.page);
    expect(f.kind).toBe("WRONG_CHAIN");
    expect(f.text).toContain("Wrong chain");
    expect(f.text).toContain(`chain id 5, but this node is chain id ${sys.deployment.chainId}`);
    await p.close();
  });

  it("no contract at an address from the link", async () => {
    const nobody = "0x000000000000000000000000000000000000dEaD";
    const p = await open(`#/verify/${sys.seed.pastProposalId}?registry=${sys.deployment.registry}&voting=${nobody}`);
    const f = await failureOf(p.page);
    expect(f.kind).toBe("CONTRACT_NOT_FOUND");
    expect(f.text).toContain("找不到合约");
    expect(f.text).toContain(nobody);
    expect(await byTestId(p.page, "verify-address-source").getAttribute("data-source")).toBe("link");
    await p.close();
  });

  it("no such proposal on the chain", async () => {
    const p = await open("#/verify/999", "en");
    const f = await failureOf(p.page);
    expect(f.kind).toBe("RECORD_NOT_FOUND");
    expect(f.text).toContain("The chain has no vote #999");
    await p.close();
  });
});

describe("the verify page checks the chain and the API's copy", () => {
  it("passes an honest vote: roll, recount, result, text and every ballot; names the node and the addresses' source", async () => {
    const id = sys.seed.openProposalId;
    const p = await open(`#/verify/${id}`);
    const verdict = byTestId(p.page, "verify-verdict");
    await expect.poll(async () => verdict.getAttribute("data-stage"), { timeout: 120_000 }).toBe("done");
    expect(await verdict.getAttribute("data-ok")).toBe("true");
    for (const card of ["verify-roll", "verify-recount", "verify-result", "verify-text", "verify-api", "verify-api-ballots"]) {
      expect(await byTestId(p.page, card).getAttribute("data-ok"), card).toBe("true");
    }
    expect(await byTestId(p.page, "verify-text-verdict").textContent()).toContain("一致");
    expect(await byTestId(p.page, "verify-node-url").textContent()).toBe(sys.anvil.rpcUrl);
    expect(await byTestId(p.page, "verify-address-source").getAttribute("data-source")).toBe("apiConfig");
    expect(await byTestId(p.page, "verify-address-source").textContent()).toContain(`${sys.base}/api/config`);
    expect(await byTestId(p.page, "verify-link").getAttribute("href")).toBe(
      `#/verify/${id}?rpc=${encodeURIComponent(sys.anvil.rpcUrl)}&registry=${sys.deployment.registry}&voting=${sys.deployment.voting}&fromBlock=${sys.deployment.deployBlock}&chainId=${sys.deployment.chainId}`,
    );
    expect(p.errors).toEqual([]);
    await p.close();
  }, 180_000);

  it("flags both ballots of equal weight whose choices were swapped in the API's database, and the owner's own", async () => {
    const prisma = sys.service.ctx.prisma;
    const id = sys.seed.openProposalId;
    const ballots = await prisma.ballot.findMany({ where: { proposalId: id }, orderBy: { entryId: "asc" } });
    // two ballots of the same area and headcount, with different choices
    let pair: [(typeof ballots)[number], (typeof ballots)[number]] | null = null;
    for (const a of ballots) {
      const b = ballots.find((x) => x.entryId !== a.entryId && x.areaCm2 === a.areaCm2 && x.headcount === a.headcount && x.choice !== a.choice);
      if (b) {
        pair = [a, b];
        break;
      }
    }
    if (pair === null) throw new Error("the demo's open vote has no two ballots of equal weight with different choices");
    const [a, b] = pair;
    const before = await (await fetch(`${sys.base}/api/proposals/${id}`)).json();
    await prisma.ballot.update({ where: { proposalId_entryId: { proposalId: id, entryId: a.entryId } }, data: { choice: b.choice } });
    await prisma.ballot.update({ where: { proposalId_entryId: { proposalId: id, entryId: b.entryId } }, data: { choice: a.choice } });
    try {
      // the totals the API shows are unchanged: only a ballot-by-ballot comparison can see it
      expect((await (await fetch(`${sys.base}/api/proposals/${id}`)).json()).tallies).toEqual(before.tallies);
      const voterOfA = (await prisma.rollEntry.findUnique({ where: { proposalId_entryId: { proposalId: id, entryId: a.entryId } } }))!.voters as string[];
      const p = await open(`#/verify/${id}`, "en");
      await byTestId(p.page, "verify-verdict").waitFor({ timeout: 60_000 });
      await byTestId(p.page, "verify-address").fill(voterOfA[0]!);
      await byTestId(p.page, "verify-run").click();
      const verdict = byTestId(p.page, "verify-verdict");
      await expect.poll(async () => verdict.getAttribute("data-stage"), { timeout: 120_000 }).toBe("done");
      expect(await verdict.getAttribute("data-ok")).toBe("false");
      // the chain's own checks pass; the API's summary too (totals unchanged); its ballots do not
      for (const card of ["verify-roll", "verify-recount", "verify-result", "verify-api"]) {
        expect(await byTestId(p.page, card).getAttribute("data-ok"), card).toBe("true");
      }
      expect(await byTestId(p.page, "verify-api-ballots").getAttribute("data-ok")).toBe("false");
      const rows = await p.page.locator('[data-testid^="verify-ballot-diff-"]').evaluateAll((els) => els.map((e) => [e.getAttribute("data-testid"), e.getAttribute("data-fields")]));
      expect(rows).toEqual([
        [`verify-ballot-diff-${Math.min(a.entryId, b.entryId)}`, "choice"],
        [`verify-ballot-diff-${Math.max(a.entryId, b.entryId)}`, "choice"],
      ]);
      // the owner's own ballot: the API's record is not what the chain counted
      expect(await byTestId(p.page, "verify-my-ballot").getAttribute("data-ok")).toBe("false");
      expect(await byTestId(p.page, "verify-my-api").getAttribute("data-ok")).toBe("false");
      expect(await byTestId(p.page, "verify-my-ballot").textContent()).toContain(`Entry ${a.entryId}: the website records your ballot as`);
      // on a 360 px phone the page, differences table included, is no wider than the screen
      await p.page.setViewportSize({ width: 360, height: 740 });
      const wide = await p.page.evaluate(() =>
        [...document.querySelectorAll("body *")]
          .filter((e) => e.getBoundingClientRect().right > 361 && !e.parentElement?.closest(".roll-table"))
          .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)} ${(e.textContent ?? "").slice(0, 40)}`)
          .slice(0, 5),
      );
      expect(wide).toEqual([]);
      expect(await p.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      expect(await byTestId(p.page, "verify-ballot-diffs").locator("xpath=..").getAttribute("tabindex")).toBe("0");
      expect(p.errors).toEqual([]);
      await p.close();
    } finally {
      await prisma.ballot.update({ where: { proposalId_entryId: { proposalId: id, entryId: a.entryId } }, data: { choice: a.choice } });
      await prisma.ballot.update({ where: { proposalId_entryId: { proposalId: id, entryId: b.entryId } }, data: { choice: b.choice } });
    }
  }, 240_000);

  it("fails the text check when the API's copy of the text was altered", async () => {
    const prisma = sys.service.ctx.prisma;
    const id = sys.seed.openProposalId;
    const p0 = await prisma.proposal.findUnique({ where: { id } });
    const doc = await prisma.document.findUnique({ where: { hash: p0!.textHash } });
    await prisma.document.update({ where: { hash: p0!.textHash }, data: { body: `${doc!.body} (amended)` } });
    try {
      const p = await open(`#/verify/${id}`, "en");
      const text = byTestId(p.page, "verify-text");
      await expect.poll(async () => text.getAttribute("data-ok"), { timeout: 120_000 }).toBe("false");
      expect(await byTestId(p.page, "verify-text-verdict").textContent()).toContain("It does not match");
      expect(await byTestId(p.page, "verify-roll").getAttribute("data-ok")).toBe("true");
      await p.close();
    } finally {
      await prisma.document.update({ where: { hash: p0!.textHash }, data: { body: doc!.body } });
    }
  }, 180_000);
});

describe("the result's printed notice", () => {
  it("prints a tallied vote's result on one A4 page with every option's tally, and its QR link opens the verify page, which passes", async () => {
    const id = sys.seed.pastProposalId.toString();
    const p = await open(`#/proposals/${id}`);
    await byTestId(p.page, "result-notice-link").click();
    await byTestId(p.page, "result-notice").waitFor({ timeout: 30_000 });
    expect(await byTestId(p.page, "result-notice-title").textContent()).toBe("表决结果公示");
    const detail = (await (await fetch(`${sys.base}/api/proposals/${id}`)).json()) as { title: string; options: string[]; tallies: { areaCm2: string; headcount: number }[]; outcome: string };
    const facts = (await byTestId(p.page, "result-notice-facts").textContent()) ?? "";
    expect(facts).toContain(`第 ${id} 号：${detail.title}`);
    expect(facts).toContain(detail.outcome === "Passed" ? "通过" : "未");
    // every option's area printed exactly, from integer hundredths of a square metre
    const rows = await byTestId(p.page, "result-notice-tally").locator("tbody tr").allTextContents();
    expect(rows).toHaveLength(detail.options.length);
    detail.options.forEach((name, i) => {
      const a = BigInt(detail.tallies[i]!.areaCm2);
      expect(rows[i]).toContain(name);
      expect(rows[i]).toContain(`${(a / 100n).toLocaleString("en-US")}.${(a % 100n).toString().padStart(2, "0")} 平方米`);
    });
    const url = (await byTestId(p.page, "result-notice-url").textContent()) ?? "";
    expect(url).toMatch(new RegExp(`^${sys.base.replace(/[.]/g, "\\.")}/#/verify/${id}\\?`));
    expect(await readQr(p.page, "result-notice-qr")).toBe(url);
    await p.page.emulateMedia({ media: "print" });
    const pdf = await p.page.pdf({ format: "A4", preferCSSPageSize: true });
    expect(pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g)?.length).toBe(1);
    await p.page.emulateMedia({ media: "screen" });
    // the phone that scans it: a fresh page on the link, which runs the check by itself
    const phone = await open(url.slice(sys.base.length + 1));
    const verdict = byTestId(phone.page, "verify-verdict");
    await expect.poll(async () => verdict.getAttribute("data-stage"), { timeout: 120_000 }).toBe("done");
    expect(await verdict.getAttribute("data-ok")).toBe("true");
    expect(p.errors).toEqual([]);
    expect(phone.errors).toEqual([]);
    await p.close();
    await phone.close();
  }, 240_000);
});
