/**
 * Reads every log of the registry and the voting contract straight from a chain node, in
 * block ranges of at most 10,000 blocks (what public nodes and Besu accept), and decodes them
 * with the contracts' ABIs. No API server is involved.
 */
import { createPublicClient, http, type PublicClient } from "viem";
import { communityRegistryAbi, ownerVotingAbi } from "../chain/abi";
import { REGISTRY_EVENT_NAMES, VOTING_EVENT_NAMES, sortByPosition, type Address, type RegistryEvent, type VotingEvent } from "./events";

/** Largest block range of one getLogs request. */
export const MAX_BLOCK_RANGE = 10_000n;

export interface ReadChainParameters {
  /** A node's JSON-RPC URL; or pass `client`. */
  readonly rpcUrl?: string;
  readonly client?: PublicClient;
  readonly registry: Address;
  readonly voting: Address;
  /** The contracts' deployment block (earlier blocks hold none of their logs). */
  readonly fromBlock: bigint;
  /** Defaults to the latest block at the time of the call. */
  readonly toBlock?: bigint;
  /** Called after each block range, for a progress display. */
  readonly onProgress?: (doneBlocks: bigint, totalBlocks: bigint) => void;
}

export interface ReadChainReturnType {
  readonly client: PublicClient;
  readonly chainId: number;
  readonly fromBlock: bigint;
  /** Logs were read up to and including this block; read contract state at this block too. */
  readonly toBlock: bigint;
  /** In chain order. */
  readonly registryEvents: RegistryEvent[];
  /** In chain order. */
  readonly votingEvents: VotingEvent[];
}

export function createVerifierClient(rpcUrl: string): PublicClient {
  return createPublicClient({ transport: http(rpcUrl, { retryCount: 2, timeout: 20_000 }) }) as PublicClient;
}

const REGISTRY_EVENTS = new Set<string>(REGISTRY_EVENT_NAMES);
const VOTING_EVENTS = new Set<string>(VOTING_EVENT_NAMES);

interface RawLog {
  eventName?: string;
  args?: unknown;
  blockNumber: bigint | null;
  logIndex: number | null;
  transactionHash: `0x${string}` | null;
}

function normalise<T>(logs: readonly RawLog[], names: Set<string>): T[] {
  const out: T[] = [];
  for (const l of logs) {
    if (l.eventName === undefined || !names.has(l.eventName)) continue;
    if (l.blockNumber === null || l.logIndex === null || l.transactionHash === null) continue; // pending
    out.push({
      eventName: l.eventName,
      args: l.args,
      blockNumber: l.blockNumber,
      logIndex: l.logIndex,
      transactionHash: l.transactionHash,
    } as T);
  }
  return out;
}

export async function readChain(params: ReadChainParameters): Promise<ReadChainReturnType> {
  const client = params.client ?? (params.rpcUrl ? createVerifierClient(params.rpcUrl) : undefined);
  if (client === undefined) throw new Error("readChain needs rpcUrl or client");
  const [chainId, latest] = await Promise.all([client.getChainId(), client.getBlockNumber()]);
  const toBlock = params.toBlock ?? latest;
  const fromBlock = params.fromBlock;
  const registryEvents: RegistryEvent[] = [];
  const votingEvents: VotingEvent[] = [];
  const total = toBlock >= fromBlock ? toBlock - fromBlock + 1n : 0n;
  for (let start = fromBlock; start <= toBlock; start += MAX_BLOCK_RANGE) {
    const end = start + MAX_BLOCK_RANGE - 1n < toBlock ? start + MAX_BLOCK_RANGE - 1n : toBlock;
    const [reg, vot] = await Promise.all([
      client.getContractEvents({
        address: params.registry,
        abi: communityRegistryAbi,
        fromBlock: start,
        toBlock: end,
        strict: true,
      }),
      client.getContractEvents({
        address: params.voting,
        abi: ownerVotingAbi,
        fromBlock: start,
        toBlock: end,
        strict: true,
      }),
    ]);
    registryEvents.push(...normalise<RegistryEvent>(reg as readonly RawLog[], REGISTRY_EVENTS));
    votingEvents.push(...normalise<VotingEvent>(vot as readonly RawLog[], VOTING_EVENTS));
    params.onProgress?.(end - fromBlock + 1n, total);
  }
  return {
    client,
    chainId,
    fromBlock,
    toBlock,
    registryEvents: sortByPosition(registryEvents),
    votingEvents: sortByPosition(votingEvents),
  };
}
