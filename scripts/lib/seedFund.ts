/**
 * The demo's maintenance-fund history, about a year of it, on chain through the contracts (every
 * act signed by whoever takes it: the committee, the custodian, the supervisor, owners):
 * first deposits of every unit at the city's rate; common income from ads and parking each
 * quarter; a lift repair in building 5 voted by its owners and paid in two tranches, the second
 * with its acceptance report, then rated by owners; a roof repair over compound 2; an emergency
 * repair of a burst pipe in building 12 (committee and supervisor, no vote) with its statement
 * published in time; interest each quarter; top-ups of units the lift left below 30 % of their
 * first deposit; a sale (the unit's account stays with the unit); and the year's statement,
 * published by the committee and confirmed by the custodian's bank balance.
 */
import { hashTypedData, keccak256, toHex, type Address, type Hex } from "viem";
import { privateKeyToAccount, sign } from "viem/accounts";
import { fundLedgerAbi } from "../../chain/abi";
import { readFundEvents } from "../../chain/readFundEvents";
import { textHashOf } from "../../chain/textHash";
import { CommitteeKind, fundReportsDomain, workRatingTypes } from "../../chain/typedData";
import { proofFor, type ElectorateRoll } from "../../domain/electorate";
import { encodeScope, replayFund, type ScopeEntry } from "../../domain/fund/ledgerReplay";
import { periodStatement } from "../../domain/fund/periodStatement";
import { firstDepositFen } from "../../domain/fund/rules";
import { demoPrivateKey, type DemoCommunity } from "../demo/generateCommunity";
import { demoFileHash, type DemoFile } from "./demoFiles";
import type { LedgerDriver } from "./ledgerDriver";

const DAY = 86_400n;
export const CUSTODIAN_KEY_TAG = "community-ledger-demo-custodian";
/** The demo's custodian (the bank that holds the fund). */
export const demoCustodian = () => {
  const privateKey = demoPrivateKey(CUSTODIAN_KEY_TAG, 0);
  return { privateKey, address: privateKeyToAccount(privateKey).address };
};

/** The city's rate: 120 yuan per m² of exclusive area, in fen. */
export const DEMO_RATE_FEN_PER_M2 = 12_000n;
export const LIFT_BUILDING = 5;
export const PIPE_BUILDING = 12;
export const ROOF_COMPOUND = 2;
/** How long the fund's history takes on the chain's clock. */
export const FUND_HISTORY_SECONDS = 372n * DAY;

export const FUND_TEXTS = {
  lift: {
    title: "5 栋电梯大修（使用维修资金）",
    text: "5 栋两部电梯主机与曳引钢丝绳磨损，年检整改通知要求大修。拟使用 5 栋业主分户账中的维修资金，预算 75 万元，分两期支付（预付 40%，验收合格后付清），由 5 栋业主按专有部分面积分摊。\n\nOverhaul of the two lifts of building 5 (machines and ropes worn, ordered by the annual inspection), budget 750,000 yuan from building 5's maintenance fund, paid in two tranches (40 % in advance, the rest after acceptance), apportioned by exclusive area.",
  },
  roof: {
    title: "二期屋面防水翻修（使用维修资金）",
    text: "二期各栋屋面防水层老化，顶层多户渗漏。拟使用二期业主分户账中的维修资金翻修屋面防水，预算 45 万元，由二期业主按专有部分面积分摊。\n\nRe-waterproofing the roofs of compound 2 (leaks in top-floor flats), budget 450,000 yuan from compound 2's maintenance fund, apportioned by exclusive area.",
  },
} as const;

/** What the owners who rate the lift's work write (the service keeps the texts, the chain their hashes). */
export const FUND_RATING_COMMENTS = ["运行平稳，噪音小了", "施工期间通知及时", "很好", "工期拖了一周", "满意", "谢谢业委会"] as const;

/**
 * The unit the demo's year sells. The demo data's owner of it is the buyer; until the sale a
 * previous owner held it (seedDemo binds the previous owner, the sale binds the buyer), so the
 * rolls of the votes that follow are those of the demo data.
 */
export function demoSale(demo: DemoCommunity) {
  const unit = demo.units.find((u) => u.buildingId === 20 && !u.developerHeld && demo.bindings.filter((b) => b.unitId === u.unitId).length === 1)!;
  const binding = demo.bindings.find((b) => b.unitId === unit.unitId)!;
  return {
    unit,
    binding,
    previousOwner: privateKeyToAccount(demoPrivateKey("community-ledger-demo-previous-owner", 0)).address,
    previousIdentity: keccak256(toHex("demo previous owner identity")),
  };
}

/** The texts of the sources of the demo's common income in its quarter `quarter` (1–4): ads, parking. */
export function demoCommonIncomeSources(quarter: number): [string, string] {
  return [`电梯广告 Q${quarter}`, `地面停车 Q${quarter}`];
}

export interface FundSeedResult {
  custodian: Address;
  liftPlanId: bigint;
  roofPlanId: bigint;
  emergencyPlanId: bigint;
  statementId: bigint;
  /** A unit of building 5 (its lift paid from it) and a unit sold during the year. */
  liftUnitId: number;
  soldUnitId: number;
  /** the year's documents, whose hashes its records carry on chain (demoFiles.ts) */
  files: DemoFile[];
}

type Publish = (
  matter: number,
  scope: { kind: 0 | 1 | 2; ids: number[] },
  texts: { title: string; text: string },
  votingDays?: bigint,
) => Promise<{ proposalId: bigint; votingStart: bigint; votingEnd: bigint; roll: ElectorateRoll }>;
type VoteShare = (proposalId: bigint, roll: ElectorateRoll, deadline: bigint, share: number, split: [number, number, number], salt: number) => Promise<Set<number>>;

export async function seedFundHistory(
  driver: LedgerDriver,
  demo: DemoCommunity,
  communityId: bigint,
  committeeKeys: readonly Hex[],
  keyOf: ReadonlyMap<string, Hex>,
  votes: { publish: Publish; voteShare: VoteShare },
  log: (m: string) => void,
): Promise<FundSeedResult> {
  const start = await driver.now();
  const at = async (day: bigint) => {
    const behind = start + day * DAY - (await driver.now());
    if (behind > 0n) await driver.increaseTime(behind);
  };
  const custodian = demoCustodian();
  const committee = (kind: CommitteeKind, args: readonly unknown[]) => driver.committee(communityId, kind, args, committeeKeys);
  // Every document the year's records carry on chain is a real (small) PDF, kept by `npm start` (demoFiles.ts).
  const files: DemoFile[] = [];
  const file = (kind: DemoFile["kind"], title: string): Hex => {
    const f = { kind, title };
    if (!files.some((x) => x.title === title)) files.push(f);
    return demoFileHash(f);
  };
  const bank = (what: string) => file("bank-record", `Bank record: ${what}`);
  const byCustodian = (kind: CommitteeKind, args: readonly unknown[]) => driver.custodian(communityId, kind, args, custodian.privateKey);

  await driver.setCustodian(demo.supervisor.privateKey, communityId, custodian.address);
  await committee(CommitteeKind.ChangeFundSettings, [
    communityId,
    { depositRateFenPerM2: DEMO_RATE_FEN_PER_M2, emergencyCapFen: 20_000_000n, emergencyReportDays: 30 },
  ]);

  // First deposits, building by building: accounts open in unit order.
  const index = new Map<number, number>();
  const units = [...demo.units];
  for (let i = 0; i < units.length; i += 200) {
    const batch = units.slice(i, i + 200);
    const lines = batch.map((u) => ({ unitId: u.unitId, amountFen: firstDepositFen(u.areaCm2, DEMO_RATE_FEN_PER_M2) }));
    await byCustodian(CommitteeKind.RecordDeposits, [communityId, 1, lines, bank(`first deposits ${i}`)]);
    batch.forEach((u, k) => index.set(u.unitId, i + k));
  }
  log(`${units.length} first deposits at ${DEMO_RATE_FEN_PER_M2 / 100n} yuan/m²`);
  const scopeOf = (pred: (u: (typeof units)[number]) => boolean): { accounts: number[]; scope: ScopeEntry[] } => {
    const chosen = units.filter(pred).sort((a, b) => index.get(a.unitId)! - index.get(b.unitId)!);
    return {
      accounts: chosen.map((u) => index.get(u.unitId)!),
      scope: chosen.map((u) => ({ accountIndex: index.get(u.unitId)!, areaCm2: u.areaCm2 })),
    };
  };
  const commonIncome = async (quarter: number) => {
    const [ads, parking] = demoCommonIncomeSources(quarter);
    await byCustodian(CommitteeKind.RecordCommonIncome, [communityId, 1_800_000n, textHashOf(ads), bank(`ads Q${quarter}`)]);
    await byCustodian(CommitteeKind.RecordCommonIncome, [communityId, 3_600_000n, textHashOf(parking), bank(`parking Q${quarter}`)]);
  };
  const interest = async (quarter: number) => {
    const t = await driver.client.readContract({ address: driver.deployment.fund, abi: fundLedgerAbi, functionName: "totalsOf", args: [communityId] });
    // 1.5 % a year on what the units hold, a quarter at a time.
    await byCustodian(CommitteeKind.RecordInterest, [communityId, (t.unitFunds * 375n) / 100_000n, bank(`interest Q${quarter}`)]);
  };
  await at(2n);
  await commonIncome(1);

  // The lift and roof votes: published together, owners of each scope vote, both pass.
  const compound2 = demo.buildings.filter((b) => b.compound === ROOF_COMPOUND).map((b) => b.buildingId);
  const lift = await votes.publish(5, { kind: 1, ids: [LIFT_BUILDING] }, FUND_TEXTS.lift, 10n);
  const roof = await votes.publish(5, { kind: 1, ids: compound2 }, FUND_TEXTS.roof, 10n);
  // (published a few seconds apart: the later one's window opens and closes a little later)
  const max = (a: bigint, b: bigint) => (a > b ? a : b);
  await driver.increaseTime(max(lift.votingStart, roof.votingStart) - (await driver.now()));
  const liftVoters = await votes.voteShare(lift.proposalId, lift.roll, lift.votingEnd, 0.86, [0.88, 0.09, 0.03], 13);
  await votes.voteShare(roof.proposalId, roof.roll, roof.votingEnd, 0.82, [0.84, 0.12, 0.04], 17);
  await driver.increaseTime(max(lift.votingEnd, roof.votingEnd) - (await driver.now()) + 1n);
  for (const p of [lift, roof]) await driver.send("voting", "finalize", [p.proposalId]);
  await driver.increaseTime(8n * DAY);
  for (const p of [lift, roof]) await driver.send("voting", "confirm", [p.proposalId]);
  log(`fund-use votes ${lift.proposalId} (lift, building ${LIFT_BUILDING}) and ${roof.proposalId} (roof, compound ${ROOF_COMPOUND}) passed`);

  const liftScope = scopeOf((u) => u.buildingId === LIFT_BUILDING);
  const liftPlan = {
    communityId,
    terms: {
      proposalId: lift.proposalId,
      category: 0,
      scopeKind: 1,
      scopeIds: [LIFT_BUILDING],
      budgetFen: 75_000_000n,
      payee: "上海申联电梯工程有限公司",
      textHash: textHashOf(FUND_TEXTS.lift.text),
      quoteHash: file("quote", "Quote: lift overhaul"),
      contractHash: file("contract", "Contract: lift overhaul"),
    },
    accounts: liftScope.accounts,
  };
  await committee(CommitteeKind.CreatePlan, [liftPlan]);
  const liftPlanId = 1n;
  const pay = async (planId: bigint, seq: number, amountFen: bigint, scope: ScopeEntry[], what: string, accepted: boolean) => {
    const input = {
      planId,
      seq,
      amountFen,
      invoiceHash: file("invoice", `Invoice: ${what}`),
      acceptanceHash: accepted ? file("acceptance-report", `Acceptance report: ${what}`) : (`0x${"0".repeat(64)}` as Hex),
    };
    await committee(CommitteeKind.RequestPayment, [input, encodeScope(scope)]);
    await driver.increaseTime(2n * DAY);
    await byCustodian(CommitteeKind.PostPayment, [(planId << 32n) | BigInt(seq), bank(`transfer: ${what}`)]);
  };
  await pay(liftPlanId, 1, 30_000_000n, liftScope.scope, "lift advance", false);
  log("lift repair: first tranche (40 %) paid");

  // Emergency: a burst riser in building 12, before any vote could be held.
  await at(70n);
  const pipeScope = scopeOf((u) => u.buildingId === PIPE_BUILDING);
  const emergency = {
    communityId,
    terms: {
      proposalId: 0n,
      category: 4,
      scopeKind: 1,
      scopeIds: [PIPE_BUILDING],
      budgetFen: 3_800_000n,
      payee: "浦东新区安顺管道维修服务部",
      textHash: textHashOf("12 栋给水立管爆裂，地下室进水，需立即更换立管。Building 12's water riser burst and flooded the basement: replace it at once."),
      quoteHash: file("quote", "Quote: riser"),
      contractHash: file("contract", "Contract: riser"),
    },
    accounts: pipeScope.accounts,
  };
  await driver.committeeAndSupervisor(communityId, CommitteeKind.CreateEmergencyPlan, [emergency], committeeKeys, demo.supervisor.privateKey);
  const emergencyPlanId = 2n;
  await pay(emergencyPlanId, 1, 3_650_000n, pipeScope.scope, "riser replacement", true);
  await at(88n);
  await committee(CommitteeKind.PublishEmergencyReport, [emergencyPlanId, file("emergency-report", "Emergency works statement: riser")]);
  log("emergency repair (burst pipe, building 12) paid and its statement published");

  await at(91n);
  await interest(1);
  await commonIncome(2);

  // Roof repair over compound 2, paid at once after acceptance.
  await at(120n);
  const roofScope = scopeOf((u) => compound2.includes(u.buildingId));
  await committee(CommitteeKind.CreatePlan, [
    {
      communityId,
      terms: {
        proposalId: roof.proposalId,
        category: 0,
        scopeKind: 1,
        scopeIds: compound2,
        budgetFen: 45_000_000n,
        payee: "上海固顶防水工程有限公司",
        textHash: textHashOf(FUND_TEXTS.roof.text),
        quoteHash: file("quote", "Quote: roofs"),
        contractHash: file("contract", "Contract: roofs"),
      },
      accounts: roofScope.accounts,
    },
  ]);
  const roofPlanId = 3n;
  await pay(roofPlanId, 1, 43_800_000n, roofScope.scope, "roofs of compound 2", true);
  log("roof repair (compound 2) paid");

  // The lift's second tranche with its acceptance report; owners of building 5 rate the work.
  await at(150n);
  await pay(liftPlanId, 2, 45_000_000n, liftScope.scope, "lift final", true);
  let rated = 0;
  for (const e of lift.roll.entries) {
    if (rated >= 6 || !liftVoters.has(e.entryId) || e.voters.length !== 1) continue;
    const voter = e.voters[0]!;
    const key = keyOf.get(voter.toLowerCase());
    const leaf = proofFor(lift.roll, e.entryId, voter);
    if (!key || !leaf) continue;
    const stars = [5, 4, 5, 3, 4, 5][rated]!;
    const commentHash = textHashOf(FUND_RATING_COMMENTS[rated]!);
    const deadline = (await driver.now()) + DAY;
    const signature = await sign({
      hash: hashTypedData({
        domain: fundReportsDomain(driver.deployment.chainId, driver.deployment.reports),
        types: workRatingTypes,
        primaryType: "WorkRating",
        message: { planId: liftPlanId, entryId: e.entryId, stars, commentHash, deadline },
      }),
      privateKey: key,
      to: "hex",
    });
    await driver.send("reports", "rateWork", [
      { planId: liftPlanId, entryId: e.entryId, voter: leaf.leaf.voter, areaCm2: leaf.leaf.areaCm2, headcount: leaf.leaf.headcount, stars, commentHash, deadline },
      leaf.proof,
      signature,
    ]);
    rated++;
  }
  log(`lift repair paid in full; ${rated} owners rated the work`);

  await at(182n);
  await interest(2);
  await commonIncome(3);

  // Top-ups (续筹): the lift left building 5's units below 30 % of their first deposit.
  await at(200n);
  const liftUnits = units.filter((u) => u.buildingId === LIFT_BUILDING);
  const topUps = liftUnits.slice(0, 24).map((u) => ({ unitId: u.unitId, amountFen: firstDepositFen(u.areaCm2, DEMO_RATE_FEN_PER_M2) / 2n }));
  await byCustodian(CommitteeKind.RecordDeposits, [communityId, 2, topUps, bank("top-ups building 5")]);
  log(`${topUps.length} units of building ${LIFT_BUILDING} topped up`);

  // A sale: the unit's owner changes; its account stays with the unit.
  await at(220n);
  const sale = demoSale(demo);
  const soldUnit = sale.unit;
  const buyer = demo.owners[sale.binding.ownerIndex]!;
  await committee(CommitteeKind.UnbindOwner, [communityId, soldUnit.unitId, sale.previousOwner, keccak256(toHex(`demo sale contract ${soldUnit.unitId}`))]);
  await committee(CommitteeKind.BindOwners, [
    communityId,
    [
      {
        unitId: soldUnit.unitId,
        owner: buyer.address,
        identityHash: buyer.identityHash,
        evidenceHash: keccak256(toHex(`demo new property certificate ${soldUnit.unitId}`)),
      },
    ],
  ]);
  log(`unit ${soldUnit.label} sold; its account stays with the unit`);

  await at(273n);
  await interest(3);
  await commonIncome(4);
  await at(364n);
  await interest(4);

  // The year's statement: the committee publishes it, the custodian confirms the bank balance.
  await at(366n);
  const state = replayFund(await readFundEvents(driver.client, driver.deployment.fund, communityId, BigInt(driver.deployment.deployBlock)));
  const periodStart = start;
  const periodEnd = start + 365n * DAY;
  const p = periodStatement(state, periodStart, periodEnd)!;
  const statement = {
    communityId,
    periodStart,
    periodEnd,
    root: p.root,
    totalFen: p.totalFen,
    lineCount: p.statement.lines.length,
    ledgerBalanceFen: p.ledgerBalanceFen,
    documentHash: file("statement", `Yearly statement ${periodStart}-${periodEnd}`),
  };
  await committee(CommitteeKind.PublishStatement, [statement]);
  await driver.increaseTime(3n * DAY);
  await byCustodian(CommitteeKind.ConfirmStatement, [1n, p.ledgerBalanceFen, p.ledgerBalanceFen, bank("yearly balance confirmation")]);
  log(`yearly statement published (${p.statement.lines.length} lines, root ${p.root.slice(0, 10)}…) and confirmed by the custodian`);
  await at(FUND_HISTORY_SECONDS / DAY);
  return {
    custodian: custodian.address,
    liftPlanId,
    roofPlanId,
    emergencyPlanId,
    statementId: 1n,
    liftUnitId: liftUnits[30]!.unitId,
    soldUnitId: soldUnit.unitId,
    files,
  };
}
