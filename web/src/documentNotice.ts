/**
 * A printed public notice (公示) of an anchored document: its key facts in Chinese, whatever the
 * page's language, as they go on an A4 sheet beside the QR code of the verify page; a text
 * document (a proposal's full text, an objection) has its full text printed under the facts.
 * Pure: the facts come from the document's proof bundle; the page (pages/documentNotice.ts) lays
 * them out and fetches the text.
 */
import type { ProofBundle } from "../../domain/documents/bundle";

const RECORD_ZH: Record<string, string> = {
  proposal: "表决事项",
  objection: "异议",
  plan: "维修资金使用方案",
  payment: "维修资金支付",
  statement: "账目公布",
  "paper-ballot": "纸质票",
  mandate: "委托书",
  community: "小区档案",
};

const KIND_ZH: Record<string, string> = {
  "proposal-text": "表决事项全文",
  minutes: "会议纪要",
  "plan-text": "使用方案全文",
  quote: "报价单",
  contract: "合同",
  invoice: "发票",
  "acceptance-report": "验收报告",
  "emergency-report": "应急维修情况报告",
  statement: "账目报表",
  "bank-record": "银行流水",
  objection: "异议书",
  "objection-text": "异议全文",
  "objection-answer": "业委会答复",
  "paper-ballot": "纸质票扫描件",
  mandate: "委托书扫描件",
  "identity-evidence": "身份证明",
};

const TITLE_ZH: Record<string, string> = {
  payment: "维修资金支付公示",
  statement: "维修资金账目公示",
  plan: "维修资金使用方案公示",
  proposal: "表决事项公示",
  objection: "异议答复公示",
};

export interface NoticeFacts {
  readonly title: string;
  readonly rows: readonly (readonly [string, string])[];
}

/** "2026-12-03 15:22:43": a chain time in China's time zone. */
export function shanghaiTime(seconds: number): string {
  const d = new Date((seconds + 8 * 3600) * 1000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 19)}`;
}

function sizeZh(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB（${bytes.toLocaleString("en-US")} 字节）`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB（${bytes.toLocaleString("en-US")} 字节）`;
}

/** The notice's title and its rows (label, value), in Chinese. */
export function noticeFacts(b: ProofBundle): NoticeFacts {
  const d = b.document;
  const named = (r: { type: string; id: string }) => `${RECORD_ZH[r.type] ?? r.type} 第 ${r.id} 号`;
  // A record that carries the file's hash in an event of its own (a payment's invoice kept before
  // the payment existed) is what the file is for: the notice is that record's.
  const carriers = b.onChain ?? [];
  const main = carriers[0]?.record ?? d.record;
  return {
    title: TITLE_ZH[main.type] ?? "文件公示",
    rows: [
      ["小区编号", d.communityId],
      ["所属记录", named(d.record)],
      ...carriers.map((c) => ["链上记着它的记录", `${named(c.record)}（${c.event}.${c.field}，交易 ${c.transaction}）`] as const),
      ["文件类别", KIND_ZH[d.kind] ?? d.kind],
      ["文件大小", sizeZh(d.size)],
      ["文件指纹（SHA-256）", d.sha256],
      ["上链时间（北京时间）", shanghaiTime(b.anchor.timestamp)],
      ["区块", `链 ID ${b.anchor.chainId} 的第 ${b.anchor.block} 号区块`],
      ["批次", `第 ${b.batch.id} 批，共 ${b.batch.size.toLocaleString("en-US")} 份文件，本文件为第 ${(b.leaf.index + 1).toLocaleString("en-US")} 份`],
      ["锚定交易", b.anchor.transaction],
      ["文件锚定合约", b.anchor.contract],
    ],
  };
}

/** What the notice tells a reader to do with the QR code. */
export const NOTICE_HOW_TO_ZH =
  "核验方法：用手机扫描二维码或打开下方网址，把您拿到的文件拖入页面（文件只在您的设备上计算指纹，不会上传），页面会说明它是否就是记录中的原件、何时记录。" +
  "也可在电脑上运行 npm run verify -- 文件 --proof 证明包.json。核验直接读取区块链，不依赖本网站的数据库。";

/** The kinds of document whose full text the notice prints, with the heading it goes under. */
const FULL_TEXT_ZH: Record<string, string> = {
  "proposal-text": "表决事项全文",
  objection: "异议书全文",
};

/** The heading of the document's full text on its notice, or null when the notice prints none (not a text document). */
export function fullTextHeading(d: { readonly mediaType: string; readonly kind: string }): string | null {
  if (!/^text\/plain\b/i.test(d.mediaType.trim())) return null;
  return FULL_TEXT_ZH[d.kind] ?? null;
}

/** A text document's bytes as the notice prints them: UTF-8 (a byte-order mark dropped, a bad byte shown as U+FFFD), line ends as "\n". */
export function decodeNoticeText(bytes: Uint8Array): string {
  return new TextDecoder("utf-8").decode(bytes).replace(/\r\n?/g, "\n");
}
