import { describe, expect, it } from "vitest";
import { recoverTypedDataAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { formatArea, fromDatetimeLocal, groupDigits, toDatetimeLocal } from "../../web/src/format";
import { typedDataFromJson } from "../../web/src/typedData";

describe("web formatting", () => {
  it("formats hundredths of a m² exactly, with integer math", () => {
    expect(formatArea("0")).toBe("0.00");
    expect(formatArea(5n)).toBe("0.05");
    expect(formatArea("12345")).toBe("123.45");
    expect(formatArea("32109600")).toBe("321,096.00");
    expect(formatArea("18446744073709551615")).toBe("184,467,440,737,095,516.15");
    expect(groupDigits(1234567)).toBe("1,234,567");
  });

  it("reads and writes datetime-local values in China Standard Time", () => {
    const t = 1_800_000_000n; // 2027-01-15T08:00:00Z = 16:00 in Beijing
    expect(toDatetimeLocal(t)).toBe("2027-01-15T16:00");
    expect(fromDatetimeLocal("2027-01-15T16:00")).toBe(t);
    expect(fromDatetimeLocal("2027-01-15")).toBeNull();
  });
});

describe("typed data from JSON", () => {
  it("turns decimal-string uints into bigints so the signature matches the original", async () => {
    const account = privateKeyToAccount(`0x${"11".repeat(32)}`);
    const json = {
      domain: { name: "CommunityRegistry", version: "1", chainId: 31337, verifyingContract: "0x1f2AFf9DAF13b86e2BB6A0Be68ca7551E04013ed" },
      types: {
        EIP712Domain: [{ name: "name", type: "string" }],
        CommitteeAction: [
          { name: "communityId", type: "uint256" },
          { name: "kind", type: "uint8" },
          { name: "payloadHash", type: "bytes32" },
          { name: "salt", type: "bytes32" },
          { name: "deadline", type: "uint64" },
        ],
      },
      primaryType: "CommitteeAction",
      message: { communityId: "1", kind: 21, payloadHash: `0x${"ab".repeat(32)}`, salt: `0x${"cd".repeat(32)}`, deadline: "1802546340" },
    };
    const td = typedDataFromJson(json);
    expect((td.message as Record<string, unknown>).communityId).toBe(1n);
    expect((td.message as Record<string, unknown>).deadline).toBe(1802546340n);
    expect(Object.keys(td.types as object)).toEqual(["CommitteeAction"]);
    const signature = await account.signTypedData(td);
    const signer = await recoverTypedDataAddress({ ...td, signature } as Parameters<typeof recoverTypedDataAddress>[0]);
    expect(signer).toBe(account.address);
  });
});
