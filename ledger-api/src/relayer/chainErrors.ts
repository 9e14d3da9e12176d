/**
 * Tells the contract's verdict apart from trouble on the way to it. Only a revert the contract
 * itself gave (decoded to its custom error, or a plain revert reason) is final; a refused
 * connection, a timeout, a node restarting, a nonce race or anything else unknown is transient
 * and the item is sent again later. A transient error must never reach a user as a refusal.
 */
import { BaseError, ContractFunctionRevertedError, TransactionReceiptNotFoundError, TransactionNotFoundError } from "viem";

export type ChainVerdict =
  | { final: true; reason: string }
  | { final: false; message: string };

export function classifyChainError(err: unknown): ChainVerdict {
  if (err instanceof BaseError) {
    const revert = err.walk((e) => e instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError) {
      const reason = revert.data?.errorName ?? revert.reason ?? revert.signature;
      if (reason) return { final: true, reason };
    }
  }
  return { final: false, message: shortMessage(err) };
}

/** True when the node answered that it has no such transaction or receipt (not a transport error). */
export function isNotFound(err: unknown): boolean {
  return err instanceof TransactionReceiptNotFoundError || err instanceof TransactionNotFoundError;
}

export function shortMessage(err: unknown): string {
  const e = err as { shortMessage?: string; message?: string };
  return (e.shortMessage ?? e.message ?? String(err)).slice(0, 200);
}

/** Backoff before the n-th retry after a transient error: 0.5 s doubling, at most 30 s. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000, 500 * 2 ** Math.max(0, Math.min(attempts, 10)));
}
