/**
 * Writes test/fixtures/apportionCases.json: the apportionment cases that the TypeScript
 * domain (domain/fund/apportion.ts) and the fund contract's tests must both get right.
 * Every `shares` array comes from `apportion`; test/domain/fund/apportion.test.ts checks
 * that the file is up to date. Amounts, weights and each case's total weight fit a uint64.
 * Run: npx tsx scripts/fund/writeApportionCases.ts
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { apportion } from "../../domain/fund/apportion";
import { UINT64_MAX } from "../../domain/fund/check";
import { mulberry32 } from "../demo/generateCommunity";

export interface ApportionCase {
  readonly name: string;
  readonly amountFen: string;
  readonly weights: string[];
  readonly shares: string[];
}

export const APPORTION_CASES_PATH = fileURLToPath(new URL("../../test/fixtures/apportionCases.json", import.meta.url));

/** `count` unit areas from 60.00 to 240.00 m² (hundredths of m²), from a fixed seed. */
function realisticAreas(seed: number, count: number): bigint[] {
  const next = mulberry32(seed);
  return Array.from({ length: count }, () => BigInt(6000 + (next() % 18001)));
}

function c(name: string, amountFen: bigint, weights: readonly bigint[]): ApportionCase {
  return {
    name,
    amountFen: amountFen.toString(),
    weights: weights.map((w) => w.toString()),
    shares: apportion(amountFen, weights).map((s) => s.toString()),
  };
}

export function apportionCases(): ApportionCase[] {
  const areas72 = realisticAreas(20261202, 72);
  const building = realisticAreas(7, 24);
  return [
    c("remainder: 100 fen over 3 equal units", 100n, [10000n, 10000n, 10000n]),
    c("remainder: 200 fen over 3 equal units", 200n, [10000n, 10000n, 10000n]),
    c("remainder: 1 fen over 2 equal units", 1n, [8888n, 8888n]),
    c("remainder: 10 fen over 7 equal units", 10n, Array.from({ length: 7 }, () => 9000n)),
    c("one unit bears it all", 12345678n, [9876n]),
    c("zero amount", 0n, [100n, 200n, 300n]),
    c("a unit of zero area among others gets 0", 1000n, [5000n, 0n, 5000n]),
    c("very unequal areas: 1 cm² then 10,000,000 cm²", 123456789n, [1n, 10000000n]),
    c("very unequal areas: 10,000,000 cm² then 1 cm²", 123456789n, [10000000n, 1n]),
    c("very unequal areas: 1 cm² between two of 10,000,000 cm²", 999999n, [10000000n, 1n, 10000000n]),
    c(
      "developer-held units in scope: 6 owners' units, then 3 developer-held units (the developer pays their shares)",
      3500000n,
      [8912n, 10234n, 12000n, 8912n, 10234n, 12000n, /* developer-held: */ 8912n, 10234n, 12000n],
    ),
    c("a building of 24 units, lift repair", 28000000n, building),
    c("72 units of realistic areas (mulberry32 seed 20261202)", 1234567n, areas72),
    c("72 units of realistic areas, 1 fen short of a round amount", 9999999n, areas72),
    c("amount smaller than unit count: 5 fen over 72 units", 5n, areas72),
    c("amount smaller than unit count: 1 fen over 72 units", 1n, areas72),
    c("large amount: 2^64 − 1 fen over 3 equal units", UINT64_MAX, [10000n, 10000n, 10000n]),
    c("large amount: 2^64 − 1 fen over 72 realistic areas", UINT64_MAX, areas72),
    c("large amount and large areas: 2^64 − 2 fen over areas adding up to 2^64 − 1", UINT64_MAX - 1n, [1n << 63n, 1n << 62n, (1n << 62n) - 1n]),
  ];
}

/** The file's exact text: pretty JSON, one share per line, ending in a newline. */
export function apportionCasesJson(): string {
  return `${JSON.stringify(apportionCases(), null, 2)}\n`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(APPORTION_CASES_PATH, apportionCasesJson());
  console.log(`wrote ${apportionCases().length} cases to ${APPORTION_CASES_PATH}`);
}
