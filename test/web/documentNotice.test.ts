/** A document's printed notice (web/src/documentNotice.ts): its title and facts in Chinese, for a payment and a statement. */
import { describe, expect, it } from "vitest";
import { BUNDLE_FORMAT, LEAF_ENCODING, type ProofBundle } from "../../domain/documents/bundle";
import { decodeNoticeText, fullTextHeading, noticeFacts, shanghaiTime } from "../../web/src/documentNotice";

function bundle(type: "payment" | "statement", kind: string, id: string): ProofBundle {
  return {
    format: BUNDLE_FORMAT,
    document: { sha256: `0x${"ab".repeat(32)}`, size: 123_456, mediaType: "application/pdf", kind, communityId: "1", record: { type, id } },
    leaf: { encoding: LEAF_ENCODING, descriptor: "", index: 41, hash: `0x${"00".repeat(32)}` },
    batch: { id: "9", size: 1000, root: `0x${"11".repeat(32)}`, path: [] },
    anchor: { chainId: 31337, contract: `0x${"22".repeat(20)}`, transaction: `0x${"33".repeat(32)}`, block: "1234", timestamp: 1_764_745_363 },
  };
}

describe("a document's notice", () => {
  it("a payment's invoice: its title, record, kind, time in Beijing time, block and batch", () => {
    const f = noticeFacts(bundle("payment", "invoice", "12"));
    expect(f.title).toBe("维修资金支付公示");
    const rows = Object.fromEntries(f.rows);
    expect(rows["所属记录"]).toBe("维修资金支付 第 12 号");
    expect(rows["文件类别"]).toBe("发票");
    expect(rows["文件大小"]).toBe("120.6 KB（123,456 字节）");
    expect(rows["上链时间（北京时间）"]).toBe(shanghaiTime(1_764_745_363));
    expect(shanghaiTime(1_764_745_363)).toBe("2025-12-03 15:02:43");
    expect(rows["区块"]).toBe("链 ID 31337 的第 1234 号区块");
    expect(rows["批次"]).toBe("第 9 批，共 1,000 份文件，本文件为第 42 份");
    expect(rows["文件指纹（SHA-256）"]).toBe(`0x${"ab".repeat(32)}`);
  });

  it("a statement: its own title", () => {
    const f = noticeFacts(bundle("statement", "statement", "3"));
    expect(f.title).toBe("维修资金账目公示");
    expect(Object.fromEntries(f.rows)["所属记录"]).toBe("账目公布 第 3 号");
  });

  it("prints the full text of a text document only (a proposal's text, an objection), decoded as UTF-8", () => {
    expect(fullTextHeading({ mediaType: "text/plain; charset=utf-8", kind: "proposal-text" })).toBe("表决事项全文");
    expect(fullTextHeading({ mediaType: "text/plain", kind: "objection" })).toBe("异议书全文");
    expect(fullTextHeading({ mediaType: "application/pdf", kind: "proposal-text" })).toBeNull();
    expect(fullTextHeading({ mediaType: "text/plain", kind: "invoice" })).toBeNull();
    expect(fullTextHeading({ mediaType: "text/plainx", kind: "objection" })).toBeNull();
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("关于更换 3 栋电梯\r\n第一条"), 0xff]);
    expect(decodeNoticeText(bytes)).toBe("关于更换 3 栋电梯\n第一条\ufffd");
  });
});
