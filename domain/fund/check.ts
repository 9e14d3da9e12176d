/**
 * Input checks shared by the maintenance-fund modules. Every refusal is a `DomainError`
 * whose code starts with `FUND_`.
 */
import { DomainError } from "../errors";

/** Largest value of a Solidity `uint64`, the contract's type for fen and areas. */
export const UINT64_MAX = (1n << 64n) - 1n;
/** Largest value of a Solidity `uint32`, the contract's type for unit ids. */
export const UINT32_MAX = 0xffffffff;

export function fail(code: string, zh: string, en: string): never {
  throw new DomainError(code, zh, en);
}

/** Refuses anything but a bigint from 0 to `UINT64_MAX`. */
export function checkUint64(value: bigint, code: string, whatZh: string, whatEn: string): void {
  if (typeof value !== "bigint" || value < 0n || value > UINT64_MAX) {
    fail(
      code,
      `${whatZh}必须是 0 到 ${UINT64_MAX} 之间的整数，收到 ${String(value)}`,
      `${whatEn} must be an integer from 0 to ${UINT64_MAX}, got ${String(value)}`,
    );
  }
}

/** Refuses anything but a bigint ≥ 0. */
export function checkNonNegative(value: bigint, code: string, whatZh: string, whatEn: string): void {
  if (typeof value !== "bigint" || value < 0n) {
    fail(code, `${whatZh}必须是非负整数，收到 ${String(value)}`, `${whatEn} must be a non-negative integer, got ${String(value)}`);
  }
}

/** Refuses anything but an integer number from 0 to `UINT32_MAX`. */
export function checkUint32(value: number, code: string, whatZh: string, whatEn: string): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > UINT32_MAX) {
    fail(
      code,
      `${whatZh}必须是 0 到 ${UINT32_MAX} 之间的整数，收到 ${String(value)}`,
      `${whatEn} must be an integer from 0 to ${UINT32_MAX}, got ${String(value)}`,
    );
  }
}
