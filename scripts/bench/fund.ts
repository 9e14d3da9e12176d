/**
 * The maintenance fund's benchmark (`npm run bench:fund`, and the last part of `npm run bench`),
 * on one Anvil node with the demo community and its year of fund history (scripts/lib/seedFund.ts):
 * - gas of a payment held over 1 unit, one building's 72 units and all 3,109 units, per unit
 *   charged, against one OpenZeppelin ERC-20 `transfer` measured on the same node (what paying
 *   each unit's share as its own token transfer would cost per unit);
 * - gas of an interest allocation over the 3,109 units;
 * - time to build one unit's full history and the community's yearly statement: through the API
 *   (the index replayed), by the code the browser runs, in Node (the chain's logs read over RPC
 *   and replayed with the same domain module), and in the demo system's headless Chromium (the
 *   unit's page, its check against the chain, the statement's page: ./fundBrowser.ts);
 * - the reconciliation of the demo's year: the ledger's bank balance against the custodian's.
 * Prints the tables and writes them to the README's fund-bench section (unless --no-write).
 */
import fs from "node:fs";
import path from "node:path";
import { encodeDeployData, encodeFunctionData, keccak256, toHex, type Abi, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { fundLedgerAbi } from "../../chain/abi";
import { readFundEvents } from "../../chain/readFundEvents";
import { CommitteeKind } from "../../chain/typedData";
import { encodeScope, replayFund } from "../../domain/fund/ledgerReplay";
import { periodStatement } from "../../domain/fund/periodStatement";
import { makeClients } from "../../ledger-api/src/chain/clients";
import { generateDemoCommunity } from "../demo/generateCommunity";
import { fund as fundAccount } from "../lib/anvil";
import { startDemoSystem } from "../lib/demoSystem";
import { LedgerDriver } from "../lib/ledgerDriver";
import { writeReadmeSection } from "../lib/readmeSection";
import { demoCustodian } from "../lib/seedFund";
import { measureFundInBrowser } from "./fundBrowser";

const ROOT = path.resolve(__dirname, "../..");
const log = (m: string) => console.error(`[bench:fund] ${m}`);
const BENCH_KEY = keccak256(toHex("community-ledger-bench-fund"));
const RUNS = 5;

/** The first of `times` (in run order) and their median. */
export function firstAndMedian(times: readonly number[]): { first: number; median: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return { first: times[0]!, median: sorted[Math.floor(sorted.length / 2)]! };
}

async function timed(fn: () => Promise<unknown>, runs = RUNS): Promise<{ first: number; median: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return firstAndMedian(times);
}

const fmt = (n: number | bigint) => n.toLocaleString("en-US");
const ms = (n: number) => `${n < 10 ? n.toFixed(1) : Math.round(n).toLocaleString("en-US")} ms`;

export async function benchFund(write: boolean): Promise<string> {
  log("starting the demo system (chain, contracts, a year of fund history, service)…");
  const sys = await startDemoSystem(log);
  try {
    const demo = generateDemoCommunity();
    const { publicClient, wallet } = makeClients(sys.deployment.chainId, sys.anvil.rpcUrl, BENCH_KEY);
    await fundAccount(sys.anvil.rpcUrl, privateKeyToAccount(BENCH_KEY).address);
    const driver = new LedgerDriver(publicClient, wallet, sys.deployment);
    const communityId = sys.seed.communityId;
    const committeeKeys = demo.committee.members.slice(0, demo.committee.threshold).map((m) => m.privateKey);
    const custodian = demoCustodian();

    // The reference: one ERC-20 transfer, on this node.
    const ref = JSON.parse(fs.readFileSync(path.join(ROOT, "artifacts/contracts/bench/ReferenceToken.sol/ReferenceToken.json"), "utf8")) as { abi: Abi; bytecode: Hex };
    const deployHash = await wallet.sendTransaction({ data: encodeDeployData({ abi: ref.abi, bytecode: ref.bytecode, args: [10n ** 24n] }) } as never);
    const token = (await publicClient.waitForTransactionReceipt({ hash: deployHash })).contractAddress!;
    const transfer = async (to: Hex) =>
      (await publicClient.waitForTransactionReceipt({
        hash: await wallet.sendTransaction({ to: token, data: encodeFunctionData({ abi: ref.abi, functionName: "transfer", args: [to, 1000n] }) } as never),
      })).gasUsed;
    await transfer("0x00000000000000000000000000000000000000a1");
    const erc20 = await transfer("0x00000000000000000000000000000000000000a2"); // to a new holder, as each unit would be
    log(`ERC-20 transfer: ${erc20} gas`);

    // Payments: emergency plans (no vote needed) over 1 unit, a building's first 72 accounts, all accounts.
    const state = replayFund(await readFundEvents(publicClient, sys.deployment.fund, communityId, BigInt(sys.deployment.deployBlock)));
    const byBuilding = new Map<number, number[]>();
    for (const a of state.accounts) byBuilding.set(a.buildingId, [...(byBuilding.get(a.buildingId) ?? []), a.accountIndex]);
    const building = [...byBuilding.entries()].find(([, ix]) => ix.length >= 72 && ix[0]! % 8 === 0) ?? [...byBuilding.entries()].find(([, ix]) => ix.length >= 72)!;
    const scopes = [
      { label: "1 unit", accounts: [state.accounts[100]!.accountIndex], kind: 2 },
      { label: `72 units (building ${building[0]})`, accounts: building[1].slice(0, 72), kind: 2 },
      { label: `${fmt(state.accounts.length)} units (community)`, accounts: state.accounts.map((a) => a.accountIndex), kind: 0 },
    ];
    const gasRows: string[] = [];
    const measured: Record<string, number> = {};
    for (const s of scopes) {
      const unitIds = s.accounts.map((i) => state.accounts[i]!.unitId).sort((a, b) => a - b);
      const terms = {
        proposalId: 0n,
        category: 5,
        scopeKind: s.kind,
        scopeIds: s.kind === 0 ? [] : unitIds,
        budgetFen: 10_000_000n,
        payee: "bench",
        textHash: keccak256(toHex(`bench ${s.label}`)),
        quoteHash: keccak256(toHex("q")),
        contractHash: keccak256(toHex("c")),
      };
      await driver.committeeAndSupervisor(communityId, CommitteeKind.CreateEmergencyPlan, [{ communityId, terms, accounts: s.accounts }], committeeKeys, demo.supervisor.privateKey);
      const planId = await publicClient.readContract({ address: sys.deployment.fund, abi: fundLedgerAbi, functionName: "planCount" });
      const scope = encodeScope(s.accounts.map((i) => ({ accountIndex: i, areaCm2: state.accounts[i]!.areaCm2 })));
      const pay = async (seq: number) => {
        const input = { planId, seq, amountFen: BigInt(100 * s.accounts.length + 37), invoiceHash: keccak256(toHex(`inv ${seq}`)), acceptanceHash: `0x${"0".repeat(64)}` as Hex };
        const receipt = await driver.committee(communityId, CommitteeKind.RequestPayment, [input, scope], committeeKeys);
        await driver.custodian(communityId, CommitteeKind.PostPayment, [(planId << 32n) | BigInt(seq), keccak256(toHex(`t ${seq}`))], custodian.privateKey);
        return receipt.gasUsed;
      };
      await pay(1); // the first tranche; the second is measured, as a plan's payments go
      const gas = await pay(2);
      measured[s.label] = Number(gas);
      const perUnit = Number(gas) / s.accounts.length;
      gasRows.push(`| requestPayment over ${s.label} | ${fmt(gas)} | ${fmt(Math.round(perUnit))} | ${(perUnit / Number(erc20)).toFixed(3)} |`);
      log(`payment over ${s.label}: ${gas} gas`);
    }
    const interestReceipt = await driver.custodian(communityId, CommitteeKind.RecordInterest, [communityId, 123_456n, keccak256(toHex("bench interest"))], custodian.privateKey);
    const interestGas = interestReceipt.gasUsed;
    gasRows.push(`| recordInterest over ${fmt(state.accounts.length)} units | ${fmt(interestGas)} | ${fmt(Math.round(Number(interestGas) / state.accounts.length))} | ${(Number(interestGas) / state.accounts.length / Number(erc20)).toFixed(3)} |`);
    gasRows.push(`| reference: one OpenZeppelin ERC-20 transfer | ${fmt(erc20)} | ${fmt(erc20)} | 1.000 |`);
    await sys.service.ctx.indexer.waitFor();

    // Times: one unit's history and the yearly statement, through the API and by the browser's code.
    const unitId = sys.seed.fund.liftUnitId;
    const api = async (url: string) => (await sys.service.app.request(url)).text();
    const statements = JSON.parse(await api(`/api/communities/${communityId}/fund/statements`)) as { statements: { statementId: string; lineCount: number; periodStart: string; periodEnd: string; bankBalanceFen: string; ledgerBalanceFen: string; differenceFen: string }[] };
    const year = statements.statements[0]!;
    const unitApi = await timed(() => api(`/api/communities/${communityId}/fund/units/${unitId}`));
    const statementApi = await timed(() => api(`/api/communities/${communityId}/fund/statement?from=${year.periodStart}&to=${year.periodEnd}`));
    const csvApi = await timed(() => api(`/api/communities/${communityId}/fund/statement?from=${year.periodStart}&to=${year.periodEnd}&format=csv`));
    const readAndReplay = await timed(async () => replayFund(await readFundEvents(publicClient, sys.deployment.fund, communityId, BigInt(sys.deployment.deployBlock))));
    const events = await readFundEvents(publicClient, sys.deployment.fund, communityId, BigInt(sys.deployment.deployBlock));
    const replayOnly = await timed(async () => replayFund(events));
    const replayed = replayFund(events);
    const statementLocal = await timed(async () => periodStatement(replayed, BigInt(year.periodStart), BigInt(year.periodEnd)));

    // The same, in the web client: the demo system's headless Chromium on the service's pages.
    const unitAnswer = JSON.parse(await api(`/api/communities/${communityId}/fund/units/${unitId}`)) as { entries: unknown[] };
    const statementId = String(year.statementId); // the statement the API rows compute
    log(`Chromium: unit ${unitId}'s page and check, statement ${statementId}'s page, ${RUNS} times each…`);
    const web = await measureFundInBrowser({
      browser: sys.browser,
      base: sys.base,
      unitId,
      statementId,
      runs: RUNS,
      expectedEntries: unitAnswer.entries.length,
      expectedLines: year.lineCount,
      log,
    });
    if (web.checkOk.some((ok) => !ok)) throw new Error("the unit check in Chromium found differences");
    if (web.pageErrors.length > 0) throw new Error(`page errors in Chromium: ${web.pageErrors.join("; ")}`);
    const unitPage = firstAndMedian(web.unitPage);
    const unitCheck = firstAndMedian(web.unitCheck);
    const statementPage = firstAndMedian(web.statementPage);
    const timeRows = [
      `| one unit's full history (its ${fmt(unitAnswer.entries.length)} entries, from the fund's ${fmt(replayed.entries.length)} replayed) | API \`GET …/fund/units/{id}\` | ${ms(unitApi.first)} | ${ms(unitApi.median)} |`,
      `| the yearly statement (${fmt(state.accounts.length)} lines, Merkle-sum root) | API \`GET …/fund/statement\` | ${ms(statementApi.first)} | ${ms(statementApi.median)} |`,
      `| the yearly journal as CSV (one row per leg) | API \`…&format=csv\` | ${ms(csvApi.first)} | ${ms(csvApi.median)} |`,
      `| the fund from the chain: ${fmt(events.length)} events read over RPC and replayed | the browser's code, in Node | ${ms(readAndReplay.first)} | ${ms(readAndReplay.median)} |`,
      `| replay alone (every balance and share recomputed) | domain module | ${ms(replayOnly.first)} | ${ms(replayOnly.median)} |`,
      `| the yearly statement from the replay | domain module | ${ms(statementLocal.first)} | ${ms(statementLocal.median)} |`,
      `| one unit's page \`#/fund/units/{id}\` opened until its history (${fmt(web.unitEntries)} entries) is painted | Chromium (headless) | ${ms(unitPage.first)} | ${ms(unitPage.median)} |`,
      `| that unit checked in the browser against the chain (events read over RPC and replayed, \`accountOf\`, the API's answer) until the verdict | Chromium (headless) | ${ms(unitCheck.first)} | ${ms(unitCheck.median)} |`,
      `| the yearly statement's page \`#/fund/statements/{id}\` opened until its lines are painted (all ${fmt(web.statementLines)} fetched, the first ${fmt(web.statementRowsShown)} shown) | Chromium (headless) | ${ms(statementPage.first)} | ${ms(statementPage.median)} |`,
    ];

    // Reconciliation of the demo's year, and the ledger now against the contract.
    const totals = await publicClient.readContract({ address: sys.deployment.fund, abi: fundLedgerAbi, functionName: "totalsOf", args: [communityId] });
    const ledgerNow = replayed.totals.unitFunds + replayed.totals.commonBalance;
    const recon = [
      `| the year's statement (${new Date(Number(year.periodStart) * 1000).toISOString().slice(0, 10)} – ${new Date(Number(year.periodEnd) * 1000).toISOString().slice(0, 10)}) | ${fmt(BigInt(year.ledgerBalanceFen))} | ${fmt(BigInt(year.bankBalanceFen))} | ${year.differenceFen} |`,
      `| now: the replayed ledger against the contract's totals | ${fmt(ledgerNow)} | ${fmt(totals.unitFunds + totals.commonBalance)} | ${ledgerNow - (totals.unitFunds + totals.commonBalance)} |`,
    ];

    const text = [
      `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench:fund\` (Anvil, cancun; the demo community's ${fmt(state.accounts.length)} units and its year of fund history).`,
      "",
      "| transaction | gas | gas per unit | per unit ÷ one ERC-20 transfer |",
      "| --- | ---: | ---: | ---: |",
      ...gasRows,
      "",
      `Targets: a payment over all ${fmt(state.accounts.length)} units within 3,500,000 gas (${measured[scopes[2]!.label]! <= 3_500_000 ? "met" : "NOT met"}), over one building's 72 units within 150,000 (${measured[scopes[1]!.label]! <= 150_000 ? "met" : "NOT met"}); an interest allocation over all units within 3,500,000 (${Number(interestGas) <= 3_500_000 ? "met" : "NOT met"}). A payment writes one storage word per eight units, so 72 units whose accounts do not start on a multiple of eight take one word (about 5,000 gas) more.`,
      "",
      `| what | how | first | median of ${RUNS} |`,
      "| --- | --- | ---: | ---: |",
      ...timeRows,
      "",
      `"The browser's code, in Node" runs the web client's chain reader and replay in Node. The Chromium (headless) rows are the built web client itself, in Debian's Chromium driven by playwright-core, on the pages the service serves, for the unit above and the year's statement (\`scripts/bench/fundBrowser.ts\`). They are timed by the page's clock (\`performance.now()\`): a page from its navigation's start (the HTML, the script, then its API requests), the check from its button pressed (the page's default node, the chain's events from the deploy block); each until the element its \`data-testid\` names is in the page and the next frame is painted. The first run is in a fresh browser context, with nothing cached; the other ${RUNS - 1} load the page again in the same context. The statement page asks the API for the whole computed statement (the row \`GET …/fund/statement\` above: all ${fmt(web.statementLines)} lines with their hashes) and puts ${fmt(web.statementRowsShown)} lines at a time in the table, with a filter and Previous/Next.`,
      "",
      "| reconciliation | ledger's bank balance (fen) | custodian's (fen) | difference |",
      "| --- | ---: | ---: | ---: |",
      ...recon,
    ].join("\n");
    console.log(text);
    if (write) {
      writeReadmeSection(path.join(ROOT, "README.md"), "fund-bench", text);
      log("README fund-bench section written");
    }
    return text;
  } finally {
    await sys.stop();
  }
}

if (typeof require !== "undefined" && require.main === module) {
  benchFund(!process.argv.includes("--no-write")).then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
