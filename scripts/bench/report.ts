/**
 * The whole-community vote's figures, its comparison with the OpenZeppelin reference measured in
 * the same run, and its phase breakdown: as JSON for results/*.json and as Markdown tables for
 * the README.
 */
import type { CommunityVoteResult } from "./communityVote";
import type { ReferenceVoteResult } from "./governorReference";
import { PHASE_SPANS, phaseBreakdown, type PhaseBreakdown } from "./phases";

/** The ledger's end-to-end time over the reference's must not exceed this. */
export const RATIO_TARGET = 0.5;

const s2 = (ms: number) => +(ms / 1000).toFixed(2);
const n = (v: number) => v.toLocaleString("en-US");
const mark = (ok: boolean) => (ok ? "✓" : "✗");

export interface VoteComparison {
  referenceSeconds: number;
  endToEndSeconds: number;
  /** endToEndSeconds / referenceSeconds, both from this run. */
  ratio: number;
  target: number;
  breakdown: PhaseBreakdown;
}

/** The ratio and the breakdown, both from the one run given. */
export function compareVote(vote: CommunityVoteResult, reference: ReferenceVoteResult): VoteComparison {
  if (reference.votes !== vote.ballots) throw new Error(`reference of ${reference.votes} votes against ${vote.ballots} ballots`);
  const breakdown = phaseBreakdown(vote.times, vote.startedAt, vote.doneAt);
  return {
    referenceSeconds: s2(reference.ms),
    endToEndSeconds: s2(breakdown.endToEndMs),
    ratio: +(breakdown.endToEndMs / reference.ms).toFixed(3),
    target: RATIO_TARGET,
    breakdown,
  };
}

/** The JSON written to results/ for the reference and the comparison. */
export function comparisonJson(reference: ReferenceVoteResult, c: VoteComparison) {
  const b = c.breakdown;
  return {
    reference: {
      votes: reference.votes,
      clients: reference.clients,
      seconds: s2(reference.ms),
      succeeded: reference.succeeded,
      voteCastEvents: reference.voteCastEvents,
      counted: reference.counted,
      latencyMedianSeconds: s2(reference.latencyMedianMs),
      latencyP95Seconds: s2(reference.latencyP95Ms),
    },
    comparison: {
      endToEndSeconds: c.endToEndSeconds,
      referenceSeconds: c.referenceSeconds,
      ratio: c.ratio,
      target: c.target,
      met: c.ratio <= c.target,
    },
    phases: {
      ballots: b.ballots,
      slowest: b.slowest,
      settleSeconds: s2(b.settleMs),
      broadcastUnobserved: b.broadcastUnobserved,
      byPhase: Object.fromEntries(
        b.phases.map((p) => [
          p.phase,
          {
            medianSeconds: s2(p.medianMs),
            p95Seconds: s2(p.p95Ms),
            meanSeconds: s2(p.meanMs),
            firstStartSeconds: s2(p.firstStartMs),
            lastEndSeconds: s2(p.lastEndMs),
            spanSeconds: s2(p.spanMs),
            addsSeconds: s2(p.addsMs),
            reordered: p.reordered,
          },
        ]),
      ),
    },
  };
}

/** Markdown: the comparison rows (for the whole-community table) and the phase table. */
export function comparisonMarkdown(reference: ReferenceVoteResult, c: VoteComparison): { rows: string[]; phases: string } {
  const rows = [
    `| OZ reference: the same ${n(reference.votes)} ballots as \`castVoteBySig\` transactions, ${reference.clients} clients straight to the node, s | ${c.referenceSeconds} |`,
    `| ledger end to end (first ballot sent → all on chain and indexed), s | ${c.endToEndSeconds} |`,
    `| ratio to the reference (target ≤ ${c.target}) | ${c.ratio.toFixed(3)} ${mark(c.ratio <= c.target)} |`,
  ];
  const b = c.breakdown;
  const phaseRows = b.phases.map(
    (p) =>
      `| ${p.phase}${p.phase === b.slowest ? " (slowest)" : ""} | ${PHASE_SPANS[p.phase]} | ${s2(p.medianMs).toFixed(2)} / ${s2(p.p95Ms).toFixed(2)} | ` +
      `${s2(p.firstStartMs).toFixed(2)} → ${s2(p.lastEndMs).toFixed(2)} (${s2(p.spanMs).toFixed(2)}) | ${s2(p.addsMs).toFixed(2)} |`,
  );
  const phases = [
    `| phase | per ballot | median / p95, s | whole vote: first start → last end (span), s | adds to the end-to-end time, s |`,
    `| --- | --- | ---: | ---: | ---: |`,
    ...phaseRows,
    `| done seen | last ballot indexed → the bench sees no job waiting and the index at the head | — | — | ${s2(b.settleMs).toFixed(2)} |`,
    `| **end to end** | | | | **${c.endToEndSeconds.toFixed(2)}** |`,
  ].join("\n");
  return { rows, phases };
}
