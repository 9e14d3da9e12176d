/** Money on the fund pages: integer fen shown as yuan with domain/fund/money.ts, never through floating point. */
import { formatYuan } from "../../../domain/fund/money";

/** 123456 fen → "¥1,234.56"; a negative amount "-¥0.05". */
export function yuan(fen: bigint | string): string {
  const v = BigInt(fen);
  return v < 0n ? `-¥${formatYuan(-v)}` : `¥${formatYuan(v)}`;
}

/** A movement with its sign: "+¥1,234.56" / "-¥5.00" (0 is "¥0.00"). */
export function signedYuan(fen: bigint | string): string {
  const v = BigInt(fen);
  return v > 0n ? `+${yuan(v)}` : yuan(v);
}

/**
 * An exact share in fen with two decimals ("580634.12", apportion.ts decimal2) as yuan with four
 * decimals: "5,806.3412" (the fen's two decimals follow the yuan's).
 */
export function exactYuan(exactFen: string): string {
  const m = /^(\d+)\.(\d{2})$/.exec(exactFen);
  if (!m) return exactFen;
  return `${formatYuan(BigInt(m[1] as string))}${m[2] as string}`;
}

/** What an owner types for an amount in yuan ("1,234.56", "¥1234.5", "-0.05") → fen; null if it is not one. */
export function parseYuan(text: string): bigint | null {
  const s = text.replace(/[¥,，\s]/g, "").replace(/^−/, "-").replace(/^\+/, "");
  const m = /^(-?)(\d{1,16})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const fen = BigInt(m[2] as string) * 100n + BigInt((m[3] ?? "").padEnd(2, "0"));
  return m[1] === "-" ? -fen : fen;
}
