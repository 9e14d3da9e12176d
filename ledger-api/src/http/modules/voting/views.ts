/** How index rows are shown to clients: bigints as decimal strings, status by the chain's clock. */
import type { Proposal } from "../../../generated/prisma/client";
import { OutcomeName, type ProposalStatus, type ProposalSummary } from "./schemas";

export function proposalStatus(p: Proposal, now: bigint): ProposalStatus {
  if (p.status === "final" || p.status === "provisional") return p.status;
  if (now < p.votingStart) return "notice";
  if (now < p.votingEnd) return "voting";
  return "closed";
}

export function proposalSummary(p: Proposal, now: bigint): ProposalSummary {
  return {
    id: p.id.toString(),
    communityId: p.communityId.toString(),
    matter: p.matter,
    title: p.title,
    status: proposalStatus(p, now),
    // the index stores OwnerVoting's outcome names; one it should not hold is an error, not an answer
    outcome: p.outcome === null ? null : OutcomeName.parse(p.outcome),
    options: p.options as string[],
    namedChoice: p.namedChoice,
    publishedAt: p.publishedAt.toString(),
    votingStart: p.votingStart.toString(),
    votingEnd: p.votingEnd.toString(),
    objectionEnd: p.objectionEnd?.toString() ?? null,
    totalAreaCm2: p.totalAreaCm2.toString(),
    totalHeadcount: p.totalHeadcount,
    entryCount: p.entryCount,
    rollMatches: p.rollMatches,
  };
}
