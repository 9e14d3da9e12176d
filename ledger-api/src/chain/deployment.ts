/** Where the contracts are: written by scripts/deploy.ts, read by the API and the seed. */
import fs from "node:fs";
import path from "node:path";
import type { Address } from "viem";

export interface Deployment {
  chainId: number;
  registry: Address;
  voting: Address;
  deployBlock: string;
  admin: Address;
  /** keccak256 of the contracts' creation code when deployed (see scripts/lib/deploy.ts). */
  codeVersion?: string;
}

export function readDeployment(file: string): Deployment | null {
  if (!fs.existsSync(file)) return null;
  return JSON.parse(fs.readFileSync(file, "utf8")) as Deployment;
}

export function writeDeployment(file: string, d: Deployment): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(d, null, 2) + "\n");
}
