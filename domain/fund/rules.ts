/**
 * The fund's arithmetic rules (住宅专项维修资金管理办法, 令165号; DESIGN.md "Maintenance
 * fund"), in exact integer arithmetic. The fund contract applies exactly the same rules.
 * Money is bigint fen, area bigint hundredths of m² (areaCm2), a rate bigint fen per m².
 *
 * - First deposit (首次缴存): area × the city's rate per m², rounded half up to the fen:
 *   firstDeposit = (areaCm2·rate + 50) / 100 (integer division).
 * - Top-up (续筹): a unit needs one when its balance is below 30 % of its first deposit,
 *   10·balance < 3·firstDeposit (exactly 30 % does not); never when the first deposit is 0.
 *   The top-up needed is the smallest amount x with 10·(balance + x) ≥ 3·firstDeposit,
 *   x = ceil(3·firstDeposit / 10) − balance = (3·firstDeposit + 9) / 10 − balance, or 0.
 * - Budget cap: a payment fits a plan's approved budget when the plan's payments including
 *   it exceed the budget by at most 10 %: 10·(spent + amount) ≤ 11·budget (exactly 110 %
 *   fits); beyond that it needs a new approval.
 * - Interest and other income (增值收益) go back into the sub-accounts pro rata to their
 *   balances by the running-total rule of `apportion` (units in ascending unit id order):
 *   a zero balance gets 0; if every balance is 0 (or there are none) there is nowhere for
 *   the income to go and `allocateInterest` refuses (`FUND_INTEREST_NO_BALANCE`), even for
 *   an amount of 0, as the contract does.
 * Negative amounts, areas or rates are refused (`FUND_BAD_AMOUNT`).
 */
import { apportion } from "./apportion";
import { checkNonNegative, fail } from "./check";

function money(value: bigint, whatZh: string, whatEn: string): void {
  checkNonNegative(value, "FUND_BAD_AMOUNT", whatZh, whatEn);
}

/** First deposit in fen: area (hundredths of m²) × rate (fen per m²), rounded half up to the fen. */
export function firstDepositFen(areaCm2: bigint, rateFenPerM2: bigint): bigint {
  money(areaCm2, "面积（0.01平方米）", "The area (hundredths of m²)");
  money(rateFenPerM2, "每平方米缴存标准（分）", "The rate (fen per m²)");
  return (areaCm2 * rateFenPerM2 + 50n) / 100n;
}

/** True when the balance is below 30 % of the first deposit (10·balance < 3·firstDeposit). */
export function needsTopUp(balanceFen: bigint, firstDepositFen: bigint): boolean {
  money(balanceFen, "分户余额（分）", "The balance (fen)");
  money(firstDepositFen, "首次缴存额（分）", "The first deposit (fen)");
  if (firstDepositFen === 0n) return false;
  return 10n * balanceFen < 3n * firstDepositFen;
}

/** The smallest amount that brings the balance to at least 30 % of the first deposit; 0 if none is needed. */
export function topUpNeededFen(balanceFen: bigint, firstDepositFen: bigint): bigint {
  if (!needsTopUp(balanceFen, firstDepositFen)) return 0n;
  return (3n * firstDepositFen + 9n) / 10n - balanceFen;
}

/** True when 10·(spent + amount) ≤ 11·budget: the payment keeps the plan within 110 % of its budget. */
export function withinBudgetCap(spentFen: bigint, amountFen: bigint, budgetFen: bigint): boolean {
  money(spentFen, "已支付金额（分）", "The amount already spent (fen)");
  money(amountFen, "本次支付金额（分）", "The payment (fen)");
  money(budgetFen, "批准预算（分）", "The approved budget (fen)");
  return 10n * (spentFen + amountFen) <= 11n * budgetFen;
}

/**
 * Splits interest (or other income) over the units pro rata to their balances, in the
 * order given (ascending unit id), by the running-total rule of `apportion`.
 */
export function allocateInterest(amountFen: bigint, balances: readonly bigint[]): bigint[] {
  if (!balances.some((b) => b !== 0n)) {
    fail(
      "FUND_INTEREST_NO_BALANCE",
      `所有分户余额均为 0，利息 ${amountFen} 分无法按余额分配`,
      `Every sub-account balance is 0: ${amountFen} fen of interest cannot be allocated by balance`,
    );
  }
  return apportion(amountFen, balances);
}
