/**
 * Apportionment (分摊) of an amount of fen over units by weight (area for an expense,
 * balance for interest), exactly, by the running-total (cumulative floor) rule. The fund
 * contract computes exactly the same shares; test/fixtures/apportionCases.json holds the
 * cases both sides are tested on.
 *
 * Rule. Let A be the amount (fen), w_0 … w_{n−1} the weights in the order given (the
 * caller passes units in ascending unit id order), C_i = w_0 + … + w_i the running total
 * (C_{−1} = 0) and T = C_{n−1} the total. Then
 *
 *     share_i = floor(A·C_i / T) − floor(A·C_{i−1} / T)
 *
 * with integer (floor) division. Consequences:
 * - the shares add up to exactly A (the sum telescopes to floor(A·T/T) = A);
 * - each share is floor(A·w_i/T) or floor(A·w_i/T) + 1, so within 1 fen of the exact
 *   A·w_i/T (strictly less than 1 fen away); a weight of 0 gets 0;
 * - the result depends on the order only in which units receive the remainder fen, and
 *   is deterministic for a given order; one unit's share needs only A, T, its own weight
 *   and the weight of the units before it (`shareOf`).
 *
 * Inputs: A and every weight are integers from 0 to 2^64 − 1 (the contract's uint64), so
 * A·C_i < 2^64 · n · 2^64 fits the contract's uint256 for any realistic n.
 * Refusals (DomainError):
 * - `FUND_APPORTION_BAD_INPUT`: A or a weight negative or above 2^64 − 1;
 * - `FUND_APPORTION_EMPTY`: no weights and A > 0 (no A = 0: the result is []);
 * - `FUND_APPORTION_ZERO_TOTAL`: all weights 0 and A > 0 (nobody to bear the amount).
 * A = 0 gives all zeros, whatever the weights.
 */
import { checkUint64, fail } from "./check";

function checkAmount(amountFen: bigint): void {
  checkUint64(amountFen, "FUND_APPORTION_BAD_INPUT", "分摊金额（分）", "The amount to apportion (fen)");
}

function checkWeight(weight: bigint): void {
  checkUint64(weight, "FUND_APPORTION_BAD_INPUT", "分摊权重（面积或余额）", "An apportionment weight (area or balance)");
}

function zeroTotal(amountFen: bigint): never {
  return fail(
    "FUND_APPORTION_ZERO_TOTAL",
    `分摊范围内的面积（或余额）合计为 0，无法分摊 ${amountFen} 分`,
    `The weights in scope (area or balance) add up to 0: ${amountFen} fen cannot be apportioned`,
  );
}

/**
 * Splits `amountFen` over `weights` by the running-total rule (see the module comment).
 * The result has one share per weight, in the same order, and adds up to `amountFen`.
 */
export function apportion(amountFen: bigint, weights: readonly bigint[]): bigint[] {
  checkAmount(amountFen);
  let total = 0n;
  for (const w of weights) {
    checkWeight(w);
    total += w;
  }
  if (amountFen === 0n) return weights.map(() => 0n);
  if (weights.length === 0) {
    fail("FUND_APPORTION_EMPTY", `分摊范围内没有房屋，无法分摊 ${amountFen} 分`, `There are no units in scope: ${amountFen} fen cannot be apportioned`);
  }
  if (total === 0n) zeroTotal(amountFen);
  const shares: bigint[] = new Array<bigint>(weights.length);
  let cumulative = 0n;
  let before = 0n; // floor(A·C_{i−1} / T)
  for (let i = 0; i < weights.length; i++) {
    cumulative += weights[i] as bigint;
    const upTo = (amountFen * cumulative) / total;
    shares[i] = upTo - before;
    before = upTo;
  }
  return shares;
}

/** One unit's share, with the exact fraction it approximates. */
export interface ShareOf {
  /** The unit's share in fen by the running-total rule. */
  readonly share: bigint;
  /** A·w: the exact share is exactNumerator / denominator fen. */
  readonly exactNumerator: bigint;
  /** T, the total weight of the scope (1 when A = 0 and T = 0, so the fraction stays defined). */
  readonly denominator: bigint;
}

/**
 * One unit's share from three numbers: the scope's total weight `total` (T), the weight of
 * the units before it in the order `cumulativeBefore` (C_{i−1}) and its own `weight` (w_i):
 * share = floor(A·(C_{i−1} + w_i) / T) − floor(A·C_{i−1} / T), equal to `apportion(...)[i]`.
 * Refuses (`FUND_APPORTION_BAD_RANGE`) a unit that does not fit in the scope
 * (C_{i−1} + w_i > T), besides the refusals of `apportion`.
 */
export function shareOf(amountFen: bigint, cumulativeBefore: bigint, weight: bigint, total: bigint): ShareOf {
  checkAmount(amountFen);
  checkWeight(cumulativeBefore);
  checkWeight(weight);
  checkWeight(total);
  if (cumulativeBefore + weight > total) {
    fail(
      "FUND_APPORTION_BAD_RANGE",
      `之前房屋的面积 ${cumulativeBefore} 加本房屋面积 ${weight} 超过了范围合计 ${total}`,
      `The weight before the unit (${cumulativeBefore}) plus its own (${weight}) exceeds the scope's total (${total})`,
    );
  }
  if (amountFen === 0n) return { share: 0n, exactNumerator: 0n, denominator: total === 0n ? 1n : total };
  if (total === 0n) zeroTotal(amountFen);
  const share = (amountFen * (cumulativeBefore + weight)) / total - (amountFen * cumulativeBefore) / total;
  return { share, exactNumerator: amountFen * weight, denominator: total };
}

/** What a page needs to explain one unit's share in plain words. */
export interface ShareExplanation {
  /** The amount apportioned (fen). */
  readonly amountFen: bigint;
  /** Total area of the scope (hundredths of m²). */
  readonly scopeAreaCm2: bigint;
  /** Area of the units before this one in ascending unit id order (hundredths of m²). */
  readonly areaBeforeCm2: bigint;
  /** The unit's own area (hundredths of m²). */
  readonly unitAreaCm2: bigint;
  /**
   * The exact share A·w/T in fen as a decimal string with two decimals, rounded half up
   * in integer arithmetic: 100 fen over 3 equal units → "33.33", 200 over 3 → "66.67".
   */
  readonly exactShareFen: string;
  /** floor(A·w/T): the whole fen of the exact share. */
  readonly floorShareFen: bigint;
  /** The share the unit bears (fen): floorShareFen or floorShareFen + 1. */
  readonly shareFen: bigint;
  /** shareFen − floorShareFen: 1 when the running total gave this unit a remainder fen. */
  readonly remainderFen: bigint;
}

/** Formats numerator/denominator with two decimals, rounded half up (both ≥ 0, denominator > 0). */
export function decimal2(numerator: bigint, denominator: bigint): string {
  const hundredths = (numerator * 200n + denominator) / (2n * denominator);
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, "0")}`;
}

/**
 * The pieces of a sentence like "the scope has 8,123.45 m², your unit 98.76 m²; your exact
 * share is 1,234.56 fen, you bear 1,235 fen (one remainder fen)", for the unit with area
 * `unitAreaCm2` after `areaBeforeCm2` of other units in a scope of `scopeAreaCm2`.
 * Same rule and refusals as `shareOf`.
 */
export function explainShare(amountFen: bigint, areaBeforeCm2: bigint, unitAreaCm2: bigint, scopeAreaCm2: bigint): ShareExplanation {
  const { share, exactNumerator, denominator } = shareOf(amountFen, areaBeforeCm2, unitAreaCm2, scopeAreaCm2);
  const floorShareFen = exactNumerator / denominator;
  return {
    amountFen,
    scopeAreaCm2,
    areaBeforeCm2,
    unitAreaCm2,
    exactShareFen: decimal2(exactNumerator, denominator),
    floorShareFen,
    shareFen: share,
    remainderFen: share - floorShareFen,
  };
}
