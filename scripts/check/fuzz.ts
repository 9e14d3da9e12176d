/**
 * `npm run check:fuzz`: starts a real ledger (Anvil, the contracts, a small community, the
 * service on a temporary PGlite, HTTP on a free port of 127.0.0.1), sends requests generated from
 * the API's own OpenAPI document (FUZZ_REQUESTS, default 10,000, plus FUZZ_RAW raw-socket ones,
 * default 200) and checks: no 5xx, no hang, every 4xx in the documented error shape, every body
 * required, and the chain and the index unchanged afterwards (see ledgerState.ts for what
 * "unchanged" means). Prints the verdict, writes it into the README between the fuzz markers,
 * and exits 0 only when everything holds. FUZZ_SEED repeats a run.
 */
import { execSync } from "node:child_process";
import path from "node:path";
import { ensureContractsCompiled } from "../lib/build";
import { startFuzzLedger } from "./fuzz/ledger";
import { compareStates, ledgerState } from "./fuzz/ledgerState";
import { writeReadmeSection } from "../lib/readmeSection";
import { runFuzz, verdictHolds, verdictTable } from "./fuzz/run";

const ROOT = path.resolve(__dirname, "../..");
const log = (m: string) => console.log(`[fuzz] ${m}`);

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got ${raw}`);
  return n;
}

function commit(): string {
  try {
    const sha = execSync("git rev-parse --short HEAD", { cwd: ROOT }).toString().trim();
    const dirty = execSync("git status --porcelain --untracked-files=no", { cwd: ROOT }).toString().trim() !== "";
    return dirty ? `${sha} + uncommitted changes` : sha;
  } catch {
    return "unknown";
  }
}

async function main() {
  const requests = envInt("FUZZ_REQUESTS", 10_000);
  const raw = envInt("FUZZ_RAW", 200);
  const seed = envInt("FUZZ_SEED", Date.now() % 2 ** 31);
  ensureContractsCompiled(log);
  log("starting a ledger (Anvil, contracts, community, service)…");
  const ledger = await startFuzzLedger();
  const { tb } = ledger;
  let ok = false;
  try {
    await tb.service.ctx.indexer.waitFor();
    const before = await ledgerState(tb.service.ctx.prisma, tb.service.ctx.client);
    log(`sending ${requests} generated requests and ${raw} raw-socket ones to 127.0.0.1:${ledger.port} (seed ${seed})…`);
    const report = await runFuzz({
      host: ledger.host,
      port: ledger.port,
      authToken: ledger.authToken,
      requests,
      rawRequests: raw,
      seed,
      concurrency: 8,
      deadlineMs: 20_000,
      rawBoundMs: (ledger.requestTimeoutSeconds + 10) * 1000,
      hints: ledger.hints,
    });
    // Let the relayer and the indexer do whatever the requests might have started.
    await new Promise((r) => setTimeout(r, 2000));
    await tb.service.ctx.indexer.waitFor();
    const after = await ledgerState(tb.service.ctx.prisma, tb.service.ctx.client);
    const cmp = compareStates(before, after);
    const stateOk = cmp.chainUnchanged && cmp.changedTables.length === 0 && cmp.badDrafts.length === 0 && cmp.badDocuments.length === 0;
    ok = verdictHolds(report) && stateOk;

    const check = (b: boolean) => (b ? "✓" : "✗");
    const date = new Date().toISOString().slice(0, 10);
    const lines = [
      `Latest run (${date}, commit ${commit()}; seed ${seed}; Node ${process.version}): ${report.requests.toLocaleString("en")} requests generated from \`/openapi.json\` and ${report.rawRequests} over raw sockets in ${report.seconds.toFixed(0)} s — **${ok ? "passed" : "FAILED"}**.`,
      "",
      verdictTable(report),
      "",
      "| check | result |",
      "| --- | --- |",
      `| answers of 5xx | ${report.total.server5xx} ${check(report.total.server5xx === 0)} |`,
      `| hangs (no answer within 20 s; raw sockets: neither answered nor closed within ${ledger.requestTimeoutSeconds + 10} s) | ${report.total.hangs} ${check(report.total.hangs === 0)} |`,
      `| 4xx not in the documented error shape | ${report.total.badShape} ${check(report.total.badShape === 0)} |`,
      `| routes with a body not marked \`required\` | ${report.bodiesNotRequired.length} ${check(report.bodiesNotRequired.length === 0)} |`,
      `| chain head (block ${after.chainHead.number}) | ${cmp.chainUnchanged ? "unchanged" : `moved from ${before.chainHead.number}`} ${check(cmp.chainUnchanged)} |`,
      `| index tables and relay queue (${Object.keys(after.tables).length} tables, ${Object.values(after.tables).reduce((a, t) => a + t.rows, 0)} rows, hashed) | ${cmp.changedTables.length === 0 ? "unchanged" : `changed: ${cmp.changedTables.join(", ")}`} ${check(cmp.changedTables.length === 0)} |`,
      `| drafts: earlier ones unchanged, new ones only collecting signatures | ${cmp.newDrafts} new, ${cmp.badDrafts.length} wrong ${check(cmp.badDrafts.length === 0)} |`,
      `| stored documents: only proposal texts of new drafts | ${cmp.newDocuments} new, ${cmp.badDocuments.length} wrong ${check(cmp.badDocuments.length === 0)} |`,
      "",
      `Statuses: ${Object.entries(report.statuses)
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([s, n]) => `${s} × ${n}`)
        .join(", ")}.`,
    ];
    const text = lines.join("\n");
    console.log(`\n${text}\n`);
    if (report.examples.length > 0) console.log(`examples:\n  ${report.examples.join("\n  ")}`);
    if (cmp.badDrafts.length > 0) console.log(`drafts: ${cmp.badDrafts.slice(0, 10).join("; ")}`);
    if (writeReadmeSection(path.join(ROOT, "README.md"), "fuzz", text)) log("verdict written to README.md");
    else log("README.md has no fuzz:begin/fuzz:end markers; verdict not written there");
  } finally {
    await tb.stop();
  }
  log(ok ? "verdict: passed" : "verdict: FAILED");
  process.exit(ok ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
