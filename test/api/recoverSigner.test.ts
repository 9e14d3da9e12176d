import { keccak256, recoverAddress, toHex, type Hex } from "viem";
import { privateKeyToAccount, sign } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { recoverSigner, SignatureError } from "../../ledger-api/src/relayer/recoverSigner";

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

describe("recoverSigner", () => {
  it("recovers the same address as viem for many keys and digests", async () => {
    for (let i = 0; i < 50; i++) {
      const key = keccak256(toHex(`key-${i}`));
      const digest = keccak256(toHex(`digest-${i}`));
      const signature = await sign({ hash: digest, privateKey: key, to: "hex" });
      const got = await recoverSigner(digest, signature);
      expect(got.toLowerCase()).toBe(privateKeyToAccount(key).address.toLowerCase());
      expect(got.toLowerCase()).toBe((await recoverAddress({ hash: digest, signature })).toLowerCase());
    }
  });

  it("refuses a malleable (high-s) signature, as the contract does", async () => {
    const digest = keccak256(toHex("x"));
    const sig = await sign({ hash: digest, privateKey: keccak256(toHex("k")) });
    const highS = (N - BigInt(sig.s)).toString(16).padStart(64, "0");
    const v = sig.yParity === 0 ? "1c" : "1b";
    const malleable = `${sig.r}${highS}${v}` as Hex;
    await expect(recoverSigner(digest, malleable)).rejects.toBeInstanceOf(SignatureError);
  });

  it("refuses garbage", async () => {
    await expect(recoverSigner(keccak256("0x01"), `0x${"00".repeat(65)}`)).rejects.toBeInstanceOf(SignatureError);
    await expect(recoverSigner(keccak256("0x01"), "0x1234")).rejects.toBeInstanceOf(SignatureError);
  });
});
