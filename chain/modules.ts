/**
 * The ledger's module contracts: the core registry and one contract per capability. Each owns the
 * committee-action kinds its committeeKinds() lists (enforced by the registry on chain); this is
 * the one place TypeScript learns which contract a kind goes to. A new module adds one entry.
 */
import type { Abi } from "viem";
import { communityRegistryAbi, documentAnchorAbi, fundLedgerAbi, fundReportsAbi, ownerVotingAbi } from "./abi";
import { moduleCommitteeKinds } from "./contractEnums";

export interface LedgerModuleContract {
  /** short name used in the deployment and the relayer's queue */
  readonly name: "registry" | "voting" | "fund" | "reports" | "documents";
  /** Solidity contract name */
  readonly contract: keyof typeof moduleCommitteeKinds;
  readonly abi: Abi;
}

export const LEDGER_MODULES = [
  { name: "registry", contract: "CommunityRegistry", abi: communityRegistryAbi },
  { name: "voting", contract: "OwnerVoting", abi: ownerVotingAbi },
  { name: "fund", contract: "FundLedger", abi: fundLedgerAbi },
  { name: "reports", contract: "FundReports", abi: fundReportsAbi },
  { name: "documents", contract: "DocumentAnchor", abi: documentAnchorAbi },
] as const satisfies readonly LedgerModuleContract[];

export type ModuleName = (typeof LEDGER_MODULES)[number]["name"];

const byKind = new Map<number, LedgerModuleContract>();
for (const m of LEDGER_MODULES) for (const kind of Object.values(moduleCommitteeKinds[m.contract])) byKind.set(kind, m);

/** The module whose contract executes a committee-action kind. */
export function moduleOfKind(kind: number): LedgerModuleContract {
  const m = byKind.get(kind);
  if (!m) throw new Error(`no module owns committee-action kind ${kind}`);
  return m;
}

export function moduleNamed(name: ModuleName): LedgerModuleContract {
  return LEDGER_MODULES.find((m) => m.name === name)!;
}
