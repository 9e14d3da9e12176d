/**
 * The words of a document check (checkDocument.ts), in zh-CN and English: one line saying
 * whether the file is the recorded one, when it was anchored and which record it belongs to,
 * or why not. Shared by the CLI and the web verify page. Pure.
 */
import type { ProofBundle } from "../domain/documents/bundle";
import type { DocumentCheckFailure, DocumentCheckResult, DocumentRefusal } from "./checkDocument";
import type { Lang } from "./reportText";

type Words = { readonly "zh-CN": string; readonly en: string };

export const REFUSAL_TEXT: Record<DocumentRefusal | DocumentCheckFailure, Words> = {
  BUNDLE_MALFORMED: {
    "zh-CN": "证明文件格式不对：不是 community-ledger/document-proof/v1 证明包。",
    en: "The proof file is not a community-ledger/document-proof/v1 proof bundle.",
  },
  FILE_CHANGED: {
    "zh-CN": "文件已被改动：它的指纹（SHA-256 {actual}）不是记录中的 {expected}。",
    en: "The file was changed: its fingerprint (SHA-256 {actual}) is not the recorded {expected}.",
  },
  RECORD_MISMATCH: {
    "zh-CN": "证明包说明的所属记录与它的描述文本不一致：证明无效。",
    en: "The record the bundle names does not match the descriptor it commits to: the proof is invalid.",
  },
  PROOF_WRONG: {
    "zh-CN": "证明路径不对：从这个文件的叶子算不到批次的根。",
    en: "Wrong proof: the path does not lead from this file's leaf to the batch root.",
  },
  INNER_NODE_AS_LEAF: {
    "zh-CN": "证明把树的内部节点（{offered}）当作文件的叶子，而这个文件的叶子应为 {expected}：拒绝。",
    en: "The proof offers a node of the tree ({offered}) as the file's leaf, but this file's leaf is {expected}: refused.",
  },
  WRONG_CHAIN: {
    "zh-CN": "根在另一条链上：证明包写的是链 ID {expected}，而节点是链 ID {actual}。",
    en: "The root is on another chain: the bundle names chain id {expected}, the node is chain id {actual}.",
  },
  ROOT_WRONG: {
    "zh-CN": "根不对：证明包的根 {root} 不是交易 {transaction} 锚定的根（{anchored}）。",
    en: "Wrong root: the bundle's root {root} is not the one transaction {transaction} anchored ({anchored}).",
  },
  NEVER_ANCHORED: {
    "zh-CN": "这个根从未在合约 {contract} 上锚定。",
    en: "This root was never anchored in the contract {contract}.",
  },
  SIZE_MISMATCH: {
    "zh-CN": "批次大小不符：证明包写 {expected} 份文件，链上是 {actual} 份。",
    en: "Batch size differs: the bundle says {expected} documents, the chain says {actual}.",
  },
  ANCHOR_MISMATCH: {
    "zh-CN": "锚定的区块或时间不符：证明包写区块 {block}、时间 {timestamp}，链上是区块 {actualBlock}、时间 {actualTimestamp}。",
    en: "Anchoring block or time differs: the bundle says block {block} at {timestamp}, the chain says block {actualBlock} at {actualTimestamp}.",
  },
  TRANSACTION_MISMATCH: {
    "zh-CN": "交易 {transaction} 不是在区块 {block} 锚定这个根的交易。",
    en: "Transaction {transaction} is not the one that anchored this root in block {block}.",
  },
  NOT_RECORDED: {
    "zh-CN": "服务器 {api} 没有指纹为 {actual} 的文件记录：这不是记录中的文件（或已被改动）。",
    en: "The server {api} has no document with fingerprint {actual}: this is not a recorded file (or it was changed).",
  },
  LINK_MISMATCH: {
    "zh-CN": "服务器给出的证明包与链接（公示上的二维码）不符：链接写的是第 {leaf} 份、交易 {transaction}。",
    en: "The proof bundle the server gives is not the one the link (the notice's QR code) names: leaf {leaf}, transaction {transaction}.",
  },
  OTHER_CONTRACT: {
    "zh-CN": "证明包指向的锚定合约 {actual} 不是本账本的合约 {expected}：任何人都能部署自己的合约，这样的记录不算数。",
    en: "The bundle names the anchor contract {actual}, not the ledger's {expected}: anyone can deploy a contract of their own, so such a record does not count.",
  },
  CHAIN_RECORD_MISMATCH: {
    "zh-CN": "证明包说 {record} 在链上记着这个文件的指纹（{field}，交易 {transaction}），但链上不是这样（{reason}）：这份证明不可信。",
    en: "The bundle says {record} carries this file's fingerprint on chain ({field}, transaction {transaction}), but the chain does not ({reason}): the proof cannot be trusted.",
  },
  NODE_UNREACHABLE: {
    "zh-CN": "无法核验：连不上节点 {url}（{reason}）。",
    en: "Could not check: the node {url} cannot be reached ({reason}).",
  },
  BUNDLE_UNAVAILABLE: {
    "zh-CN": "无法核验：取不到证明包（{reason}）。",
    en: "Could not check: the proof bundle could not be fetched ({reason}).",
  },
};

const RECORD_NAMES: Record<string, Words> = {
  proposal: { "zh-CN": "表决事项", en: "proposal" },
  objection: { "zh-CN": "异议", en: "objection" },
  plan: { "zh-CN": "使用方案", en: "plan" },
  payment: { "zh-CN": "支付", en: "payment" },
  statement: { "zh-CN": "账目公示", en: "statement" },
  "paper-ballot": { "zh-CN": "纸质票", en: "paper ballot" },
  mandate: { "zh-CN": "委托书", en: "proxy mandate" },
  community: { "zh-CN": "小区档案", en: "community file" },
};

export function fill(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => params[k] ?? m);
}

/** "2026-12-03 15:22:43 (UTC+8)": the anchoring time in China's time zone, whatever the reader's. */
export function anchorTimeText(seconds: number): string {
  const d = new Date((seconds + 8 * 3600) * 1000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 19)} (UTC+8)`;
}

/** "payment 12 of community 1" / "小区 1 的支付 12". */
export function recordText(bundle: ProofBundle, lang: Lang): string {
  const r = bundle.document.record;
  const name = RECORD_NAMES[r.type]?.[lang] ?? r.type;
  return lang === "zh-CN" ? `小区 ${bundle.document.communityId} 的${name} ${r.id}（${bundle.document.kind}）` : `${name} ${r.id} of community ${bundle.document.communityId} (${bundle.document.kind})`;
}

/** " Payment 7 carries it on chain itself (PaymentHeld.invoiceHash)." — or nothing when no record names it. */
export function carriedText(result: Extract<DocumentCheckResult, { status: "verified" }>, lang: Lang): string {
  if (result.carriedBy.length === 0) return "";
  const names = result.carriedBy.map((r) => {
    const name = RECORD_NAMES[r.record.type]?.[lang] ?? r.record.type;
    return lang === "zh-CN" ? `${name} ${r.record.id}（${r.event}.${r.field}）` : `${name} ${r.record.id} (${r.event}.${r.field})`;
  });
  if (lang === "zh-CN") return result.carriedChecked ? `链上的${names.join("、")}本身也记着这个文件的指纹。` : `链上的${names.join("、")}记着它的指纹（未对比文件本身）。`;
  return result.carriedChecked ? ` On chain, ${names.join(", ")} carries this file's fingerprint itself.` : ` On chain, ${names.join(", ")} carries its fingerprint (the file itself was not compared).`;
}

/** The one line of the result. */
export function documentResultText(result: DocumentCheckResult, lang: Lang): string {
  if (result.status === "verified") {
    const a = result.anchor;
    const when = anchorTimeText(a.anchoredAt);
    const what = recordText(result.bundle, lang);
    if (lang === "zh-CN") {
      const subject = result.fileChecked ? "已核验：这个文件就是记录中的原件" : "已核验：指纹为 " + result.bundle.document.sha256 + " 的文件已记录（未对比文件本身）";
      return `${subject}，属于${what}；于 ${when} 在链 ${a.chainId} 的区块 ${a.blockNumber} 锚定（批次 ${a.batchId}，共 ${a.size} 份）。${carriedText(result, lang)}`;
    }
    const subject = result.fileChecked ? "Verified: this file is the recorded one" : `Verified: the file with fingerprint ${result.bundle.document.sha256} is recorded (the file itself was not compared)`;
    return `${subject}, of ${what}; anchored at ${when} in block ${a.blockNumber} of chain ${a.chainId} (batch ${a.batchId}, ${a.size} documents).${carriedText(result, lang)}`;
  }
  const text = fill(REFUSAL_TEXT[result.code][lang], result.detail);
  if (result.status === "could-not-check") return text;
  return (lang === "zh-CN" ? "未通过核验：" : "Not verified: ") + text;
}

/** The result as JSON for `--json` (bigints as strings). */
export function documentResultJson(result: DocumentCheckResult, lang: Lang): Record<string, unknown> {
  const base = { status: result.status, exitCode: result.exitCode, message: documentResultText(result, lang) };
  if (result.status === "verified") {
    const a = result.anchor;
    return {
      ...base,
      fileChecked: result.fileChecked,
      document: result.bundle.document,
      carriedBy: result.carriedBy,
      carriedChecked: result.carriedChecked,
      anchor: { ...a, batchId: a.batchId.toString(), blockNumber: a.blockNumber.toString() },
    };
  }
  return { ...base, code: result.code, detail: result.detail };
}
