/**
 * `npm run check:faults [-- --voters N] [--only name,name]`: runs every fault scenario (see
 * faults/scenarios.ts), prints a verdict table with counts, writes it into the README between
 * its faults:begin and faults:end markers, and exits 0 only when every scenario ends with 0 lost,
 * 0 doubled, 0 untrue receipts and an index equal to a fresh rebuild.
 */
import { execSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { writeReadmeSection } from "../lib/readmeSection";
import { SCENARIOS } from "./faults/scenarios";
import type { Verdict } from "./faults/verdict";
import { ensureContractsCompiled } from "../lib/build";

const ROOT = path.resolve(__dirname, "../..");
const log = (m: string) => console.error(`[faults] ${m}`);

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

export function verdictTable(verdicts: Verdict[]): string {
  const rows = verdicts.map(
    (v) =>
      `| ${v.scenario} | ${v.ballots} | ${v.accepted} | ${v.onChain} | ${v.indexed} | ${v.lost} | ${v.doubled} | ${v.untrue} | ${v.internalErrors} | ${v.indexDiffers.length === 0 ? "equal" : `differs: ${v.indexDiffers.join(", ")}`} | ${v.seconds} | ${v.ok ? "✓" : "✗"} |`,
  );
  return [
    "| scenario | ballots | accepted | on chain | indexed | lost | doubled | untrue receipts | answers of 500 | index vs fresh rebuild | s | verdict |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |",
    ...rows,
  ].join("\n");
}

function writeReadme(text: string): void {
  if (!writeReadmeSection(path.join(ROOT, "README.md"), "faults", text)) log("README has no faults:begin/faults:end markers: table not written");
}

/** Each scenario is bounded: one that has not ended by then fails, as it would hang a user. */
const SCENARIO_TIMEOUT_MS = 300_000;

function timedOutVerdict(scenario: string, ballots: number, seconds: number): Verdict {
  return {
    scenario: `${scenario} (timed out)`,
    ballots,
    accepted: 0,
    onChain: 0,
    indexed: 0,
    lost: 0,
    doubled: 0,
    untrue: 0,
    indexDiffers: ["not judged"],
    lostJobs: [],
    refused: 0,
    internalErrors: 0,
    clientRetries: 0,
    seconds: +seconds.toFixed(1),
    ok: false,
  };
}

async function main() {
  // A fresh clone has not compiled the contracts yet: the ledger is deployed from their artifacts.
  ensureContractsCompiled(log);
  const voters = Number(arg("voters") ?? 500);
  const only = arg("only")?.split(",");
  const chosen = SCENARIOS.filter((s) => !only || only.includes(s.name));
  const verdicts: Verdict[] = [];
  for (const s of chosen) {
    log(`${s.name}: ${s.what} (${voters} ballots)…`);
    const t0 = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<Verdict>((resolve) => {
      timer = setTimeout(() => resolve(timedOutVerdict(s.name, voters, (Date.now() - t0) / 1000)), SCENARIO_TIMEOUT_MS);
    });
    const v = await Promise.race([s.run({ voters, log }), timedOut]);
    clearTimeout(timer);
    if (v.lostJobs.length > 0) log(`${s.name}: not on chain: ${v.lostJobs.slice(0, 5).join("; ")}`);
    verdicts.push(v);
  }
  const table = verdictTable(verdicts);
  console.log(table);
  const commit = (() => {
    try {
      return execSync("git rev-parse --short HEAD", { cwd: ROOT }).toString().trim();
    } catch {
      return "unknown";
    }
  })();
  const what = chosen.map((s) => `**${s.name}**: ${s.what}`).join("; ");
  if (!only) {
    writeReadme(`Latest run (${new Date().toISOString().slice(0, 10)}, commit ${commit}; ${os.cpus().length} cores, Node ${process.version}; ${voters} owners each submitting one signed ballot from ${16} concurrent clients that retry on connection errors):\n\n${table}\n\n${what}.`);
  }
  const ok = verdicts.every((v) => v.ok);
  console.log(ok ? "verdict: every scenario ended with nothing lost, doubled or misreported" : "verdict: FAILED");
  process.exit(ok ? 0 : 1);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error((err as Error).stack ?? String(err));
    process.exit(2);
  });
}
