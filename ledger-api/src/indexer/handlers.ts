/**
 * Applies one decoded chain event to the index. Events arrive in chain order, so the registry
 * tables always hold the state as of the event being applied: a proposal's roll is computed
 * from exactly the state it was published against.
 */
import type { Hex } from "viem";
import { BALLOT_KIND_NAMES, OUTCOME_NAMES } from "../../../chain/enums";
import type { Prisma } from "../generated/prisma/client";
import { computeRoll } from "../roll/rollStore";

export type Tx = Prisma.TransactionClient;

export interface LedgerLog {
  eventName: string;
  args: Record<string, unknown>;
  blockNumber: bigint;
  logIndex: number;
  transactionHash: Hex;
  blockHash: Hex;
  address: Hex;
}

const OUTCOMES = OUTCOME_NAMES;
/** Ballot kinds as the index stores them: "none" | "electronic" | "paper". */
const KINDS = BALLOT_KIND_NAMES.map((k) => k.toLowerCase());

interface SettingsArgs {
  noticeDays: number;
  adHocNoticeDays: number;
  objectionDays: number;
  allowBallotChange: boolean;
  excludeParkingArea: boolean;
}

interface ProposalInputArgs {
  communityId: bigint;
  matter: number;
  scopeKind: number;
  scopeIds: readonly number[];
  adHoc: boolean;
  votingStart: bigint;
  votingEnd: bigint;
  title: string;
  textHash: Hex;
  options: readonly string[];
  namedChoice: boolean;
  rollRoot: Hex;
  totalAreaCm2: bigint;
  totalHeadcount: number;
  entryCount: number;
}

const lower = (a: unknown) => String(a).toLowerCase();

/** One event; UnitRegistered, OwnerBound and BallotCast come in runs (see applyEvents). */
async function applyEvent(tx: Tx, log: LedgerLog, onWarning: (m: string) => void): Promise<void> {
  const a = log.args;
  switch (log.eventName) {
    case "CommunityCreated": {
      const s = a.settings as SettingsArgs;
      await tx.community.create({
        data: {
          id: a.communityId as bigint,
          name: a.name as string,
          supervisor: lower(a.supervisor),
          ...s,
          committeeEpoch: 0,
          threshold: 0,
          members: [],
          createdBlock: log.blockNumber,
        },
      });
      return;
    }
    case "CommitteeInstalled":
      await tx.community.update({
        where: { id: a.communityId as bigint },
        data: {
          committeeEpoch: Number(a.epoch),
          threshold: Number(a.threshold),
          members: (a.members as string[]).map(lower),
        },
      });
      return;
    case "SettingsChanged":
      await tx.community.update({ where: { id: a.communityId as bigint }, data: { ...(a.newSettings as SettingsArgs) } });
      return;
    case "BuildingRegistered":
      await tx.building.create({
        data: {
          communityId: a.communityId as bigint,
          buildingId: Number(a.buildingId),
          compound: Number(a.compound),
          label: a.label as string,
        },
      });
      return;
    case "UnitAreaChanged":
      await tx.unit.update({
        where: { communityId_unitId: { communityId: a.communityId as bigint, unitId: Number(a.unitId) } },
        data: { areaCm2: a.newAreaCm2 as bigint, areaSource: Number(a.newSource) },
      });
      return;
    case "UnitDelivered":
      await tx.unit.update({
        where: { communityId_unitId: { communityId: a.communityId as bigint, unitId: Number(a.unitId) } },
        data: { developerHeld: false },
      });
      return;
    case "OwnerUnbound":
      await tx.ownerBinding.update({
        where: {
          communityId_unitId_owner: {
            communityId: a.communityId as bigint,
            unitId: Number(a.unitId),
            owner: lower(a.owner),
          },
        },
        data: { active: false },
      });
      return;
    case "ProposalPublished": {
      const input = a.input as ProposalInputArgs;
      const proposalId = a.proposalId as bigint;
      const scope = { kind: input.scopeKind as 0 | 1 | 2, ids: [...input.scopeIds].map(Number) };
      const roll = await computeRoll(tx, input.communityId, scope);
      const rollMatches =
        roll.root.toLowerCase() === input.rollRoot.toLowerCase() &&
        roll.totalAreaCm2 === input.totalAreaCm2 &&
        roll.totalHeadcount === Number(input.totalHeadcount) &&
        roll.entryCount === Number(input.entryCount);
      if (!rollMatches) onWarning(`proposal ${proposalId}: published roll does not match the registry's state`);
      await tx.proposal.create({
        data: {
          id: proposalId,
          communityId: input.communityId,
          matter: Number(input.matter),
          scopeKind: scope.kind,
          scopeIds: scope.ids,
          adHoc: input.adHoc,
          votingStart: input.votingStart,
          votingEnd: input.votingEnd,
          title: input.title,
          textHash: input.textHash,
          options: [...input.options],
          namedChoice: input.namedChoice,
          rollRoot: input.rollRoot,
          totalAreaCm2: input.totalAreaCm2,
          totalHeadcount: Number(input.totalHeadcount),
          entryCount: Number(input.entryCount),
          publishedAt: a.publishedAt as bigint,
          status: "open",
          rollMatches,
          txHash: log.transactionHash,
          blockNumber: log.blockNumber,
        },
      });
      if (rollMatches) {
        await tx.rollEntry.createMany({
          data: roll.entries.map((e) => ({
            proposalId,
            entryId: e.entryId,
            areaCm2: e.areaCm2,
            headcount: e.headcount,
            unitIds: e.unitIds,
            voters: e.voters,
          })),
        });
        await tx.rollVoter.createMany({
          data: roll.entries.flatMap((e) => e.voters.map((voter) => ({ proposalId, voter, entryId: e.entryId }))),
        });
      }
      return;
    }
    case "PaperBallotEntered":
      if (!(a.counted as boolean)) {
        const entry = await tx.rollEntry.findUnique({
          where: { proposalId_entryId: { proposalId: a.proposalId as bigint, entryId: Number(a.entryId) } },
        });
        await tx.ballotLog.create({
          data: {
            proposalId: a.proposalId as bigint,
            entryId: Number(a.entryId),
            choice: Number(a.choice),
            kind: "paper",
            nonce: 0,
            signer: "0x0000000000000000000000000000000000000000",
            areaCm2: entry?.areaCm2 ?? 0n,
            headcount: entry?.headcount ?? 0,
            counted: false,
            scanHash: a.scanHash as string,
            txHash: log.transactionHash,
            blockNumber: log.blockNumber,
            logIndex: log.logIndex,
          },
        });
      }
      return;
    case "MandateRegistered": {
      const key = { proposalId: a.proposalId as bigint, entryId: Number(a.entryId) };
      const data = { proxy: lower(a.proxy), mandateHash: a.mandateHash as string };
      await tx.mandate.upsert({ where: { proposalId_entryId: key }, create: { ...key, ...data }, update: data });
      return;
    }
    case "ProposalTallied":
      await tx.proposal.update({
        where: { id: a.proposalId as bigint },
        data: {
          status: "provisional",
          outcome: OUTCOMES[Number(a.outcome)],
          winningOption: Number(a.outcome) === 1 ? Number(a.winningOption) : null,
          participatingAreaCm2: a.participatingAreaCm2 as bigint,
          participatingHeadcount: Number(a.participatingHeadcount),
          quorumMet: a.quorumMet as boolean,
          objectionEnd: a.objectionEnd as bigint,
        },
      });
      return;
    case "VotingExtended":
      await tx.proposal.update({
        where: { id: a.proposalId as bigint },
        data: {
          status: "open",
          votingEnd: a.newVotingEnd as bigint,
          extended: true,
          outcome: null,
          winningOption: null,
          objectionEnd: null,
          quorumMet: null,
        },
      });
      return;
    case "ProposalFinalised":
      await tx.proposal.update({ where: { id: a.proposalId as bigint }, data: { status: "final" } });
      return;
    default:
      // CommitteeActionExecuted, BallotRejected, role events: kept in ChainLog only.
      return;
  }
}

/**
 * Applies events in order. Runs of BallotCast events (a relayed batch) are written with one
 * insert for the log and one upsert for the current ballots, which keeps a 100-ballot batch
 * to two statements; the result is the same as applying them one by one.
 */
export async function applyEvents(tx: Tx, logs: readonly LedgerLog[], onWarning: (m: string) => void): Promise<void> {
  const runners: Record<string, (tx: Tx, run: readonly LedgerLog[]) => Promise<void>> = {
    BallotCast: applyBallotRun,
    UnitRegistered: applyUnitRun,
    OwnerBound: applyBindingRun,
  };
  let run: LedgerLog[] = [];
  const flush = async () => {
    if (run.length > 0) await runners[run[0]!.eventName]!(tx, run);
    run = [];
  };
  for (const l of logs) {
    if (runners[l.eventName]) {
      if (run.length > 0 && run[0]!.eventName !== l.eventName) await flush();
      run.push(l);
      continue;
    }
    await flush();
    await applyEvent(tx, l, onWarning);
  }
  await flush();
}

/** Units are registered once (the contract refuses a duplicate): one insert for the run. */
async function applyUnitRun(tx: Tx, logs: readonly LedgerLog[]): Promise<void> {
  await tx.unit.createMany({
    data: logs.map(({ args: a }) => ({
      communityId: a.communityId as bigint,
      unitId: Number(a.unitId),
      buildingId: Number(a.buildingId),
      areaCm2: a.areaCm2 as bigint,
      areaSource: Number(a.areaSource),
      kind: Number(a.kind),
      developerHeld: a.developerHeld as boolean,
      label: a.label as string,
    })),
  });
}

/** A binding may return after an unbinding: one upsert for the run, the last event winning. */
async function applyBindingRun(tx: Tx, logs: readonly LedgerLog[]): Promise<void> {
  const latest = new Map<string, unknown[]>();
  for (const { args: a } of logs) {
    const row = [a.communityId as bigint, Number(a.unitId), lower(a.owner), a.identityHash as string, a.evidenceHash as string];
    latest.set(`${row[0]}:${row[1]}:${row[2]}`, row);
  }
  const params: unknown[] = [];
  const tuples = [...latest.values()].map((row) => {
    const base = params.length;
    params.push(...row);
    return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, true)`;
  });
  await tx.$executeRawUnsafe(
    `INSERT INTO "OwnerBinding" ("communityId", "unitId", "owner", "identityHash", "evidenceHash", "active")
     VALUES ${tuples.join(", ")}
     ON CONFLICT ("communityId", "unitId", "owner") DO UPDATE SET
       "identityHash" = EXCLUDED."identityHash", "evidenceHash" = EXCLUDED."evidenceHash", "active" = true`,
    ...params,
  );
}

async function applyBallotRun(tx: Tx, logs: readonly LedgerLog[]): Promise<void> {
  const rows = logs.map((log) => {
    const a = log.args;
    return {
      proposalId: a.proposalId as bigint,
      entryId: Number(a.entryId),
      choice: Number(a.choice),
      kind: KINDS[Number(a.kind)] ?? "none",
      nonce: Number(a.nonce),
      signer: lower(a.signer),
      areaCm2: a.areaCm2 as bigint,
      headcount: Number(a.headcount),
      txHash: log.transactionHash as string,
      blockNumber: log.blockNumber,
      logIndex: log.logIndex,
    };
  });
  await tx.ballotLog.createMany({ data: rows.map((r) => ({ ...r, counted: true })) });
  // The last event of an entry is its current ballot.
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) latest.set(`${r.proposalId}:${r.entryId}`, r);
  const values = [...latest.values()];
  const params: unknown[] = [];
  const tuples = values.map((r) => {
    const base = params.length;
    params.push(r.proposalId, r.entryId, r.choice, r.kind, r.nonce, r.signer, r.areaCm2, r.headcount, r.txHash, r.blockNumber);
    return `(${Array.from({ length: 10 }, (_, i) => `$${base + i + 1}`).join(", ")})`;
  });
  await tx.$executeRawUnsafe(
    `INSERT INTO "Ballot" ("proposalId", "entryId", "choice", "kind", "nonce", "signer", "areaCm2", "headcount", "txHash", "blockNumber")
     VALUES ${tuples.join(", ")}
     ON CONFLICT ("proposalId", "entryId") DO UPDATE SET
       "choice" = EXCLUDED."choice", "kind" = EXCLUDED."kind", "nonce" = EXCLUDED."nonce", "signer" = EXCLUDED."signer",
       "areaCm2" = EXCLUDED."areaCm2", "headcount" = EXCLUDED."headcount", "txHash" = EXCLUDED."txHash",
       "blockNumber" = EXCLUDED."blockNumber"`,
    ...params,
  );
}
