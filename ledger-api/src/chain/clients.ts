/** viem clients: a public client to read, and the relayer's wallet that only pays gas. */
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type Hex,
  type PublicClient,
  type WalletClient,
  type Account,
  type Chain,
  type Transport,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

export type LedgerWallet = WalletClient<Transport, Chain, Account>;

export function ledgerChain(chainId: number, rpcUrl: string): Chain {
  return defineChain({
    id: chainId,
    name: `ledger-${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}

export function makeClients(chainId: number, rpcUrl: string, relayerKey: Hex) {
  const chain = ledgerChain(chainId, rpcUrl);
  const transport = http(rpcUrl, { batch: false, retryCount: 2, timeout: 30_000 });
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 100 }) as PublicClient;
  const wallet = createWalletClient({ chain, transport, account: privateKeyToAccount(relayerKey) });
  return { chain, publicClient, wallet };
}
