/**
 * The maintenance fund's events in the index (FundLedger and FundReports): each kept as it came,
 * with its block's time, in the FundEvent table. The fund's state (balances, plans, payments,
 * the ledger) is not stored a second time: the API replays these rows with the same domain
 * module the browser replays the chain's logs with (domain/fund/ledgerReplay.ts).
 */
import type { Abi } from "viem";
import { fundLedgerAbi, fundReportsAbi } from "../../../../chain/abi";
import { encodeTagged } from "../../json";
import type { LedgerLog, ModuleEventHandlers, RunHandler, Tx } from "../handlers";

/** Every event of a contract's ABI, stored as one FundEvent row each; consecutive ones in one insert. */
function storedEvents(abi: Abi): ModuleEventHandlers {
  const run: RunHandler = async (tx: Tx, logs: readonly LedgerLog[]) => {
    await tx.fundEvent.createMany({
      data: logs.map((l) => ({
        blockNumber: l.blockNumber,
        logIndex: l.logIndex,
        txHash: l.transactionHash,
        communityId: BigInt(l.args.communityId as bigint),
        time: l.blockTime ?? 0n,
        eventName: l.eventName,
        args: encodeTagged(l.args) as object,
      })),
    });
  };
  const names = abi.filter((i) => i.type === "event").map((i) => (i as { name: string }).name);
  return { events: {}, runs: Object.fromEntries(names.map((n) => [n, run])) };
}

export const fundEvents = storedEvents(fundLedgerAbi);
export const reportsEvents = storedEvents(fundReportsAbi);
