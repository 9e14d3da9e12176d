/** OwnerVoting's events in the index: proposals and their rolls, ballots, mandates, results, objections. */
import type { ContractEventName } from "viem";
import { BALLOT_KIND_NAMES, OUTCOME_NAMES } from "../../../../chain/enums";
import { computeRoll } from "../../roll/rollStore";
import { ownerVotingAbi } from "../../../../chain/abi";
import { lower, moduleHandlers, type TypedLog, type Tx } from "../handlers";

type Log<N extends ContractEventName<typeof ownerVotingAbi>> = TypedLog<typeof ownerVotingAbi, N>;

const OUTCOMES = OUTCOME_NAMES;
/** Ballot kinds as the index stores them: "none" | "electronic" | "paper". */
const KINDS = BALLOT_KIND_NAMES.map((k) => k.toLowerCase());

async function applyBallotRun(tx: Tx, logs: readonly Log<"BallotCast">[]): Promise<void> {
  const rows = logs.map((log) => {
    const a = log.args;
    return {
      proposalId: a.proposalId,
      entryId: Number(a.entryId),
      choice: Number(a.choice),
      kind: KINDS[Number(a.kind)] ?? "none",
      nonce: Number(a.nonce),
      signer: lower(a.signer),
      areaCm2: a.areaCm2,
      headcount: Number(a.headcount),
      txHash: log.transactionHash,
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

export const votingEvents = moduleHandlers(ownerVotingAbi, {
  events: {
    ProposalPublished: async (tx, log, onWarning) => {
      const a = log.args;
      const input = a.input;
      const proposalId = a.proposalId;
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
          publishedAt: a.publishedAt,
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
    },
    ProposalRulesFixed: async (tx, log) => {
      const a = log.args;
      await tx.proposal.update({
        where: { id: a.proposalId },
        data: {
          objectionDays: Number(a.objectionDays),
          allowBallotChange: a.allowBallotChange,
          finalWithOpenObjections: a.finalWithOpenObjections,
        },
      });
    },
    ObjectionFiled: async (tx, log) => {
      const a = log.args;
      await tx.objection.create({
        data: {
          proposalId: a.proposalId,
          objectionId: Number(a.objectionId),
          entryId: Number(a.entryId),
          signer: lower(a.signer),
          textHash: a.textHash,
          txHash: log.transactionHash,
          blockNumber: log.blockNumber,
        },
      });
    },
    ObjectionAnswered: async (tx, log) => {
      const a = log.args;
      await tx.objection.update({
        where: { proposalId_objectionId: { proposalId: a.proposalId, objectionId: Number(a.objectionId) } },
        data: { answerHash: a.answerHash, answerTxHash: log.transactionHash, answerBlock: log.blockNumber },
      });
    },
    PaperBallotEntered: async (tx, log) => {
      const a = log.args;
      if (!(a.counted)) {
        const entry = await tx.rollEntry.findUnique({
          where: { proposalId_entryId: { proposalId: a.proposalId, entryId: Number(a.entryId) } },
        });
        await tx.ballotLog.create({
          data: {
            proposalId: a.proposalId,
            entryId: Number(a.entryId),
            choice: Number(a.choice),
            kind: "paper",
            nonce: 0,
            signer: "0x0000000000000000000000000000000000000000",
            areaCm2: entry?.areaCm2 ?? 0n,
            headcount: entry?.headcount ?? 0,
            counted: false,
            scanHash: a.scanHash,
            txHash: log.transactionHash,
            blockNumber: log.blockNumber,
            logIndex: log.logIndex,
          },
        });
      }
    },
    MandateRegistered: async (tx, log) => {
      const a = log.args;
      const key = { proposalId: a.proposalId, entryId: Number(a.entryId) };
      const data = { proxy: lower(a.proxy), mandateHash: a.mandateHash };
      await tx.mandate.upsert({ where: { proposalId_entryId: key }, create: { ...key, ...data }, update: data });
    },
    ProposalTallied: async (tx, log) => {
      const a = log.args;
      await tx.proposal.update({
        where: { id: a.proposalId },
        data: {
          status: "provisional",
          outcome: OUTCOMES[Number(a.outcome)],
          winningOption: Number(a.outcome) === 1 ? Number(a.winningOption) : null,
          participatingAreaCm2: a.participatingAreaCm2,
          participatingHeadcount: Number(a.participatingHeadcount),
          quorumMet: a.quorumMet,
          objectionEnd: a.objectionEnd,
        },
      });
    },
    VotingExtended: async (tx, log) => {
      const a = log.args;
      await tx.proposal.update({
        where: { id: a.proposalId },
        data: {
          status: "open",
          votingEnd: a.newVotingEnd,
          extended: true,
          outcome: null,
          winningOption: null,
          objectionEnd: null,
          quorumMet: null,
        },
      });
    },
    ProposalFinalised: async (tx, log) => {
      const a = log.args;
      await tx.proposal.update({ where: { id: a.proposalId }, data: { status: "final" } });
    },
  },
  runs: {
    BallotCast: applyBallotRun,
  },
});
