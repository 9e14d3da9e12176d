/**
 * Reads every log of the registry and the voting contract straight from a chain node, in
 * block ranges of at most 10,000 blocks (what public nodes and Besu accept), one `eth_getLogs`
 * for both contracts per range, and decodes them with the contracts' ABIs (one table lookup per
 * log, chain/decodeLog.ts). No API server is involved. Runs in Node and in the browser.
 */
import { logsSplittingRange } from "../chain/splitLogRange";
import { createPublicClient, hexToBigInt, hexToNumber, http, type Hex, type PublicClient } from "viem";
import { communityRegistryAbi, ownerVotingAbi } from "../chain/abi";
import { decodeLedgerLog } from "../chain/decodeLog";
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
  /** The node's chain id, if already asked (saves a request). */
  readonly chainId?: number;
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

/** A log as eth_getLogs returns it (quantities in hex). */
interface RpcLog {
  readonly address: Address;
  readonly data: Hex;
  readonly topics: readonly Hex[];
  readonly blockNumber: Hex | null;
  readonly logIndex: Hex | null;
  readonly transactionHash: Hex | null;
  readonly removed?: boolean;
}

/** Decodes the logs of one range into the two contracts' events (pending and removed logs skipped). */
function decodeLogs(
  logs: readonly RpcLog[],
  registry: Address,
  voting: Address,
  out: { registryEvents: RegistryEvent[]; votingEvents: VotingEvent[] },
): void {
  const reg = registry.toLowerCase();
  const vot = voting.toLowerCase();
  for (const l of logs) {
    if (l.removed === true || l.blockNumber === null || l.logIndex === null || l.transactionHash === null) continue;
    const address = l.address.toLowerCase();
    const isRegistry = address === reg;
    if (!isRegistry && address !== vot) continue;
    const decoded = decodeLedgerLog(isRegistry ? communityRegistryAbi : ownerVotingAbi, l);
    if (decoded === null || !(isRegistry ? REGISTRY_EVENTS : VOTING_EVENTS).has(decoded.eventName)) continue;
    const ev = {
      eventName: decoded.eventName,
      args: decoded.args,
      blockNumber: hexToBigInt(l.blockNumber),
      logIndex: hexToNumber(l.logIndex),
      transactionHash: l.transactionHash,
    };
    // The ABI decoded the event by its topic, so its arguments have the event's types.
    if (isRegistry) out.registryEvents.push(ev as RegistryEvent);
    else out.votingEvents.push(ev as VotingEvent);
  }
}

const toHexQuantity = (n: bigint): Hex => `0x${n.toString(16)}`;

export async function readChain(params: ReadChainParameters): Promise<ReadChainReturnType> {
  const client = params.client ?? (params.rpcUrl ? createVerifierClient(params.rpcUrl) : undefined);
  if (client === undefined) throw new Error("readChain needs rpcUrl or client");
  const [chainId, toBlock] = await Promise.all([
    params.chainId ?? client.getChainId(),
    params.toBlock ?? client.getBlockNumber(),
  ]);
  const fromBlock = params.fromBlock;
  const registryEvents: RegistryEvent[] = [];
  const votingEvents: VotingEvent[] = [];
  const total = toBlock >= fromBlock ? toBlock - fromBlock + 1n : 0n;
  const out = { registryEvents, votingEvents };
  for (let start = fromBlock; start <= toBlock; start += MAX_BLOCK_RANGE) {
    const end = start + MAX_BLOCK_RANGE - 1n < toBlock ? start + MAX_BLOCK_RANGE - 1n : toBlock;
    const logs = await logsSplittingRange(
      async (a, b) =>
        (await client.request({
          method: "eth_getLogs",
          params: [{ address: [params.registry, params.voting], fromBlock: toHexQuantity(a), toBlock: toHexQuantity(b) }],
        })) as readonly RpcLog[],
      start,
      end,
    );
    decodeLogs(logs, params.registry, params.voting, out);
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
