/**
 * `npm run bench`: gas and throughput of owner voting, measured in one run on one Anvil node
 * against an unmodified OpenZeppelin Governor (GovernorCountingSimple) deployed beside it: the
 * gas of a ballot, then the whole community's vote through the API (./communityVote.ts) against
 * the same number of castVoteBySig transactions (./governorReference.ts), with the ratio and the
 * phase breakdown of the ledger's time (./phases.ts, ./report.ts). Prints the tables and writes
 * the figures to scripts/bench/results/latest.json (and a dated copy) and the README; with
 * `--voters N` (or BENCH_VOTERS=N) only the first N voter entries vote, and nothing is written.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { keccak256, toHex } from "viem";
import { ownerVotingAbi } from "../../chain/abi";
import { CommitteeKind } from "../../chain/typedData";
import { buildRoll } from "../../domain/electorate";
import { makeClients } from "../../ledger-api/src/chain/clients";
import { startService } from "../../ledger-api/src/service";
import { demoDistrictAdmin, demoSupervisor, generateDemoCommunity } from "../demo/generateCommunity";
import { ANVIL_RELAYER_KEY, fund, startAnvil } from "../lib/anvil";
import { deployLedger } from "../lib/deploy";
import { LedgerDriver } from "../lib/ledgerDriver";
import { multiproofBatchArgs } from "../../chain/relayedBallots";
import { writeReadmeSection } from "../lib/readmeSection";
import { demoRollInput, seedDemo } from "../lib/seedDemo";
import { runCommunityVote } from "./communityVote";
import { deployReferenceGovernor, measureGovernorGas, prepareReferenceVote, runReferenceVote } from "./governorReference";
import { compareVote, comparisonJson, comparisonMarkdown } from "./report";
import { ensureContractsCompiled } from "../lib/build";
import { benchVerify } from "./verify";
import { benchFund } from "./fund";
import { benchDocuments } from "./documents";

const ROOT = path.resolve(__dirname, "../..");
const DAY = 86_400n;
const OZ_MEASURED = 97_639; // castVoteBySig in ../shared/TOOLCHAIN.md, for reference only
const CONCURRENCY = 16;
const log = (m: string) => console.error(`[bench] ${m}`);

/** `--voters N` (or BENCH_VOTERS=N): vote with the first N voter entries only, for development. */
function votersOption(): number | null {
  const i = process.argv.indexOf("--voters");
  const raw = i >= 0 ? process.argv[i + 1] : process.env.BENCH_VOTERS;
  if (raw === undefined || raw === "") return null;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < 1) throw new Error(`--voters wants a positive integer, not ${raw}`);
  return v;
}

async function main() {
  // `--only verify`: the verify benchmark alone (./verify.ts, also `npm run bench:verify`).
  const only = process.argv.indexOf("--only");
  if (only >= 0) {
    const what = process.argv[only + 1];
    if (what === "verify") await benchVerify(!process.argv.includes("--no-write"));
    else if (what === "fund") await benchFund(!process.argv.includes("--no-write"));
    else if (what === "documents") await benchDocuments(!process.argv.includes("--no-write"));
    else throw new Error(`--only wants "verify", "fund" or "documents", not ${what ?? "nothing"}`);
    return;
  }
  // A fresh clone has not compiled the contracts yet: the ledger is deployed from their artifacts.
  ensureContractsCompiled(log);
  const votersLimit = votersOption();
  const anvil = await startAnvil();
  const admin = demoDistrictAdmin();
  await fund(anvil.rpcUrl, admin.address);
  const deployment = await deployLedger({ rpcUrl: anvil.rpcUrl, adminKey: admin.privateKey, supervisors: [demoSupervisor().address] });
  const { publicClient: client, wallet } = makeClients(deployment.chainId, anvil.rpcUrl, ANVIL_RELAYER_KEY);
  const driver = new LedgerDriver(client, wallet, deployment);
  log("seeding the demo community (3,109 units)…");
  const seed = await seedDemo(driver);
  const demo = generateDemoCommunity();
  const keyOf = new Map(demo.owners.map((o) => [o.address.toLowerCase(), o.privateKey]));
  const committeeKeys = demo.committee.members.slice(0, 3).map((m) => m.privateKey);

  // ── OpenZeppelin reference
  log("measuring the OpenZeppelin Governor reference…");
  const ref = await deployReferenceGovernor(anvil.rpcUrl, deployment.chainId, ANVIL_RELAYER_KEY);
  const oz = await measureGovernorGas(ref);

  // ── two whole-community proposals: A for gas, B for the API run
  const roll = buildRoll(demoRollInput(demo, { kind: 0, ids: [] }));
  const publish = async (title: string, options = ["同意", "反对", "弃权"]) => {
    const votingStart = (await driver.now()) + 15n * DAY + 3600n;
    const input = {
      communityId: seed.communityId,
      matter: 9,
      scopeKind: 0,
      scopeIds: [],
      adHoc: false,
      votingStart,
      votingEnd: votingStart + 30n * DAY,
      title,
      textHash: keccak256(toHex(title)),
      options,
      namedChoice: options.length !== 3,
      rollRoot: roll.root,
      totalAreaCm2: roll.totalAreaCm2,
      totalHeadcount: roll.totalHeadcount,
      entryCount: roll.entryCount,
    };
    const receipt = await driver.committee(seed.communityId, CommitteeKind.PublishProposal, [input], committeeKeys);
    const id = (await client.readContract({ address: deployment.voting, abi: ownerVotingAbi, functionName: "proposalCount" })) as bigint;
    return { id, gas: Number(receipt.gasUsed), votingStart, votingEnd: input.votingEnd };
  };
  // a fresh proposal for each gas measurement, so that no batch finds words another has written
  const a = await publish("bench A: single ballots");
  const aOrdered = await publish("bench A: batch in roll order");
  const aOrderedMp = await publish("bench A: multiproof batch in roll order");
  const aRandom = await publish("bench A: batch in random order");
  const aRandomMp = await publish("bench A: multiproof batch in random order");
  const aNamedMp = await publish("bench A: multiproof batch, four named options", ["甲方案", "乙方案", "丙方案", "弃权"]);
  const b = await publish("bench B");
  await driver.increaseTime(b.votingStart - (await driver.now()));

  const voters = roll.entries.filter((e) => e.voters.length > 0);
  const ballotFor = async (proposalId: bigint, e: (typeof voters)[number], deadline: bigint) => {
    const voter = e.voters[0]!;
    const signature = await driver.signBallot(keyOf.get(voter)!, proposalId, e.entryId, 0, 1, deadline);
    return { entryId: e.entryId, voter, choice: 0, nonce: 1, deadline, signature };
  };

  // single relayed ballots, at entries spread over the roll (each in its own storage word)
  const singles: number[] = [];
  for (let i = 0; i < 20; i++) {
    const e = voters[i * 97]!;
    const sb = LedgerDriver.signedBallot(roll, await ballotFor(a.id, e, a.votingEnd));
    const r = await driver.send("voting", "castBallot", [a.id, sb]);
    singles.push(Number(r.gasUsed));
  }
  // batches of 100: entries in roll order and in random order; each ballot with its own proof
  // (castBallots) and the batch proven by one multiproof (castBallotsWithMultiproof, the relayer's)
  const batchGas = async (p: { id: bigint; votingEnd: bigint }, entries: (typeof voters)[number][], multiproof: boolean) => {
    const inputs = [];
    for (const e of entries) inputs.push(await ballotFor(p.id, e, p.votingEnd));
    const mp = multiproof ? multiproofBatchArgs(roll, inputs)! : null;
    const r = mp
      ? await driver.send("voting", "castBallotsWithMultiproof", [p.id, mp.ballots, mp.proof, mp.proofFlagBits])
      : await driver.send("voting", "castBallots", [p.id, inputs.map((i) => LedgerDriver.signedBallot(roll, i))]);
    const counted = (await client.readContract({ address: deployment.voting, abi: ownerVotingAbi, functionName: "tallyOf", args: [p.id, 0] })).headcount;
    if (r.status !== "success" || counted !== entries.length) throw new Error(`batch counted ${counted} of ${entries.length}`);
    return Number(r.gasUsed) / entries.length;
  };
  const ordered = await batchGas(aOrdered, voters.slice(1000, 1100), false);
  const orderedMp = await batchGas(aOrderedMp, voters.slice(1000, 1100), true);
  let x = 12345;
  const random: (typeof voters)[number][] = [];
  const used = new Set<number>();
  while (random.length < 100) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const i = x % voters.length;
    if (!used.has(i)) {
      used.add(i);
      random.push(voters[i]!);
    }
  }
  const randomGas = await batchGas(aRandom, random, false);
  const randomMpGas = await batchGas(aRandomMp, random, true);
  const namedMpGas = await batchGas(aNamedMp, random, true);

  // ── the whole community: the OZ reference first (nothing else running on the machine), then
  // the same number of ballots through the API; every signature is made before its timing starts
  const electorate = votersLimit === null ? voters : voters.slice(0, votersLimit);
  log(`reference: ${electorate.length} castVoteBySig transactions from ${CONCURRENCY} clients (set-up and signing not timed)…`);
  const prepared = await prepareReferenceVote(ref, { voters: electorate.length, clients: CONCURRENCY });
  const reference = await runReferenceVote(ref, prepared);
  if (reference.succeeded !== reference.votes || reference.counted !== reference.votes || reference.voteCastEvents !== reference.votes) {
    throw new Error(`reference: ${reference.succeeded} receipts succeeded, ${reference.voteCastEvents} VoteCast, ${reference.counted} counted, of ${reference.votes}`);
  }
  log(`reference: ${(reference.ms / 1000).toFixed(2)} s`);

  log(`whole-community vote: ${electorate.length} voter entries through the API…`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ledger-bench-"));
  const service = await startService({
    deployment,
    rpcUrl: anvil.rpcUrl,
    relayerKey: ANVIL_RELAYER_KEY,
    database: { databaseUrl: process.env.DATABASE_URL || undefined, dataDir: path.join(dataDir, "db") },
    port: 0,
  });
  const bodies: string[] = [];
  for (const e of electorate) {
    const bb = await ballotFor(b.id, e, b.votingEnd);
    bodies.push(JSON.stringify({ ...bb, proposalId: b.id.toString(), deadline: bb.deadline.toString() }));
  }
  const vote = await runCommunityVote({ service, rpcUrl: anvil.rpcUrl, proposalId: b.id, bodies, concurrency: CONCURRENCY });
  await service.stop();
  await anvil.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  const comparison = compareVote(vote, reference);

  const avg = (xs: number[]) => Math.round(xs.reduce((s, v) => s + v, 0) / xs.length);
  const ozVote = oz.castVoteBySig;
  const results = {
    date: new Date().toISOString(),
    machine: `${os.cpus().length} cores, Node ${process.version}`,
    node: "Anvil 1.7.1 (cancun)",
    gas: {
      ozCastVoteBySig: ozVote,
      ozCastVoteBySigFirst: oz.first,
      singleRelayedBallot: avg(singles),
      batchedBallotRollOrder: Math.round(ordered),
      batchedBallotRandomOrder: Math.round(randomGas),
      multiproofBallotRollOrder: Math.round(orderedMp),
      multiproofBallotRandomOrder: Math.round(randomMpGas),
      multiproofBallotRandomOrderFourOptions: Math.round(namedMpGas),
      publishProposal3109Units: a.gas,
    },
    wholeCommunity: {
      voterEntries: vote.ballots,
      rollEntries: roll.entryCount,
      acceptedSeconds: +((vote.acceptedAt - vote.startedAt) / 1000).toFixed(2),
      onChainAndIndexedSeconds: comparison.endToEndSeconds,
      ballotsPerSecond: Math.round(vote.ballots / comparison.endToEndSeconds),
      relayTransactions: vote.relayTransactions,
      gasPerBallot: Math.round(Number(vote.relayGas) / Math.max(1, vote.confirmed)),
      refused: vote.refused,
      lost: vote.lost,
      doubleCounted: vote.doubleCounted,
      concurrency: vote.concurrency,
      database: process.env.DATABASE_URL ? "postgresql" : "pglite",
    },
    ...comparisonJson(reference, comparison),
  };
  const ratio = (v: number) => (v / ozVote).toFixed(3);
  const n = (v: number) => v.toLocaleString("en-US");
  const rows: [string, string, string, string][] = [
    ["OZ Governor `castVoteBySig` (reference, this run)", n(ozVote), "1.000", "—"],
    ["Relayed ballot, single `castBallot`", n(results.gas.singleRelayedBallot), ratio(results.gas.singleRelayedBallot), `< 1.000 ${results.gas.singleRelayedBallot < ozVote ? "✓" : "✗"}`],
    ...(
      [
        ["batch of 100, one multiproof (the relayer's), entries in random order", results.gas.multiproofBallotRandomOrder],
        ["batch of 100, one multiproof (the relayer's), entries in roll order", results.gas.multiproofBallotRollOrder],
        ["batch of 100, one multiproof, random order, four named options (3-bit lanes)", results.gas.multiproofBallotRandomOrderFourOptions],
        ["batch of 100, a proof per ballot, entries in random order", results.gas.batchedBallotRandomOrder],
        ["batch of 100, a proof per ballot, entries in roll order", results.gas.batchedBallotRollOrder],
      ] as const
    ).map(([what, v]): [string, string, string, string] => [`Relayed ballot, ${what}`, n(v), ratio(v), `≤ 0.250 ${v * 4 <= ozVote ? "✓" : "✗"}`]),
    ["Publish a proposal over 3,109 units", n(a.gas), "—", "one tx ✓"],
  ];
  const w = results.wholeCommunity;
  const md = comparisonMarkdown(reference, comparison);
  const table = [
    "| measurement | gas | ratio to OZ | target |",
    "| --- | ---: | ---: | --- |",
    ...rows.map((r) => `| ${r.join(" | ")} |`),
    "",
    "| whole-community vote through the API | value |",
    "| --- | ---: |",
    `| voter entries (of ${n(w.rollEntries)} in the roll; the rest have no bound owner) | ${n(w.voterEntries)} |`,
    ...md.rows,
    `| all accepted (receipts returned), s | ${w.acceptedSeconds} |`,
    `| all on chain and indexed, s (target ≤ 60) | ${w.onChainAndIndexedSeconds} ${w.onChainAndIndexedSeconds <= 60 ? "✓" : "✗"} |`,
    `| ballots per second | ${w.ballotsPerSecond} |`,
    `| relay transactions; gas per ballot over the whole vote | ${w.relayTransactions}; ${n(w.gasPerBallot)} (${ratio(w.gasPerBallot)} of OZ) |`,
    `| refused / lost / double-counted | ${w.refused} / ${w.lost} / ${w.doubleCounted} |`,
    "",
    `Where the ledger's time goes (${n(results.phases.ballots)} ballots; slowest phase: ${results.phases.slowest}):`,
    "",
    md.phases,
  ].join("\n");
  const context = `${results.machine}; ${results.node}; database ${w.database}; ${w.concurrency} concurrent clients`;
  console.log(table);
  console.log(`\n(${context}; OZ's castVoteBySig measured ${OZ_MEASURED} in TOOLCHAIN.md)`);
  if (votersLimit !== null && votersLimit < voters.length) {
    log(`--voters ${votersLimit}: a development run; README and results/ left as they are`);
    return;
  }
  writeReadmeTable(`Latest run (${results.date.slice(0, 10)}; ${context}):\n\n${table}`);
  const dir = path.join(__dirname, "results");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "latest.json"), JSON.stringify(results, null, 2) + "\n");
  fs.writeFileSync(path.join(dir, `${results.date.slice(0, 10)}.json`), JSON.stringify(results, null, 2) + "\n");
  // The maintenance fund's benchmark, on a chain of its own (./fund.ts; also `npm run bench:fund`).
  await benchFund(true);
  // The documents' benchmark, on a chain of its own (./documents.ts; also `npm run bench:documents`).
  await benchDocuments(true);
}

/** Rewrites the README's benchmark table, between its bench:begin and bench:end markers. */
function writeReadmeTable(text: string): void {
  if (!writeReadmeSection(path.join(ROOT, "README.md"), "bench", text)) log("README.md has no bench:begin/bench:end markers; table not written there");
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
