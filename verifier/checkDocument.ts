/**
 * The check of one document against its proof bundle and the chain, shared by
 * `npm run verify -- <file> --proof bundle.json` and the web verify page (#/verify/document):
 *
 * 1. the bundle alone (domain/documents/bundle.ts checkBundle): its descriptor, its leaf, its
 *    path to the batch root, and, when the file's SHA-256 is given, that the file is the bundle's;
 * 2. the node: its chain id is the bundle's;
 * 3. DocumentAnchor.anchorOf(root) at the bundle's contract: this root was anchored, with the
 *    bundle's size, at the bundle's block and time;
 * 4. the anchoring transaction's receipt: it holds the BatchAnchored log of this root from
 *    this contract, in that block;
 * 5. for each record the bundle says carries the file's keccak256 on chain (a payment's
 *    invoiceHash: domain/documents/chainRecords.ts), that record's transaction receipt holds an
 *    event of that record with that hash in that field, from one of the ledger's contracts; and,
 *    when the file is at hand, that the hash is the file's own keccak256.
 *
 * The result is language-free (a status, a stable code, values); documentText.ts words it in
 * zh-CN or English. No Node modules: the page runs the same code in the browser.
 */
import { BaseError, ContractFunctionRevertedError, ContractFunctionZeroDataError, createPublicClient, decodeEventLog, http, hexToBytes, type Hex, type PublicClient } from "viem";
import { documentAnchorAbi, fundLedgerAbi, fundReportsAbi, ownerVotingAbi } from "../chain/abi";
import { checkBundle, parseBundle, type OnChainReference, type ProofBundle } from "../domain/documents/bundle";
import { carriedHashes } from "../domain/documents/chainRecords";
import { documentLeafHash } from "../domain/documents/leaf";
import { equalBytes, rootFromPath } from "../domain/documents/merkleLog";
import { shortError } from "./reachability";

/** Why a document is refused (exit 1). */
export type DocumentRefusal =
  /** the bundle is not a `community-ledger/document-proof/v1` bundle */
  | "BUNDLE_MALFORMED"
  /** the file's SHA-256 is not the recorded one */
  | "FILE_CHANGED"
  /** the descriptor (which record the file belongs to) is not the one of the bundle's fields */
  | "RECORD_MISMATCH"
  /** the path does not lead from the file's leaf to the batch root */
  | "PROOF_WRONG"
  /** the hash offered as the leaf is a node of the tree, not this file's leaf */
  | "INNER_NODE_AS_LEAF"
  /** the node is on another chain than the bundle names */
  | "WRONG_CHAIN"
  /** the bundle's root is not the one its anchoring transaction anchored */
  | "ROOT_WRONG"
  /** the root was never anchored in that contract (or there is no contract there) */
  | "NEVER_ANCHORED"
  /** the root was anchored, but with another batch size than the bundle says */
  | "SIZE_MISMATCH"
  /** the root was anchored, but at another block or time than the bundle says */
  | "ANCHOR_MISMATCH"
  /** the bundle's transaction is not the one that anchored the root */
  | "TRANSACTION_MISMATCH"
  /** the server asked for the bundle has no document with the file's SHA-256 */
  | "NOT_RECORDED"
  /** the bundle fetched for a notice's link is not the leaf and transaction the link names */
  | "LINK_MISMATCH"
  /** the bundle names another DocumentAnchor than the ledger's (anyone can deploy one and anchor anything in it) */
  | "OTHER_CONTRACT"
  /** a record the bundle says carries the file's hash on chain does not (or carries another file) */
  | "CHAIN_RECORD_MISMATCH";

/** Why a document could not be checked (exit 2). */
export type DocumentCheckFailure = "NODE_UNREACHABLE" | "BUNDLE_UNAVAILABLE";

export interface AnchorOnChain {
  readonly chainId: number;
  readonly contract: Hex;
  readonly batchId: bigint;
  readonly size: number;
  readonly anchoredAt: number;
  readonly blockNumber: bigint;
  readonly transaction: Hex;
  /** who sent the anchoring transaction (anyone may anchor: the ledger's relayer, normally) */
  readonly anchoredBy: Hex;
}

export type DocumentCheckResult =
  | {
      readonly status: "verified";
      readonly exitCode: 0;
      readonly bundle: ProofBundle;
      /** false when only the hash was given (a link), not the file's bytes */
      readonly fileChecked: boolean;
      readonly anchor: AnchorOnChain;
      /** the records found carrying the file's keccak256 in an event of their own (empty: none named) */
      readonly carriedBy: readonly OnChainReference[];
      /** true when carriedBy was compared with the file's own keccak256 (the file was at hand) */
      readonly carriedChecked: boolean;
    }
  | {
      readonly status: "not-verified";
      readonly exitCode: 1;
      readonly code: DocumentRefusal;
      readonly detail: Readonly<Record<string, string>>;
      readonly bundle: ProofBundle | null;
    }
  | {
      readonly status: "could-not-check";
      readonly exitCode: 2;
      readonly code: DocumentCheckFailure;
      readonly detail: Readonly<Record<string, string>>;
      readonly bundle: ProofBundle | null;
    };

export interface CheckDocumentParameters {
  /** the bundle as read from JSON (checked with parseBundle) */
  readonly bundle: unknown;
  /** the file's SHA-256 (0x-hex), when the file is at hand */
  readonly fileSha256?: Hex;
  /** true when fileSha256 came from a link, not from the file's bytes: the file itself was not compared */
  readonly hashOnly?: boolean;
  /** the file's keccak256 (0x-hex), when the file is at hand: compared with what the records carrying it hold */
  readonly fileKeccak256?: Hex;
  /**
   * The ledger's contracts whose events may carry a document's hash (the deployment's voting,
   * fund and reports contracts, /api/config's): without them any contract's event is read.
   */
  readonly ledgerContracts?: readonly Hex[];
  readonly rpcUrl: string;
  /**
   * The ledger's DocumentAnchor (the deployment's `documents`, /api/config's): a bundle naming
   * another contract is refused. Without it any contract the bundle names is read.
   */
  readonly expectedContract?: Hex;
  /** a client to use instead of one made from rpcUrl */
  readonly client?: PublicClient;
  readonly timeoutMs?: number;
}

const refuse = (code: DocumentRefusal, bundle: ProofBundle | null, detail: Record<string, string> = {}): DocumentCheckResult => ({
  status: "not-verified",
  exitCode: 1,
  code,
  detail,
  bundle,
});

/** The refusal for a bundle that fails without a node, or null when it passes. */
export function checkBundleOffline(bundle: ProofBundle, fileSha256?: Hex): DocumentCheckResult | null {
  const problem = checkBundle(bundle, fileSha256);
  switch (problem) {
    case null:
      return null;
    case "BUNDLE_MALFORMED":
      return refuse("BUNDLE_MALFORMED", bundle);
    case "BUNDLE_DESCRIPTOR_MISMATCH":
      return refuse("RECORD_MISMATCH", bundle);
    case "BUNDLE_FILE_MISMATCH":
      return refuse("FILE_CHANGED", bundle, { expected: bundle.document.sha256, actual: fileSha256 ?? "" });
    case "BUNDLE_LEAF_MISMATCH": {
      // The hash offered as the leaf is not this file's; if it and the path still reach the root,
      // it is a node of the tree (an inner node, or another leaf) offered in the file's place.
      const offered = hexToBytes(bundle.leaf.hash);
      const root = rootFromPath(offered, bundle.leaf.index, bundle.batch.size, bundle.batch.path.map((h) => hexToBytes(h)));
      const reaches = root !== null && equalBytes(root, hexToBytes(bundle.batch.root));
      const expected = documentLeafHash(bundle.document.sha256, bundle.leaf.descriptor);
      return refuse(reaches ? "INNER_NODE_AS_LEAF" : "PROOF_WRONG", bundle, { offered: bundle.leaf.hash, expected });
    }
    case "BUNDLE_PATH_INVALID":
      return refuse("PROOF_WRONG", bundle, { root: bundle.batch.root });
  }
}

/** Checks the document: the bundle, then the chain. Never throws for bad input or an unreachable node. */
export async function checkDocument(p: CheckDocumentParameters): Promise<DocumentCheckResult> {
  const bundle = parseBundle(p.bundle);
  if (!bundle) return refuse("BUNDLE_MALFORMED", null);
  const offline = checkBundleOffline(bundle, p.fileSha256);
  if (offline) return offline;

  if (p.expectedContract !== undefined && p.expectedContract.toLowerCase() !== bundle.anchor.contract.toLowerCase()) {
    return refuse("OTHER_CONTRACT", bundle, { expected: p.expectedContract, actual: bundle.anchor.contract });
  }
  // One JSON-RPC batch for the four questions: one HTTP request (and, in a browser, one CORS preflight).
  const client = p.client ?? (createPublicClient({ transport: http(p.rpcUrl, { retryCount: 0, timeout: p.timeoutMs ?? 10_000, batch: { batchSize: 10, wait: 0 } }) }) as PublicClient);
  const unreachable = (err: unknown): DocumentCheckResult => ({
    status: "could-not-check",
    exitCode: 2,
    code: "NODE_UNREACHABLE",
    detail: { url: p.rpcUrl, reason: shortError(err) },
    bundle,
  });
  // All four questions at once (one round trip): the chain id, the code, the anchor, the receipt.
  const a = bundle.anchor;
  const contract = a.contract;
  const [chainIdR, codeR, anchorR, receiptR] = await Promise.allSettled([
    client.getChainId(),
    client.getCode({ address: contract }),
    client.readContract({ address: contract, abi: documentAnchorAbi, functionName: "anchorOf", args: [bundle.batch.root] }),
    client.getTransactionReceipt({ hash: a.transaction }).catch((err: unknown) => {
      if (err instanceof Error && /not be found|not found/i.test(err.message)) return null;
      throw err;
    }),
  ]);
  if (chainIdR.status === "rejected") return unreachable(chainIdR.reason);
  const chainId = chainIdR.value;
  if (chainId !== a.chainId) return refuse("WRONG_CHAIN", bundle, { expected: String(a.chainId), actual: String(chainId) });
  try {
    if (codeR.status === "rejected") throw codeR.reason;
    const code = codeR.value;
    if (code === undefined || code === "0x") return refuse("NEVER_ANCHORED", bundle, { contract, reason: "NO_CONTRACT" });
    if (anchorR.status === "rejected") {
      // code that does not answer as a DocumentAnchor: nothing was anchored there
      if (anchorR.reason instanceof BaseError && anchorR.reason.walk((e) => e instanceof ContractFunctionRevertedError || e instanceof ContractFunctionZeroDataError) !== null) {
        return refuse("NEVER_ANCHORED", bundle, { contract, reason: "NOT_THE_CONTRACT" });
      }
      throw anchorR.reason;
    }
    if (receiptR.status === "rejected") throw receiptR.reason;
    const onChain = anchorR.value;
    const receipt = receiptR.value;
    // The roots the named transaction anchored in this contract.
    const anchoredByTx: Hex[] = [];
    for (const log of receipt?.logs ?? []) {
      if (log.address.toLowerCase() !== contract.toLowerCase()) continue;
      try {
        const ev = decodeEventLog({ abi: documentAnchorAbi, eventName: "BatchAnchored", data: log.data, topics: log.topics });
        anchoredByTx.push(ev.args.root);
      } catch {
        /* another event */
      }
    }
    if (onChain.batchId === 0n) {
      if (anchoredByTx.length > 0) return refuse("ROOT_WRONG", bundle, { root: bundle.batch.root, anchored: anchoredByTx.join(", "), transaction: a.transaction });
      return refuse("NEVER_ANCHORED", bundle, { contract, root: bundle.batch.root, reason: "NO_ANCHOR" });
    }
    if (onChain.size !== bundle.batch.size) return refuse("SIZE_MISMATCH", bundle, { expected: String(bundle.batch.size), actual: String(onChain.size) });
    if (onChain.blockNumber.toString() !== a.block || Number(onChain.anchoredAt) !== a.timestamp) {
      return refuse("ANCHOR_MISMATCH", bundle, {
        block: a.block,
        timestamp: String(a.timestamp),
        actualBlock: onChain.blockNumber.toString(),
        actualTimestamp: onChain.anchoredAt.toString(),
      });
    }
    const rootLower = bundle.batch.root.toLowerCase();
    if (!receipt || receipt.blockNumber !== onChain.blockNumber || !anchoredByTx.some((r) => r.toLowerCase() === rootLower)) {
      return refuse("TRANSACTION_MISMATCH", bundle, { transaction: a.transaction, block: onChain.blockNumber.toString() });
    }
    const carried = await checkCarriers(client, bundle, p);
    if (carried.status !== "ok") return carried.result;
    return {
      status: "verified",
      exitCode: 0,
      bundle,
      carriedBy: bundle.onChain ?? [],
      carriedChecked: carried.checked,
      fileChecked: p.fileSha256 !== undefined && p.hashOnly !== true,
      anchor: {
        chainId,
        contract,
        batchId: onChain.batchId,
        size: onChain.size,
        anchoredAt: Number(onChain.anchoredAt),
        blockNumber: onChain.blockNumber,
        transaction: a.transaction,
        anchoredBy: receipt.from,
      },
    };
  } catch (err) {
    return unreachable(err);
  }
}

const CARRIER_ABIS = [ownerVotingAbi, fundLedgerAbi, fundReportsAbi] as const;

/** The event a ledger log is, decoded with the ABI of whichever carrier contract has it, or null. */
function decodeCarrier(log: { data: Hex; topics: readonly Hex[] }): { eventName: string; args: Record<string, unknown> } | null {
  for (const abi of CARRIER_ABIS) {
    try {
      const ev = decodeEventLog({ abi, data: log.data, topics: log.topics as [Hex, ...Hex[]] });
      return { eventName: ev.eventName, args: (ev.args ?? {}) as Record<string, unknown> };
    } catch {
      /* not this contract's event */
    }
  }
  return null;
}

/**
 * Step 5: each record the bundle says carries the file's keccak256 does, in its own
 * transaction's events. Throws for a node that does not answer (the caller says so).
 */
async function checkCarriers(
  client: PublicClient,
  bundle: ProofBundle,
  p: CheckDocumentParameters,
): Promise<{ status: "ok"; checked: boolean } | { status: "refused"; result: DocumentCheckResult }> {
  const refs = bundle.onChain ?? [];
  const fileKeccak = p.hashOnly === true ? undefined : p.fileKeccak256?.toLowerCase();
  if (refs.length === 0) return { status: "ok", checked: fileKeccak !== undefined };
  const claimed = bundle.document.keccak256?.toLowerCase();
  const mismatch = (ref: OnChainReference, reason: string) => ({
    status: "refused" as const,
    result: refuse("CHAIN_RECORD_MISMATCH", bundle, { record: `${ref.record.type} ${ref.record.id}`, field: `${ref.event}.${ref.field}`, transaction: ref.transaction, reason }),
  });
  const allowed = p.ledgerContracts?.map((c) => c.toLowerCase());
  const receipts = await Promise.all(
    [...new Set(refs.map((r) => r.transaction.toLowerCase()))].map(async (hash) => {
      const receipt = await client.getTransactionReceipt({ hash: hash as Hex }).catch((err: unknown) => {
        if (err instanceof Error && /not be found|not found/i.test(err.message)) return null;
        throw err;
      });
      return [hash, receipt] as const;
    }),
  );
  const byHash = new Map(receipts);
  for (const ref of refs) {
    const hash = ref.hash.toLowerCase();
    if (fileKeccak !== undefined && hash !== fileKeccak) return mismatch(ref, "ANOTHER_FILE");
    if (claimed !== undefined && hash !== claimed) return mismatch(ref, "ANOTHER_FILE");
    const receipt = byHash.get(ref.transaction.toLowerCase()) ?? null;
    if (!receipt || receipt.blockNumber.toString() !== ref.block) return mismatch(ref, "NO_SUCH_TRANSACTION");
    const found = receipt.logs.some((log) => {
      if (allowed && !allowed.includes(log.address.toLowerCase())) return false;
      const ev = decodeCarrier(log);
      if (!ev || ev.eventName !== ref.event) return false;
      return carriedHashes(ev.eventName, ev.args).some((c) => c.record.type === ref.record.type && c.record.id === ref.record.id && c.field === ref.field && c.hash === hash);
    });
    if (!found) return mismatch(ref, "NOT_IN_EVENT");
  }
  return { status: "ok", checked: fileKeccak !== undefined };
}
