/** The verify page's link: the node and the contracts a printed notice carries, read back as written. */
import { describe, expect, it } from "vitest";
import { parseVerifyLink, verifyLinkHash } from "../../web/src/pages/verifyLink";

describe("verify link", () => {
  const settings = {
    rpcUrl: "https://chain.example.cn:8545/rpc?key=a&b=1",
    registry: "0x1f2AFf9DAF13b86e2BB6A0Be68ca7551E04013ed",
    voting: "0xB91Bc34c62793A069465509956D0Acdd4F4EE6e4",
    fromBlock: "12",
    chainId: 1337,
  };

  it("round-trips every setting, an RPC URL with its own query included", () => {
    const hash = verifyLinkHash("7", settings);
    expect(hash.startsWith("#/verify/7?rpc=https%3A%2F%2Fchain.example.cn")).toBe(true);
    expect(parseVerifyLink(hash)).toEqual(settings);
  });

  it("leaves out what the link does not carry or carries malformed", () => {
    expect(parseVerifyLink("#/verify/7")).toEqual({ rpcUrl: undefined, registry: undefined, voting: undefined, fromBlock: undefined, chainId: undefined });
    expect(parseVerifyLink("#/verify/7?rpc=&chainId=abc").chainId).toBeUndefined();
    expect(parseVerifyLink("#/verify/7?rpc=&chainId=abc").rpcUrl).toBeUndefined();
    expect(verifyLinkHash("7", {})).toBe("#/verify/7");
  });
});
