/**
 * Recounts a proposal from its BallotCast events. Pure: no I/O.
 *
 * The contract emits BallotCast only for a ballot it counted (a paper ballot that lost to an
 * electronic one is not emitted as BallotCast), and a later ballot of the same entry replaces
 * the earlier one. So the counted ballot of an entry is its LAST BallotCast in chain order, and
 * each option's tally is the sum of the area and headcount of the counted ballots choosing it.
 */
import { sortByPosition, type Address, type EventOf, type Hex, type VotingEvent } from "./events";

export type BallotCastEvent = EventOf<VotingEvent, "BallotCast">;

export interface CountedBallot {
  readonly entryId: number;
  readonly choice: number;
  readonly kind: number;
  readonly nonce: number;
  /** Lowercase. */
  readonly signer: Address;
  readonly areaCm2: bigint;
  readonly headcount: number;
  readonly blockNumber: bigint;
  readonly logIndex: number;
  readonly transactionHash: Hex;
  /** How many BallotCast events this entry had (more than 1: the ballot was changed). */
  readonly castCount: number;
}

export interface OptionTotals {
  readonly areaCm2: bigint;
  readonly headcount: number;
}

export interface RecountResult {
  /** The counted ballot of each entry that has one, by entry id. */
  readonly counted: ReadonlyMap<number, CountedBallot>;
  /** Per option, in option order. */
  readonly tallies: readonly OptionTotals[];
  /** Number of BallotCast events considered. */
  readonly eventCount: number;
  /** Counted ballots whose choice is not an option (never expected from the contract). */
  readonly badChoices: readonly CountedBallot[];
}

export interface RecountParameters {
  readonly proposalId: bigint;
  readonly optionCount: number;
  /** Events of any proposal, in any order; other proposals' events are ignored. */
  readonly events: readonly BallotCastEvent[];
}

export function recount(params: RecountParameters): RecountResult {
  const { proposalId, optionCount } = params;
  const last = new Map<number, CountedBallot>();
  let eventCount = 0;
  for (const ev of sortByPosition(params.events)) {
    if (ev.eventName !== "BallotCast" || ev.args.proposalId !== proposalId) continue;
    eventCount++;
    const a = ev.args;
    const previous = last.get(a.entryId);
    last.set(a.entryId, {
      entryId: a.entryId,
      choice: a.choice,
      kind: a.kind,
      nonce: a.nonce,
      signer: a.signer.toLowerCase() as Address,
      areaCm2: a.areaCm2,
      headcount: a.headcount,
      blockNumber: ev.blockNumber,
      logIndex: ev.logIndex,
      transactionHash: ev.transactionHash,
      castCount: (previous?.castCount ?? 0) + 1,
    });
  }
  const area: bigint[] = Array.from({ length: optionCount }, () => 0n);
  const head: number[] = Array.from({ length: optionCount }, () => 0);
  const badChoices: CountedBallot[] = [];
  for (const b of last.values()) {
    if (!Number.isInteger(b.choice) || b.choice < 0 || b.choice >= optionCount) {
      badChoices.push(b);
      continue;
    }
    area[b.choice] = (area[b.choice] as bigint) + b.areaCm2;
    head[b.choice] = (head[b.choice] as number) + b.headcount;
  }
  return {
    counted: last,
    tallies: area.map((areaCm2, i) => ({ areaCm2, headcount: head[i] as number })),
    eventCount,
    badChoices,
  };
}

export interface TallyMismatch {
  readonly option: number;
  readonly recounted: OptionTotals | null;
  readonly onChain: OptionTotals | null;
}

/** Option-by-option differences between two tallies (empty when they agree). */
export function compareTallies(
  recounted: readonly OptionTotals[],
  onChain: readonly OptionTotals[],
): TallyMismatch[] {
  const out: TallyMismatch[] = [];
  const n = Math.max(recounted.length, onChain.length);
  for (let i = 0; i < n; i++) {
    const r = recounted[i] ?? null;
    const c = onChain[i] ?? null;
    if (r === null || c === null || r.areaCm2 !== c.areaCm2 || r.headcount !== c.headcount) {
      out.push({ option: i, recounted: r, onChain: c });
    }
  }
  return out;
}
