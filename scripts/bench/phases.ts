/**
 * Where the whole-community vote's time goes. Each ballot passes five instants, all on this
 * machine's clock (ms since the epoch):
 *
 *   sent       the client sends POST /api/ballots
 *   accepted   the client has its receipt (status "accepted")
 *   broadcast  the node announces the relay transaction that carries it (pending transaction)
 *   confirmed  the relayer marked its job "confirmed" (RelayJob.updatedAt)
 *   indexed    the indexer committed the block that holds it (its onIndexed listener)
 *
 * and the four phases are the spans between them: intake, relay, confirmation, indexing. The
 * steps run concurrently, so an instant can come before the one it follows (the relayer can
 * broadcast a ballot before its client has read the receipt; the indexer can index a block
 * before the relayer marks it confirmed): each instant is then taken as the one before it (the
 * phase lasted 0 for that ballot, counted in `reordered`). A ballot's phases so add up to its
 * time from sent to indexed.
 *
 * Over the whole vote each phase has a wall-clock span (its first start to its last end) and
 * what it adds to the end-to-end time: its last end minus the previous phase's last end (for
 * intake, minus the start of the vote). Those, with the time from the last ballot indexed to the
 * vote being seen done, add up to the end-to-end time; the phase that adds most is the slowest.
 */
export const PHASES = ["intake", "relay", "confirmation", "indexing"] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_SPANS: Record<Phase, string> = {
  intake: 'client sends → receipt "accepted"',
  relay: "accepted → relay transaction broadcast",
  confirmation: 'broadcast → job "confirmed"',
  indexing: "confirmed → in the index",
};

export interface BallotTimes {
  sent: number;
  accepted: number;
  /** null when the node's announcement was not seen (the ballot's relay then counts as 0). */
  broadcast: number | null;
  confirmed: number;
  indexed: number;
}

export interface PhaseStat {
  phase: Phase;
  /** Per ballot, ms. */
  medianMs: number;
  p95Ms: number;
  meanMs: number;
  /** First start and last end, ms after the vote started. */
  firstStartMs: number;
  lastEndMs: number;
  /** lastEndMs − firstStartMs. */
  spanMs: number;
  /** This phase's last end minus the previous phase's last end (intake: minus the start). */
  addsMs: number;
  /** Ballots whose end instant came before their start instant (taken as equal). */
  reordered: number;
}

export interface PhaseBreakdown {
  ballots: number;
  endToEndMs: number;
  phases: PhaseStat[];
  /** Last ballot indexed → the vote seen done. */
  settleMs: number;
  /** The phase that adds most to the end-to-end time. */
  slowest: Phase;
  /** Ballots whose broadcast was not observed. */
  broadcastUnobserved: number;
}

/** Nearest-rank percentile of sorted values (0 for none). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/**
 * The breakdown of a vote that started at `startedAt` and was seen done at `doneAt` (ms), from
 * the instants of each ballot that went the whole way.
 */
export function phaseBreakdown(ballots: readonly BallotTimes[], startedAt: number, doneAt: number): PhaseBreakdown {
  if (ballots.length === 0) throw new Error("phaseBreakdown: no ballots");
  const reordered: Record<Phase, number> = { intake: 0, relay: 0, confirmation: 0, indexing: 0 };
  // Per ballot: the five instants made monotone, then the four spans.
  const bounds = ballots.map((b) => {
    const raw = [b.sent, b.accepted, b.broadcast ?? b.accepted, b.confirmed, b.indexed];
    const out = [raw[0]!];
    for (let i = 1; i < raw.length; i++) {
      if (raw[i]! < out[i - 1]!) reordered[PHASES[i - 1]!]++;
      out.push(Math.max(raw[i]!, out[i - 1]!));
    }
    return out;
  });
  let previousEnd = startedAt;
  const phases = PHASES.map((phase, i): PhaseStat => {
    const durations = bounds.map((x) => x[i + 1]! - x[i]!).sort((a, b) => a - b);
    const firstStart = Math.min(...bounds.map((x) => x[i]!));
    const lastEnd = Math.max(...bounds.map((x) => x[i + 1]!));
    const stat: PhaseStat = {
      phase,
      medianMs: percentile(durations, 0.5),
      p95Ms: percentile(durations, 0.95),
      meanMs: Math.round(durations.reduce((s, d) => s + d, 0) / durations.length),
      firstStartMs: firstStart - startedAt,
      lastEndMs: lastEnd - startedAt,
      spanMs: lastEnd - firstStart,
      addsMs: lastEnd - previousEnd,
      reordered: reordered[phase],
    };
    previousEnd = lastEnd;
    return stat;
  });
  const slowest = phases.reduce((a, b) => (b.addsMs > a.addsMs ? b : a)).phase;
  return {
    ballots: ballots.length,
    endToEndMs: doneAt - startedAt,
    phases,
    settleMs: doneAt - previousEnd,
    slowest,
    broadcastUnobserved: ballots.filter((b) => b.broadcast === null).length,
  };
}
