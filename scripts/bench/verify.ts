/**
 * `npm run bench:verify` (or `npm run bench -- --only verify`): how long checking the
 * whole-community demo vote takes, measured in one run on one Anvil node with the demo community:
 *
 *  - reference: plain `eth_getLogs` of the same two contracts over the same blocks (no decoding),
 *    the least any verifier reading the chain must wait for;
 *  - the CLI verifier (`checkProposal`, as `npm run verify` runs it) without and with --api;
 *  - the verify page in Chromium: the chain check (node, contracts, logs, roll, recount, result,
 *    text) until its verdict shows, and then the comparison of every ballot with the API's.
 *
 * The chain checks are run RUNS times (BENCH_RUNS, default 5) after one warm-up, and the table
 * shows the median; the comparisons with the API (the roll read in pages of 200, about a second)
 * are run once. Each time is also given as its ratio to the reference. Prints the table and writes it to the README between verifybench markers;
 * `--no-write` only prints.
 */
import path from "node:path";
import type { Page } from "playwright-core";
import { checkProposal } from "../../verifier/checkProposal";
import { startDemoSystem, type DemoSystem } from "../lib/demoSystem";
import { writeReadmeSection } from "../lib/readmeSection";

const ROOT = path.resolve(__dirname, "../..");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** The page's chain check of the whole-community vote must take at most this. */
export const PAGE_TARGET_MS = 1500;
const log = (m: string) => console.error(`[bench:verify] ${m}`);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function runs(what: string, fn: () => Promise<number>): Promise<number[]> {
  await fn(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) out.push(await fn());
  log(`${what}: ${out.map((x) => x.toFixed(0)).join(", ")} ms`);
  return out;
}

async function plainGetLogs(sys: DemoSystem): Promise<number> {
  const rpc = async (method: string, params: unknown[]) => {
    const res = await fetch(sys.anvil.rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
    const body = (await res.json()) as { result?: unknown; error?: unknown };
    if (body.error !== undefined) throw new Error(JSON.stringify(body.error));
    return body.result;
  };
  return timed(async () => {
    const head = (await rpc("eth_blockNumber", [])) as string;
    const from = `0x${BigInt(sys.deployment.deployBlock).toString(16)}`;
    const logs = await Promise.all(
      [sys.deployment.registry, sys.deployment.voting].map((address) => rpc("eth_getLogs", [{ address, fromBlock: from, toBlock: head }])),
    );
    if ((logs as unknown[][]).some((l) => l.length === 0)) throw new Error("no logs");
  });
}

async function cli(sys: DemoSystem, proposalId: bigint, withApi: boolean): Promise<number> {
  let exit = -1;
  const ms = await timed(async () => {
    const r = await checkProposal({
      rpcUrl: sys.anvil.rpcUrl,
      registry: sys.deployment.registry,
      voting: sys.deployment.voting,
      fromBlock: BigInt(sys.deployment.deployBlock),
      expectedChainId: sys.deployment.chainId,
      addressSource: { kind: "flags" },
      proposalId,
      apiUrl: withApi ? sys.base : undefined,
    });
    exit = r.exitCode;
  });
  if (exit !== 0) throw new Error(`the CLI verifier exited ${exit}`);
  return ms;
}

/**
 * The page's own timing of its chain check (from the start of the check to its verdict, as the
 * page records it in data-ms) and, with `ballots`, of the comparison of every ballot with the API.
 */
async function pageRun(page: Page, sys: DemoSystem, proposalId: bigint, ballots: boolean): Promise<{ chainMs: number; ballotsMs: number | null }> {
  await page.goto(`${sys.base}/#/`);
  await page.goto(`${sys.base}/#/verify/${proposalId}`);
  const verdict = page.locator('[data-testid="verify-verdict"][data-ok]');
  await verdict.waitFor({ timeout: 120_000 });
  if ((await verdict.getAttribute("data-ok")) !== "true") throw new Error("the verify page did not verify");
  const chainMs = Number(await verdict.getAttribute("data-ms"));
  if (!ballots) return { chainMs, ballotsMs: null };
  const card = page.locator('[data-testid="verify-api-ballots"][data-ok]');
  await card.waitFor({ timeout: 600_000 });
  if ((await card.getAttribute("data-ok")) !== "true") throw new Error("the verify page found ballot differences");
  return { chainMs, ballotsMs: Number(await card.getAttribute("data-ms")) };
}

export async function benchVerify(write: boolean): Promise<void> {
  const sys = await startDemoSystem(log);
  try {
    const proposalId = sys.seed.pastProposalId;
    const ballots = await sys.service.ctx.prisma.ballot.count({ where: { proposalId } });
    log(`proposal ${proposalId}: ${ballots} counted ballots`);
    const reference = await runs("plain getLogs", () => plainGetLogs(sys));
    const cliChain = await runs("CLI, chain only", () => cli(sys, proposalId, false));
    const page = await sys.browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const pageChain = await runs("page, chain check", async () => (await pageRun(page, sys, proposalId, false)).chainMs);
    log("the API comparisons, once each…");
    const cliApi = [await cli(sys, proposalId, true)];
    const pageBallots = [(await pageRun(page, sys, proposalId, true)).ballotsMs ?? NaN];
    log(`CLI with --api ${cliApi[0]!.toFixed(0)} ms; page, every ballot ${pageBallots[0]!.toFixed(0)} ms`);
    if (errors.length > 0) throw new Error(`page errors: ${errors.join("; ")}`);

    const ref = median(reference);
    const rows: [string, number, string][] = [
      ["reference: plain `eth_getLogs` of both contracts, all blocks (no decoding)", ref, "—"],
      ["CLI verifier (`npm run verify`), chain only", median(cliChain), "—"],
      [`verify page in Chromium: chain check until the verdict (target ≤ ${PAGE_TARGET_MS / 1000} s)`, median(pageChain), median(pageChain) <= PAGE_TARGET_MS ? "✓" : "✗"],
      ["CLI verifier with `--api` (every ballot compared; one run)", cliApi[0]!, "—"],
      ["verify page: then every ballot compared with the API's (one run)", pageBallots[0]!, "—"],
    ];
    const table = [
      `| measurement (proposal ${proposalId}, whole community, ${ballots.toLocaleString("en-US")} counted ballots; chain checks median of ${RUNS}) | ms | ratio to reference | target |`,
      "| --- | ---: | ---: | --- |",
      ...rows.map(([what, ms, target]) => `| ${what} | ${ms.toFixed(0)} | ${(ms / ref).toFixed(1)} | ${target} |`),
    ].join("\n");
    console.log(table);
    if (write) {
      const text = `Latest run (${new Date().toISOString().slice(0, 10)}):\n\n${table}`;
      if (!writeReadmeSection(path.join(ROOT, "README.md"), "verifybench", text)) log("README.md has no verifybench markers; table not written");
    }
  } finally {
    await sys.stop();
  }
}

if (require.main === module) {
  benchVerify(!process.argv.includes("--no-write")).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
