/**
 * Printing money. Amounts are integer fen (分, 1/100 yuan) as bigint; they are formatted
 * from the integer by division and remainder, never through floating point.
 *
 * - `formatYuan`: thousands separated by ",", always two decimals, a leading "-" for a
 *   negative amount: 123456n → "1,234.56", -5n → "-0.05", 0n → "0.00".
 * - `yuanPlain`: the same without separators (123456n → "1234.56"), for CSV cells that a
 *   spreadsheet must read as a number.
 */

function split(fen: bigint): { sign: string; yuan: string; cents: string } {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  return {
    sign: negative ? "-" : "",
    yuan: (abs / 100n).toString(),
    cents: (abs % 100n).toString().padStart(2, "0"),
  };
}

/** Yuan with thousands separators and two decimals: 123456n → "1,234.56", -5n → "-0.05". */
export function formatYuan(fen: bigint): string {
  const { sign, yuan, cents } = split(fen);
  const grouped = yuan.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}${grouped}.${cents}`;
}

/** Yuan with two decimals and no separators: 123456n → "1234.56", -5n → "-0.05". */
export function yuanPlain(fen: bigint): string {
  const { sign, yuan, cents } = split(fen);
  return `${sign}${yuan}.${cents}`;
}
