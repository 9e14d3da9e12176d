/**
 * What the fund pages read from a chain node themselves (any RPC URL the user gives), trusting
 * not the API: a community's FundLedger events, a unit's account as the contract holds it, and a
 * statement as FundReports recorded it. Loaded on demand by the pages (viem's client is only
 * needed when the user asks for a check).
 */
import { createPublicClient, getAbiItem, http, type Address, type Hex, type PublicClient } from "viem";
import { fundLedgerAbi, fundReportsAbi } from "../../../chain/abi";
import { readFundEvents } from "../../../chain/readFundEvents";
import { replayFund, type FundState } from "../../../domain/fund/ledgerReplay";
import type { ChainAccount } from "./checkUnit";
import type { ChainStatement } from "./verifyLine";

/** Blocks per getLogs request, as chain/readFundEvents.ts. */
const RANGE = 5_000n;

export function fundClient(rpcUrl: string): PublicClient {
  return createPublicClient({ transport: http(rpcUrl, { retryCount: 1, timeout: 20_000 }) }) as PublicClient;
}

export interface UnitOnChain {
  readonly chainId: number;
  readonly head: bigint;
  readonly eventCount: number;
  readonly replay: FundState;
  readonly account: ChainAccount;
}

/** The community's fund replayed from its events, and the unit's account read from the contract at the same block. */
export async function readUnitOnChain(
  rpcUrl: string,
  fund: Address,
  communityId: bigint,
  unitId: number,
  fromBlock: bigint,
  onProgress?: (done: bigint, total: bigint) => void,
): Promise<UnitOnChain> {
  const client = fundClient(rpcUrl);
  const chainId = await client.getChainId();
  const head = await client.getBlockNumber();
  // events and the account at the same block: the head read once
  const events = await readFundEvents(
    { getLogs: client.getLogs, getBlock: client.getBlock, getBlockNumber: async () => head },
    fund,
    communityId,
    fromBlock,
    onProgress,
  );
  const replay = replayFund(events);
  const [opened, closed, accountIndex, balanceFen, firstDepositFen, areaCm2] = await client.readContract({
    address: fund,
    abi: fundLedgerAbi,
    functionName: "accountOf",
    args: [communityId, unitId],
    blockNumber: head,
  });
  return {
    chainId,
    head,
    eventCount: events.length,
    replay,
    account: { opened, closed, accountIndex: Number(accountIndex), balanceFen, firstDepositFen, areaCm2: BigInt(areaCm2) },
  };
}

/** The statement as FundReports' events record it; null when the chain has no such statement. */
export async function readStatementOnChain(rpcUrl: string, reports: Address, communityId: bigint, statementId: bigint, fromBlock: bigint): Promise<ChainStatement | null> {
  const client = fundClient(rpcUrl);
  const head = await client.getBlockNumber();
  const published = getAbiItem({ abi: fundReportsAbi, name: "StatementPublished" });
  const confirmed = getAbiItem({ abi: fundReportsAbi, name: "StatementConfirmed" });
  let found: ChainStatement | null = null;
  let bank: { bankBalanceFen: bigint; reconciled: boolean } | null = null;
  for (let from = fromBlock; from <= head; from += RANGE) {
    const to = from + RANGE - 1n < head ? from + RANGE - 1n : head;
    const args = { communityId, statementId };
    const [p, c] = await Promise.all([
      client.getLogs({ address: reports, event: published, args, fromBlock: from, toBlock: to }),
      client.getLogs({ address: reports, event: confirmed, args, fromBlock: from, toBlock: to }),
    ]);
    for (const log of p) {
      const st = log.args.statement;
      if (!st || log.args.statementId !== statementId || st.communityId !== communityId) continue;
      found = {
        statementId,
        root: st.root,
        totalFen: st.totalFen,
        lineCount: Number(st.lineCount),
        ledgerBalanceFen: st.ledgerBalanceFen,
        publishedTx: log.transactionHash as Hex,
        bankBalanceFen: null,
        reconciled: null,
      };
    }
    for (const log of c) {
      if (log.args.statementId !== statementId || log.args.bankBalanceFen === undefined) continue;
      bank = { bankBalanceFen: log.args.bankBalanceFen, reconciled: log.args.reconciled === true };
    }
  }
  if (found === null) return null;
  return bank ? { ...found, bankBalanceFen: bank.bankBalanceFen, reconciled: bank.reconciled } : found;
}
