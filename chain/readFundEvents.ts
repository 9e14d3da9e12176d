/**
 * Reads one community's maintenance-fund events straight from a chain node (any RPC URL), with
 * their blocks' times, as the domain's FundEvents: what the browser's own check, `npm run verify`
 * and the seed replay, trusting no server. Blocks are read once each for their time.
 */
import type { Address, Hex, PublicClient } from "viem";
import { fundLedgerAbi } from "./abi";
import { decodeLedgerLog } from "./decodeLog";
import { fundEventOf } from "./fundEvents";
import { logsSplittingRange } from "./splitLogRange";
import type { FundEvent } from "../domain/fund/ledgerReplay";

/** Blocks per getLogs request (a public node's usual limit is 10,000 or more). */
const RANGE = 5_000n;

export async function readFundEvents(
  client: Pick<PublicClient, "getLogs" | "getBlock" | "getBlockNumber">,
  fund: Address,
  communityId: bigint,
  fromBlock: bigint,
  onProgress?: (done: bigint, total: bigint) => void,
): Promise<FundEvent[]> {
  const head = await client.getBlockNumber();
  const out: FundEvent[] = [];
  const times = new Map<bigint, bigint>();
  for (let from = fromBlock; from <= head; from += RANGE) {
    const to = from + RANGE - 1n < head ? from + RANGE - 1n : head;
    const logs = await logsSplittingRange((a, b) => client.getLogs({ address: fund, fromBlock: a, toBlock: b }), from, to);
    for (const log of logs as { data: Hex; topics: Hex[]; blockNumber: bigint; logIndex: number; transactionHash: Hex }[]) {
      const d = decodeLedgerLog(fundLedgerAbi, log);
      if (!d || d.args.communityId !== communityId) continue;
      let time = times.get(log.blockNumber);
      if (time === undefined) {
        time = (await client.getBlock({ blockNumber: log.blockNumber })).timestamp;
        times.set(log.blockNumber, time);
      }
      const ev = fundEventOf(d.eventName, d.args, { time, block: log.blockNumber, logIndex: log.logIndex, txHash: log.transactionHash });
      if (ev) out.push(ev);
    }
    onProgress?.(to - fromBlock + 1n, head - fromBlock + 1n);
  }
  return out;
}
