/**
 * When each transaction reached the node: a WebSocket subscription to the node's pending
 * transactions (eth_subscribe "newPendingTransactions"; Anvil announces every transaction it
 * takes, automined or not). It only listens, so the service under test runs unchanged.
 */
import { webSocket } from "viem";

export interface BroadcastWatch {
  /** Transaction hash (lowercase) → when the node announced it, ms since the epoch. */
  seenAt: Map<string, number>;
  stop(): Promise<void>;
}

/** Subscribes on the node at `rpcUrl` (http:// becomes ws://, same port); resolves once subscribed. */
export async function watchBroadcasts(rpcUrl: string): Promise<BroadcastWatch> {
  const transport = webSocket(rpcUrl.replace(/^http/, "ws"), { reconnect: false })({});
  const seenAt = new Map<string, number>();
  const errors: unknown[] = [];
  const sub = await transport.value!.subscribe({
    params: ["newPendingTransactions"],
    onData: (data) => {
      const hash = (data as { result?: unknown }).result;
      if (typeof hash === "string" && !seenAt.has(hash.toLowerCase())) seenAt.set(hash.toLowerCase(), Date.now());
    },
    onError: (err: unknown) => void errors.push(err),
  });
  return {
    seenAt,
    async stop() {
      await sub.unsubscribe().catch(() => undefined);
      (await transport.value!.getRpcClient()).close();
      if (errors.length > 0) throw new Error(`pending-transaction subscription failed: ${String(errors[0])}`);
    },
  };
}
