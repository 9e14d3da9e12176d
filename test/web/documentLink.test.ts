/** The document verify page's link (web/src/documentLink.ts): what a notice's QR code carries, read back as written. */
import { describe, expect, it } from "vitest";
import { documentLinkHash, documentLinkUrl, parseDocumentLink } from "../../web/src/documentLink";

const SHA = `0x${"ab".repeat(32)}` as const;
const TX = `0x${"cd".repeat(32)}` as const;

describe("document verify link", () => {
  it("round-trips the hash, the leaf index, the transaction and an RPC URL with its own query", () => {
    const link = { sha256: SHA, leafIndex: 41, transaction: TX, rpcUrl: "https://chain.example.cn:8545/rpc?key=a&b=1" };
    const hash = documentLinkHash(link);
    expect(hash.startsWith(`#/verify/document?sha256=${SHA}&leaf=41&tx=${TX}&rpc=https%3A%2F%2F`)).toBe(true);
    expect(parseDocumentLink(hash)).toEqual(link);
    expect(documentLinkUrl("https://ledger.example.cn/", { sha256: SHA })).toBe(`https://ledger.example.cn/#/verify/document?sha256=${SHA}`);
  });

  it("reads upper case and unprefixed hex as the same hash, and leaves out what is malformed", () => {
    expect(parseDocumentLink(`#/verify/document?sha256=${"AB".repeat(32)}`)?.sha256).toBe(SHA);
    expect(parseDocumentLink("#/verify/document?sha256=0x1234")).toBeNull();
    expect(parseDocumentLink("#/verify/document")).toBeNull();
    const partial = parseDocumentLink(`#/verify/document?sha256=${SHA}&leaf=-1&tx=0x12&rpc=ftp://x`);
    expect(partial).toEqual({ sha256: SHA, leafIndex: undefined, transaction: undefined, rpcUrl: undefined });
  });
});
