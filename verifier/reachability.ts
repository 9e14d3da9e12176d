/**
 * Before a proposal is checked: can the node be read, is it the chain the addresses were
 * deployed on, is there a registry and a voting contract at the addresses, and does the
 * proposal exist? Each "no" is a reason the check could not be made (not a mismatch), told
 * apart so that a resident knows what to fix: the node's address, the deployment file, the
 * contract addresses, or the proposal number.
 */
import { BaseError, ContractFunctionRevertedError, createPublicClient, http, type PublicClient } from "viem";
import { communityRegistryAbi, ownerVotingAbi } from "../chain/abi";
import type { Address } from "./events";

/** Why a proposal could not be checked. */
export type CheckFailure =
  | { readonly kind: "NODE_UNREACHABLE"; readonly url: string; readonly reason: string }
  | { readonly kind: "WRONG_CHAIN"; readonly expected: number; readonly actual: number }
  | {
      readonly kind: "CONTRACT_NOT_FOUND";
      readonly contract: "registry" | "voting";
      readonly address: Address;
      /** NO_CODE: nothing deployed there; NOT_THE_CONTRACT: code that does not answer as that contract; REGISTRY_MISMATCH: a voting contract of another registry. */
      readonly reason: "NO_CODE" | "NOT_THE_CONTRACT" | "REGISTRY_MISMATCH";
      readonly actual?: Address;
    }
  | {
      readonly kind: "RECORD_NOT_FOUND";
      readonly proposalId: bigint;
      /** How many proposals the contract has. */
      readonly proposalCount: bigint;
      /** NO_SUCH_PROPOSAL: the contract has none with this id; NOT_IN_BLOCKS: it has, but its publication is not in the blocks read. */
      readonly reason: "NO_SUCH_PROPOSAL" | "NOT_IN_BLOCKS";
      readonly fromBlock?: bigint;
      readonly toBlock?: bigint;
    }
  | { readonly kind: "API_UNREACHABLE"; readonly url: string; readonly reason: string }
  | { readonly kind: "BAD_INPUT"; readonly code: string; readonly detail: string };

/** A short, single-line description of an error (viem's shortMessage when it has one). */
export function shortError(err: unknown): string {
  let m: string;
  if (err instanceof BaseError) m = err.shortMessage;
  else if (err instanceof Error) m = err.message;
  else m = String(err);
  m = m.replace(/\s+/g, " ").trim();
  return m.length > 200 ? `${m.slice(0, 200)}…` : m;
}

/** A client that fails fast: one attempt per request, `timeoutMs` each. */
export function createProbeClient(rpcUrl: string, timeoutMs = 10_000): PublicClient {
  return createPublicClient({ transport: http(rpcUrl, { retryCount: 0, timeout: timeoutMs }) }) as PublicClient;
}

export interface NodeInfo {
  readonly chainId: number;
  readonly head: bigint;
}

/** The node's chain id and latest block, or NODE_UNREACHABLE (refused, timed out, not a JSON-RPC node). */
export async function probeNode(
  client: PublicClient,
  url: string,
): Promise<{ readonly ok: true; readonly node: NodeInfo } | { readonly ok: false; readonly failure: CheckFailure }> {
  try {
    const [chainId, head] = await Promise.all([client.getChainId(), client.getBlockNumber()]);
    return { ok: true, node: { chainId, head } };
  } catch (err) {
    return { ok: false, failure: { kind: "NODE_UNREACHABLE", url, reason: shortError(err) } };
  }
}

/** WRONG_CHAIN when the addresses were given for another chain id. */
export function checkChainId(expected: number | undefined, actual: number): CheckFailure | null {
  return expected !== undefined && expected !== actual ? { kind: "WRONG_CHAIN", expected, actual } : null;
}

function isRevert(err: unknown): boolean {
  return err instanceof BaseError && err.walk((e) => e instanceof ContractFunctionRevertedError) !== null;
}

/**
 * There is code at both addresses, the registry answers as a CommunityRegistry, and the voting
 * contract answers as an OwnerVoting of that registry. Errors other than a missing or wrong
 * contract (the node went away) are thrown.
 */
export async function checkContracts(
  client: PublicClient,
  addresses: { readonly registry: Address; readonly voting: Address },
  blockNumber: bigint,
): Promise<CheckFailure | null> {
  // Both addresses at once (one round trip, not two); the registry is reported first.
  const codes = await Promise.all((["registry", "voting"] as const).map((c) => client.getCode({ address: addresses[c], blockNumber })));
  for (const [i, contract] of (["registry", "voting"] as const).entries()) {
    const code = codes[i];
    if (code === undefined || code === "0x") return { kind: "CONTRACT_NOT_FOUND", contract, address: addresses[contract], reason: "NO_CODE" };
  }
  const notThe = (contract: "registry" | "voting") => (err: unknown): never => {
    if (isRevert(err) || (err instanceof BaseError && /returned no data|decode/i.test(err.shortMessage))) {
      throw new WrongContract({ kind: "CONTRACT_NOT_FOUND", contract, address: addresses[contract], reason: "NOT_THE_CONTRACT" });
    }
    throw err;
  };
  try {
    // Both at once; a failure of the registry's is reported before the voting contract's.
    const [reg, vot] = await Promise.allSettled([
      client
        .readContract({ address: addresses.registry, abi: communityRegistryAbi, functionName: "communityCount", blockNumber })
        .catch(notThe("registry")),
      client
        .readContract({ address: addresses.voting, abi: ownerVotingAbi, functionName: "registry", blockNumber })
        .catch(notThe("voting")) as Promise<Address>,
    ]);
    if (reg.status === "rejected") throw reg.reason;
    if (vot.status === "rejected") throw vot.reason;
    const registryOfVoting = vot.value;
    if (registryOfVoting.toLowerCase() !== addresses.registry.toLowerCase()) {
      return { kind: "CONTRACT_NOT_FOUND", contract: "voting", address: addresses.voting, reason: "REGISTRY_MISMATCH", actual: registryOfVoting };
    }
  } catch (err) {
    if (err instanceof WrongContract) return err.failure;
    throw err;
  }
  return null;
}

class WrongContract extends Error {
  constructor(readonly failure: CheckFailure) {
    super(failure.kind);
  }
}

/** The contract's proposal count; RECORD_NOT_FOUND when `proposalId` is not among 1..count. */
export async function checkProposalExists(
  client: PublicClient,
  voting: Address,
  proposalId: bigint,
  blockNumber: bigint,
): Promise<CheckFailure | null> {
  const proposalCount = (await client.readContract({
    address: voting,
    abi: ownerVotingAbi,
    functionName: "proposalCount",
    blockNumber,
  })) as bigint;
  if (proposalId < 1n || proposalId > proposalCount) {
    return { kind: "RECORD_NOT_FOUND", proposalId, proposalCount, reason: "NO_SUCH_PROPOSAL" };
  }
  return null;
}
