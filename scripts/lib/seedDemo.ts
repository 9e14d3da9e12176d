/**
 * Seeds the demo community on a fresh development chain: the supervisor creates it with its
 * committee, the committee registers 43 buildings, 3,109 units and the owners, then one past
 * proposal is voted, tallied and confirmed, and one fund-use proposal is opened for voting.
 * Everything goes through the contracts with each actor's own signature.
 *
 * The history is made by moving the chain's clock forward (notice periods, votes, an objection
 * period: about 49 days). `npm start` starts a new chain DEMO_HISTORY_SECONDS in the past, and the
 * seed ends by bringing the clock to the wall clock, so the pages' dates are true of today.
 */
import { keccak256, toHex, type Address, type Hex } from "viem";
import { textHashOf } from "../../chain/textHash";
import { CommitteeKind } from "../../chain/typedData";
import type { PrismaClient } from "../../ledger-api/src/generated/prisma/client";
import { buildRoll, type ElectorateRoll } from "../../domain/electorate";
import { generateDemoCommunity, type DemoCommunity } from "../demo/generateCommunity";
import { DEFAULT_SETTINGS, LedgerDriver } from "./ledgerDriver";
import { FUND_RATING_COMMENTS, FUND_TEXTS, demoCommonIncomeSources, demoSale, seedFundHistory, type FundSeedResult } from "./seedFund";

const DAY = 86_400n;
const BATCH = 400;

/** How far back a new demo chain starts: longer than the history the seed makes (the fund's year, then about 49 days of votes). */
export const DEMO_HISTORY_SECONDS = 422 * 86_400;

export interface SeedResult {
  communityId: bigint;
  pastProposalId: bigint;
  /** Tallied, in its objection period, with one unanswered objection. */
  objectionProposalId: bigint;
  openProposalId: bigint;
  /** The maintenance fund's year (seedFund.ts). */
  fund: FundSeedResult;
  /** An owner who can vote on the open proposal and has not voted yet. */
  demoOwner: { address: Address; privateKey: Hex; entryId: number };
}

export const PROPOSAL_TEXTS = {
  past: {
    title: "修订《幸福里小区管理规约》",
    text: "业主委员会提议修订管理规约第十二条（装修时间）与第二十条（车辆停放），修订全文附后，请全体业主表决。\n\nThe committee proposes amending articles 12 (renovation hours) and 20 (parking) of the management covenant.",
  },
  objection: {
    title: "南门增设电动自行车充电棚",
    text: "拟在南门内侧绿化带旁增设电动自行车集中充电棚（40 个车位），费用由公共收益支出，消防验收后启用。\n\nAdd a covered e-bike charging shed (40 spaces) inside the south gate, paid from common-parts income, in use once it passes the fire inspection.",
  },
  open: {
    title: "3 栋电梯更换（使用维修资金）",
    text: "3 栋两部电梯已运行 18 年，年检提示主机与控制柜老化。拟使用 3 栋业主分户账中的维修资金更换两部电梯，预算 96 万元，由 3 栋业主按专有部分面积分摊。\n\nReplace the two lifts of building 3 (18 years old), budget 960,000 yuan from the maintenance fund of building 3's owners, apportioned by exclusive area.",
  },
} as const;

/** The objection a demo owner has filed against the tallied proposal (its text is off chain). */
export const DEMO_OBJECTION_TEXT =
  "充电棚紧挨 5 栋一楼的窗户，夜间充电有火灾隐患。请业委会说明选址是否经过消防部门认可。\n\nThe shed is right beside the ground-floor windows of building 5; charging at night is a fire risk. Did the fire service approve the site?";

/** The demo's off-chain texts (their hashes are on chain), as the service's Document rows. */
export function demoDocuments(): { hash: Hex; kind: string; body: string }[] {
  return [
    ...[...Object.values(PROPOSAL_TEXTS), ...Object.values(FUND_TEXTS)].map((t) => ({ hash: textHashOf(t.text), kind: "proposal-text", body: t.text })),
    { hash: textHashOf(DEMO_OBJECTION_TEXT), kind: "objection-text", body: DEMO_OBJECTION_TEXT },
    ...FUND_RATING_COMMENTS.map((c) => ({ hash: textHashOf(c), kind: "rating-comment", body: c })),
    ...[1, 2, 3, 4].flatMap((q) => demoCommonIncomeSources(q)).map((body) => ({ hash: textHashOf(body), kind: "common-income-source", body })),
  ];
}

/** Stores the demo's texts as the service keeps documents (the seed puts only their hashes on chain). */
export async function storeDemoDocuments(prisma: PrismaClient): Promise<void> {
  for (const d of demoDocuments()) await prisma.document.upsert({ where: { hash: d.hash }, create: d, update: {} });
}

/** The demo's developer: the one owner whose role is "developer", named on chain by the seed. */
function demoDeveloper(demo: DemoCommunity) {
  const developer = demo.owners.find((o) => o.role === "developer");
  if (!developer) throw new Error("the demo community has no developer");
  return developer;
}

/** The roll input of the demo community as the seed leaves it on chain (its developer named). */
export function demoRollInput(demo: DemoCommunity, scope: { kind: 0 | 1 | 2; ids: number[] }) {
  return {
    units: demo.units.map((u) => ({
      unitId: u.unitId,
      buildingId: u.buildingId,
      areaCm2: u.areaCm2,
      kind: u.kind,
      developerHeld: u.developerHeld,
    })),
    bindings: demo.bindings.map((b) => ({
      unitId: b.unitId,
      owner: demo.owners[b.ownerIndex]!.address.toLowerCase() as Address,
      identityHash: demo.owners[b.ownerIndex]!.identityHash,
    })),
    settings: { excludeParkingArea: DEFAULT_SETTINGS.excludeParkingArea },
    scope,
    developer: demoDeveloper(demo).address.toLowerCase() as Address,
  };
}

export async function seedDemo(driver: LedgerDriver, log: (m: string) => void = () => undefined): Promise<SeedResult> {
  const demo = generateDemoCommunity();
  const committeeKeys = demo.committee.members.slice(0, demo.committee.threshold).map((m) => m.privateKey);
  const keyOf = new Map(demo.owners.map((o) => [o.address.toLowerCase(), o.privateKey]));

  const { communityId } = await driver.createCommunity(
    demo.supervisor.privateKey,
    demo.name,
    DEFAULT_SETTINGS,
    demo.committee.members.map((m) => m.address),
    demo.committee.threshold,
  );
  log(`community ${communityId} created`);
  const committee = (kind: CommitteeKind, args: readonly unknown[]) =>
    driver.committee(communityId, kind, args, committeeKeys);

  await committee(CommitteeKind.RegisterBuildings, [communityId, demo.buildings]);
  for (let i = 0; i < demo.units.length; i += BATCH) {
    await committee(CommitteeKind.RegisterUnits, [communityId, demo.units.slice(i, i + BATCH)]);
  }
  log(`${demo.units.length} units registered`);
  const sale = demoSale(demo);
  const bindings = demo.bindings.map((b) => {
    const o = demo.owners[b.ownerIndex]!;
    // the unit the fund's year sells is held by its previous owner until then
    if (b.unitId === sale.unit.unitId) {
      return { unitId: b.unitId, owner: sale.previousOwner, identityHash: sale.previousIdentity, evidenceHash: keccak256(toHex(`demo-evidence:${b.unitId}:previous`)) };
    }
    return {
      unitId: b.unitId,
      owner: o.address,
      identityHash: o.identityHash,
      evidenceHash: keccak256(toHex(`demo-evidence:${b.unitId}:${b.ownerIndex}`)),
    };
  });
  for (let i = 0; i < bindings.length; i += BATCH) {
    await committee(CommitteeKind.BindOwners, [communityId, bindings.slice(i, i + BATCH)]);
  }
  log(`${bindings.length} owners bound`);
  await committee(CommitteeKind.SetDeveloper, [communityId, demoDeveloper(demo).address]);

  // A year of the maintenance fund, before the votes of the last weeks.
  const fund = await seedFundHistory(
    driver,
    demo,
    communityId,
    committeeKeys,
    keyOf,
    {
      publish: (matter, scope, texts, votingDays) => publish(driver, communityId, committeeKeys, demo, matter, scope, texts, votingDays),
      voteShare: (proposalId, roll, deadline, share, split, salt) => voteShare(driver, proposalId, roll, keyOf, deadline, share, split, salt),
    },
    log,
  );

  // Past proposal: the whole community amends its covenant; 80% take part, most agree.
  // Published with it, a charging shed for the whole community, voted over 34 days: tallied two
  // days before the seed ends, so its objection period runs on "today".
  const past = await publish(driver, communityId, committeeKeys, demo, 2, { kind: 0, ids: [] }, PROPOSAL_TEXTS.past);
  const shed = await publish(driver, communityId, committeeKeys, demo, 9, { kind: 0, ids: [] }, PROPOSAL_TEXTS.objection, 34n);
  // (published a moment apart: the shed's window opens a little after the covenant's)
  await driver.increaseTime((past.votingStart > shed.votingStart ? past.votingStart : shed.votingStart) - (await driver.now()));
  await voteShare(driver, past.proposalId, past.roll, keyOf, past.votingEnd, 0.8, [0.74, 0.2, 0.06], 7);
  const shedVoted = await voteShare(driver, shed.proposalId, shed.roll, keyOf, shed.votingEnd, 0.78, [0.7, 0.24, 0.06], 5);
  await driver.increaseTime(past.votingEnd - (await driver.now()));
  await driver.send("voting", "finalize", [past.proposalId]);
  await driver.increaseTime(BigInt(DEFAULT_SETTINGS.objectionDays) * DAY);
  await driver.send("voting", "confirm", [past.proposalId]);
  log(`past proposal ${past.proposalId} decided`);

  // Open proposal: building 3's owners decide on replacing their lifts with their fund.
  const open = await publish(driver, communityId, committeeKeys, demo, 5, { kind: 1, ids: [3] }, PROPOSAL_TEXTS.open, 30n);
  await driver.increaseTime(open.votingStart - (await driver.now()));
  const voted = await voteShare(driver, open.proposalId, open.roll, keyOf, open.votingEnd, 0.35, [0.8, 0.15, 0.05], 11);
  const candidate = open.roll.entries.find((e) => e.voters.length === 1 && !voted.has(e.entryId) && !e.developer);
  if (!candidate) throw new Error("no demo owner left to vote");
  const address = candidate.voters[0]!;

  // The shed's vote closes and is tallied; an owner who voted objects to it.
  await driver.increaseTime(shed.votingEnd - (await driver.now()));
  await driver.send("voting", "finalize", [shed.proposalId]);
  const objector = shed.roll.entries.find(
    (e) => e.voters.length === 1 && shedVoted.has(e.entryId) && !e.developer && e.voters[0] !== address,
  );
  if (!objector) throw new Error("no demo owner to object");
  await driver.fileObjection(keyOf.get(objector.voters[0]!)!, shed.roll, shed.proposalId, objector.entryId, DEMO_OBJECTION_TEXT);
  log(`proposal ${shed.proposalId} tallied, in its objection period, with one objection`);
  await bringClockToNow(driver, log);
  log(`open proposal ${open.proposalId} voting until ${new Date(Number(open.votingEnd) * 1000).toISOString()}`);
  return {
    communityId,
    pastProposalId: past.proposalId,
    objectionProposalId: shed.proposalId,
    openProposalId: open.proposalId,
    fund,
    demoOwner: { address, privateKey: keyOf.get(address)!, entryId: candidate.entryId },
  };
}

/**
 * Moves the chain's clock up to the wall clock if it is behind (a chain started in the past for
 * the demo's history); a clock already at or past it is left alone (a block is never stamped
 * before the last).
 */
export async function bringClockToNow(driver: Pick<LedgerDriver, "now" | "increaseTime">, log: (m: string) => void = () => undefined): Promise<void> {
  const behind = BigInt(Math.floor(Date.now() / 1000)) - (await driver.now());
  if (behind > 0n) {
    await driver.increaseTime(behind);
    log(`chain clock brought to the wall clock (${behind} s forward)`);
  } else if (behind < -3600n) {
    log(`chain clock is ${-behind} s ahead of the wall clock: the demo's dates lie in the future`);
  }
}

async function publish(
  driver: LedgerDriver,
  communityId: bigint,
  memberKeys: readonly Hex[],
  demo: DemoCommunity,
  matter: number,
  scope: { kind: 0 | 1 | 2; ids: number[] },
  texts: { title: string; text: string },
  votingDays = 10n,
) {
  const roll = buildRoll(demoRollInput(demo, scope));
  const p = await driver.publishProposal(communityId, memberKeys, roll, { matter, scope, ...texts, votingDays });
  return { ...p, roll };
}

/** Casts ballots for a deterministic share of the entries; returns the entries that voted. */
async function voteShare(
  driver: LedgerDriver,
  proposalId: bigint,
  roll: ElectorateRoll,
  keyOf: Map<string, Hex>,
  deadline: bigint,
  share: number,
  split: [number, number, number],
  salt: number,
): Promise<Set<number>> {
  const voted = new Set<number>();
  const ballots = [];
  for (const e of roll.entries) {
    const r = ((e.entryId * 2654435761 + salt * 97) % 1000) / 1000;
    if (r >= share || e.voters.length === 0) continue;
    const voter = e.voters[0]!;
    const key = keyOf.get(voter);
    if (!key) continue;
    const x = r / share;
    const choice = x < split[0] ? 0 : x < split[0] + split[1] ? 1 : 2;
    const signature = await driver.signBallot(key, proposalId, e.entryId, choice, 1, deadline);
    ballots.push(LedgerDriver.signedBallot(roll, { entryId: e.entryId, voter, choice, nonce: 1, deadline, signature }));
    voted.add(e.entryId);
  }
  for (let i = 0; i < ballots.length; i += 100) {
    await driver.send("voting", "castBallots", [proposalId, ballots.slice(i, i + 100)]);
  }
  return voted;
}
