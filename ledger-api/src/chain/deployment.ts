/** Where the contracts are: written by scripts/deploy.ts, read by the API and the seed. */
import fs from "node:fs";
import path from "node:path";
import type { Address } from "viem";
import { LEDGER_MODULES, type LedgerModuleContract, type ModuleName } from "../../../chain/modules";

/** Where the contracts are: one address per module (see chain/modules.ts). */
export type Deployment = {
  chainId: number;
  deployBlock: string;
  admin: Address;
  /** keccak256 of the contracts' creation code when deployed (see scripts/lib/deploy.ts). */
  codeVersion?: string;
} & Record<ModuleName, Address>;

/** Each module contract of the deployment, with its address: what the indexer follows and the relayer sends to. */
export function deployedModules(d: Deployment): { module: LedgerModuleContract; address: Address }[] {
  return LEDGER_MODULES.map((module) => ({ module, address: d[module.name] }));
}

export function readDeployment(file: string): Deployment | null {
  if (!fs.existsSync(file)) return null;
  return JSON.parse(fs.readFileSync(file, "utf8")) as Deployment;
}

export function writeDeployment(file: string, d: Deployment): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(d, null, 2) + "\n");
}
