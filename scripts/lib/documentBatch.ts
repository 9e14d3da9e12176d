/**
 * Anchors a batch of documents directly on chain with viem (no API): deploys a DocumentAnchor
 * when asked, builds the batch's document log, sends `anchor(root, size)` from the given key
 * and returns each document's proof bundle (community-ledger/document-proof/v1) as the API
 * gives it. Used by the verifier's tests, the browser test and the documents benchmark.
 */
import fs from "node:fs";
import path from "node:path";
import { bytesToHex, createPublicClient, createWalletClient, defineChain, hexToBytes, http, parseEventLogs, type Hex, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { documentAnchorAbi } from "../../chain/abi";
import { bundleOf, type ProofBundle } from "../../domain/documents/bundle";
import { contentHashOf, descriptorOf, documentLeafHash, type DocumentRef } from "../../domain/documents/leaf";
import { buildDocumentLog } from "../../domain/documents/merkleLog";

const ROOT = path.resolve(__dirname, "../..");

export interface BatchDocument {
  readonly bytes: Uint8Array;
  readonly ref: DocumentRef;
  readonly mediaType?: string;
}

function clients(rpcUrl: string, key: Hex, chainId: number) {
  const chain = defineChain({ id: chainId, name: `chain ${chainId}`, nativeCurrency: { name: "ETH", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [rpcUrl] } } });
  const account = privateKeyToAccount(key);
  const pub = createPublicClient({ chain, transport: http(rpcUrl, { retryCount: 0 }), pollingInterval: 50 }) as PublicClient;
  const wallet = createWalletClient({ chain, account, transport: http(rpcUrl, { retryCount: 0 }) });
  return { pub, wallet, account };
}

async function chainIdOf(rpcUrl: string): Promise<number> {
  return createPublicClient({ transport: http(rpcUrl) }).getChainId();
}

/** Deploys a DocumentAnchor from the compiled artifact (run `npx hardhat compile` first). */
export async function deployDocumentAnchor(rpcUrl: string, key: Hex): Promise<Hex> {
  const file = path.join(ROOT, "artifacts/contracts/DocumentAnchor.sol/DocumentAnchor.json");
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npx hardhat compile\` first`);
  const { bytecode } = JSON.parse(fs.readFileSync(file, "utf8")) as { bytecode: Hex };
  const { pub, wallet } = clients(rpcUrl, key, await chainIdOf(rpcUrl));
  const hash = await wallet.deployContract({ abi: documentAnchorAbi, bytecode, args: [] });
  const receipt = await pub.waitForTransactionReceipt({ hash });
  if (!receipt.contractAddress) throw new Error("DocumentAnchor was not deployed");
  return receipt.contractAddress;
}

export interface AnchoredBatch {
  readonly root: Hex;
  readonly transaction: Hex;
  readonly gasUsed: bigint;
  readonly bundles: ProofBundle[];
}

/** The leaf hashes of these documents, in order. */
export function leafHashesOf(docs: readonly BatchDocument[]): Uint8Array[] {
  return docs.map((d) => hexToBytes(documentLeafHash(contentHashOf(d.bytes), descriptorOf(d.ref))));
}

/** Anchors `docs` as one batch from `key` in `contract`; every document's bundle. */
export async function anchorBatch(opts: { rpcUrl: string; key: Hex; contract: Hex; docs: readonly BatchDocument[] }): Promise<AnchoredBatch> {
  const chainId = await chainIdOf(opts.rpcUrl);
  const { pub, wallet } = clients(opts.rpcUrl, opts.key, chainId);
  const log = buildDocumentLog(leafHashesOf(opts.docs));
  const root = bytesToHex(log.root);
  const transaction = await wallet.writeContract({ address: opts.contract, abi: documentAnchorAbi, functionName: "anchor", args: [root, opts.docs.length] });
  const receipt = await pub.waitForTransactionReceipt({ hash: transaction });
  if (receipt.status !== "success") throw new Error(`anchor(${root}) reverted`);
  const [event] = parseEventLogs({ abi: documentAnchorAbi, eventName: "BatchAnchored", logs: receipt.logs });
  if (!event) throw new Error("no BatchAnchored log");
  const anchor = { chainId, contract: opts.contract, transaction, block: receipt.blockNumber.toString(), timestamp: Number(event.args.anchoredAt) };
  const bundles = opts.docs.map((d, index): ProofBundle =>
    bundleOf({
      document: {
        sha256: contentHashOf(d.bytes),
        size: d.bytes.length,
        mediaType: d.mediaType ?? "application/octet-stream",
        kind: d.ref.kind,
        communityId: d.ref.communityId,
        record: { type: d.ref.recordType, id: d.ref.recordId },
      },
      index,
      log,
      batchId: event.args.batchId.toString(),
      anchor,
    }),
  );
  return { root, transaction, gasUsed: receipt.gasUsed, bundles };
}

/** `n` small distinct text files, all attached to one record (an invoice of payment 7 by default). */
export function sampleDocuments(n: number, ref: Partial<DocumentRef> = {}, tag = "doc"): BatchDocument[] {
  const r: DocumentRef = { communityId: "1", recordType: "payment", recordId: "7", kind: "invoice", ...ref };
  return Array.from({ length: n }, (_, i) => ({ bytes: new TextEncoder().encode(`发票 ${tag} ${i}: 1 栋电梯维修 12,345.00 元\n`), ref: r, mediaType: "text/plain" }));
}
