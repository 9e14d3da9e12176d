/**
 * The double-majority tally of an owner vote (民法典 第278条), in exact integer arithmetic.
 * `OwnerVoting.finalize` in the contract computes exactly the same result.
 *
 * - Quorum, against the whole electorate: 3·participatingArea ≥ 2·totalArea AND
 *   3·participatingHeadcount ≥ 2·totalHeadcount (exactly 2/3 passes).
 * - Approval, among participants (abstentions participate):
 *   - "half": 2·optionArea > participatingArea AND 2·optionHeadcount > participatingHeadcount
 *     (exactly 1/2 fails);
 *   - "threeQuarters": 4·optionArea ≥ 3·participatingArea AND
 *     4·optionHeadcount ≥ 3·participatingHeadcount (exactly 3/4 passes).
 * - The LAST option is abstain: it participates but can never win. The winner is the
 *   lowest-index other option that meets the approval threshold.
 */
import { OutcomeCode } from "../chain/enums";
import { DomainError } from "./errors";
import { MIN_OPTIONS, MAX_OPTIONS, matterInfo, type Approval, type Matter } from "./matters";

export interface OptionTally {
  readonly areaCm2: bigint;
  readonly headcount: number;
}

export interface TallyInput {
  readonly matter: Matter;
  /** Exclusive area of the whole electorate roll (hundredths of m²). */
  readonly totalAreaCm2: bigint;
  /** Headcount of the whole electorate roll. */
  readonly totalHeadcount: number;
  /** Area and headcount per option; the last option is abstain. */
  readonly options: readonly OptionTally[];
  /**
   * false (default): the options are for / against / abstain and only "for" (option 0) can
   * pass, so "against" reaching the majority is a rejection; true: a single choice among
   * named options (bids), any option but abstain can win.
   */
  readonly namedChoice?: boolean;
}

export type Outcome = "Passed" | "Rejected" | "NoQuorum";

/** Numbering of the Solidity enum `IOwnerVoting.Outcome` (0 = None), from the compiled contracts. */
export const OUTCOME_CODE: Readonly<Record<Outcome, number>> = Object.freeze({
  Passed: OutcomeCode.Passed,
  Rejected: OutcomeCode.Rejected,
  NoQuorum: OutcomeCode.NoQuorum,
});

export interface OptionResult {
  readonly index: number;
  readonly areaCm2: bigint;
  readonly headcount: number;
  /** The last option: counts as participation, never wins. */
  readonly isAbstain: boolean;
  /** The option's area meets the approval threshold among participants (false for abstain). */
  readonly areaApproved: boolean;
  /** The option's headcount meets the approval threshold among participants (false for abstain). */
  readonly headcountApproved: boolean;
  /** Both of the above. Whether it also won depends on the quorum: see `winningOption`. */
  readonly approved: boolean;
}

export interface TallyResult {
  readonly matter: Matter;
  readonly approval: Approval;
  readonly totalAreaCm2: bigint;
  readonly totalHeadcount: number;
  readonly participation: { readonly areaCm2: bigint; readonly headcount: number };
  readonly quorumAreaMet: boolean;
  readonly quorumHeadcountMet: boolean;
  readonly quorumMet: boolean;
  readonly options: readonly OptionResult[];
  /** Index of the winning option when `outcome === "Passed"`, otherwise null. */
  readonly winningOption: number | null;
  readonly outcome: Outcome;
}

/** A threshold as an exact fraction, and whether reaching it exactly is enough. */
export interface Threshold {
  readonly numerator: bigint;
  readonly denominator: bigint;
  /** true: "以上" (≥, the bound passes); false: "过半数" (>, the bound fails). */
  readonly inclusive: boolean;
}

export const QUORUM_THRESHOLD: Threshold = Object.freeze({ numerator: 2n, denominator: 3n, inclusive: true });
export const HALF_THRESHOLD: Threshold = Object.freeze({ numerator: 1n, denominator: 2n, inclusive: false });
export const THREE_QUARTERS_THRESHOLD: Threshold = Object.freeze({ numerator: 3n, denominator: 4n, inclusive: true });

export function approvalThreshold(approval: Approval): Threshold {
  return approval === "half" ? HALF_THRESHOLD : THREE_QUARTERS_THRESHOLD;
}

/** part/whole meets the threshold, exactly: den·part ≥ num·whole (or > when not inclusive). */
export function meetsThreshold(part: bigint, whole: bigint, threshold: Threshold): boolean {
  const lhs = threshold.denominator * part;
  const rhs = threshold.numerator * whole;
  return threshold.inclusive ? lhs >= rhs : lhs > rhs;
}

function checkCount(value: number, whatZh: string, whatEn: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new DomainError(
      "TALLY_BAD_HEADCOUNT",
      `${whatZh}必须是非负整数，收到 ${String(value)}`,
      `${whatEn} must be a non-negative integer, got ${String(value)}`,
    );
  }
}

function checkArea(value: bigint): void {
  if (typeof value !== "bigint" || value < 0n) {
    throw new DomainError(
      "TALLY_BAD_AREA",
      `面积必须是非负整数（单位：0.01平方米），收到 ${String(value)}`,
      `An area must be a non-negative integer (hundredths of m²), got ${String(value)}`,
    );
  }
}

function checkInput(input: TallyInput): void {
  matterInfo(input.matter);
  const n = input.options.length;
  if (n < MIN_OPTIONS || n > MAX_OPTIONS) {
    throw new DomainError(
      "TALLY_BAD_OPTION_COUNT",
      `表决选项须为 ${MIN_OPTIONS} 到 ${MAX_OPTIONS} 个（最后一个为弃权），收到 ${n} 个`,
      `A vote needs ${MIN_OPTIONS} to ${MAX_OPTIONS} options (the last one is abstain), got ${n}`,
    );
  }
  checkArea(input.totalAreaCm2);
  checkCount(input.totalHeadcount, "总人数", "The total headcount");
  for (const option of input.options) {
    checkArea(option.areaCm2);
    checkCount(option.headcount, "选项人数", "An option's headcount");
  }
}

/** Computes the result of a vote exactly as the contract does. Throws DomainError on bad input. */
export function computeResult(input: TallyInput): TallyResult {
  checkInput(input);
  const approval = matterInfo(input.matter).approval;
  const threshold = approvalThreshold(approval);

  let partArea = 0n;
  let partHead = 0n;
  for (const option of input.options) {
    partArea += option.areaCm2;
    partHead += BigInt(option.headcount);
  }
  const totalArea = input.totalAreaCm2;
  const totalHead = BigInt(input.totalHeadcount);

  const quorumAreaMet = meetsThreshold(partArea, totalArea, QUORUM_THRESHOLD);
  const quorumHeadcountMet = meetsThreshold(partHead, totalHead, QUORUM_THRESHOLD);
  const quorumMet = quorumAreaMet && quorumHeadcountMet;

  const last = input.options.length - 1;
  const options: OptionResult[] = input.options.map((option, index) => {
    const isAbstain = index === last;
    const areaApproved = !isAbstain && meetsThreshold(option.areaCm2, partArea, threshold);
    const headcountApproved = !isAbstain && meetsThreshold(BigInt(option.headcount), partHead, threshold);
    return {
      index,
      areaCm2: option.areaCm2,
      headcount: option.headcount,
      isAbstain,
      areaApproved,
      headcountApproved,
      approved: areaApproved && headcountApproved,
    };
  });

  let winningOption: number | null = null;
  let outcome: Outcome = "NoQuorum";
  if (quorumMet) {
    outcome = "Rejected";
    const winner = options.find((option) => option.approved && (input.namedChoice === true || option.index === 0));
    if (winner !== undefined) {
      winningOption = winner.index;
      outcome = "Passed";
    }
  }

  return {
    matter: input.matter,
    approval,
    totalAreaCm2: totalArea,
    totalHeadcount: input.totalHeadcount,
    participation: { areaCm2: partArea, headcount: Number(partHead) },
    quorumAreaMet,
    quorumHeadcountMet,
    quorumMet,
    options,
    winningOption,
    outcome,
  };
}

/** One progress bar: numerator/denominator against a threshold fraction. */
export interface ProgressBar {
  readonly numerator: bigint;
  readonly denominator: bigint;
  readonly threshold: Threshold;
  readonly met: boolean;
  /** floor(10000·numerator/denominator), capped to 0..10000; 0 when the denominator is 0. */
  readonly percentBasisPoints: number;
  /** floor(10000·threshold): 6666 for 2/3, 5000 for 1/2, 7500 for 3/4 (where to draw the mark). */
  readonly thresholdBasisPoints: number;
}

export interface TallyProgress {
  readonly approval: Approval;
  /** Participation against the whole electorate, vs the 2/3 quorum. */
  readonly quorum: { readonly area: ProgressBar; readonly headcount: ProgressBar };
  /**
   * The leading non-abstain option: the winner if there is one, otherwise the option with
   * the most area (then the most headcount, then the lowest index). Null when no
   * non-abstain option has any vote.
   */
  readonly leadingOption: number | null;
  /** The leading option among participants, vs the approval threshold; null if no leader. */
  readonly leadingApproval: { readonly area: ProgressBar; readonly headcount: ProgressBar } | null;
}

/** floor(10000·n/d) capped to 0..10000, in integers; 0 when d is 0. */
export function basisPoints(numerator: bigint, denominator: bigint): number {
  if (denominator <= 0n || numerator <= 0n) return 0;
  const bp = (numerator * 10000n) / denominator;
  return Number(bp > 10000n ? 10000n : bp);
}

/** One progress bar: how far `numerator` of `denominator` is towards `threshold`. */
export function progressBar(numerator: bigint, denominator: bigint, threshold: Threshold): ProgressBar {
  return {
    numerator,
    denominator,
    threshold,
    met: meetsThreshold(numerator, denominator, threshold),
    percentBasisPoints: basisPoints(numerator, denominator),
    thresholdBasisPoints: Number((threshold.numerator * 10000n) / threshold.denominator),
  };
}

/** Numbers for UI progress bars, consistent with `computeResult` on the same input. */
export function progress(input: TallyInput): TallyProgress {
  const result = computeResult(input);
  const threshold = approvalThreshold(result.approval);
  const partArea = result.participation.areaCm2;
  const partHead = BigInt(result.participation.headcount);

  let leadingOption: number | null = result.winningOption;
  if (leadingOption === null) {
    let best: OptionResult | null = null;
    for (const option of result.options) {
      if (option.isAbstain || (option.areaCm2 === 0n && option.headcount === 0)) continue;
      if (
        best === null ||
        option.areaCm2 > best.areaCm2 ||
        (option.areaCm2 === best.areaCm2 && option.headcount > best.headcount)
      ) {
        best = option;
      }
    }
    leadingOption = best === null ? null : best.index;
  }
  const leader = leadingOption === null ? undefined : result.options[leadingOption];

  return {
    approval: result.approval,
    quorum: {
      area: progressBar(partArea, result.totalAreaCm2, QUORUM_THRESHOLD),
      headcount: progressBar(partHead, BigInt(result.totalHeadcount), QUORUM_THRESHOLD),
    },
    leadingOption,
    leadingApproval:
      leader === undefined
        ? null
        : {
            area: progressBar(leader.areaCm2, partArea, threshold),
            headcount: progressBar(BigInt(leader.headcount), partHead, threshold),
          },
  };
}
