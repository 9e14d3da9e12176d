import { keccak256, recoverAddress, toHex, type Hex } from "viem";
import { privateKeyToAccount, sign } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { canonicalSignature } from "../../chain/signature";
import { recoverCanonical, recoverSigner, SignatureError } from "../../ledger-api/src/relayer/recoverSigner";
import { signatureEncodings } from "./support/signatureEncodings";

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

  it("recovers a high-s or v = 0/1 signature as its canonical form (v 27/28, low s), the only one the contract takes", async () => {
    const key = keccak256(toHex("k"));
    const digest = keccak256(toHex("x"));
    const sig = await sign({ hash: digest, privateKey: key });
    const canonical = `${sig.r}${sig.s.slice(2)}${sig.yParity === 0 ? "1b" : "1c"}` as Hex;
    const encodings = signatureEncodings(sig.r, BigInt(sig.s), sig.yParity ?? 0);
    for (const [name, encoded] of Object.entries(encodings)) {
      const c = canonicalSignature(encoded);
      expect(c.ok, name).toBe(true);
      if (c.ok) expect(c.signature, name).toBe(canonical);
      expect((await recoverCanonical(digest, encoded)).signature, name).toBe(canonical);
      expect((await recoverSigner(digest, encoded)).toLowerCase(), name).toBe(privateKeyToAccount(key).address.toLowerCase());
    }
  });

  it("refuses what the contract could not recover: r or s zero or not below n, another v, another length", async () => {
    const sig = await sign({ hash: keccak256(toHex("x")), privateKey: keccak256(toHex("k")) });
    const r = sig.r.slice(2);
    const s = sig.s.slice(2);
    const hex = (x: bigint) => x.toString(16).padStart(64, "0");
    const cases: [string, string, string][] = [
      ["s = 0", `0x${r}${"00".repeat(32)}1b`, "s-out-of-range"],
      ["r = 0", `0x${"00".repeat(32)}${s}1b`, "r-out-of-range"],
      ["s = n", `0x${r}${hex(N)}1b`, "s-out-of-range"],
      ["r = n", `0x${hex(N)}${s}1b`, "r-out-of-range"],
      ["v = 29", `0x${r}${s}1d`, "v-out-of-range"],
      ["v = 2", `0x${r}${s}02`, "v-out-of-range"],
      ["64 bytes (no v)", `0x${r}${s}`, "length"],
      ["66 bytes", `0x${r}${s}1b00`, "length"],
      ["not hex", `0x${r}${s}zz`, "not-hex"],
    ];
    for (const [name, bad, problem] of cases) {
      expect(canonicalSignature(bad), name).toEqual({ ok: false, problem });
      await expect(recoverSigner(keccak256(toHex("x")), bad), name).rejects.toBeInstanceOf(SignatureError);
    }
  });

  it("refuses garbage", async () => {
    await expect(recoverSigner(keccak256("0x01"), `0x${"00".repeat(65)}`)).rejects.toBeInstanceOf(SignatureError);
    await expect(recoverSigner(keccak256("0x01"), "0x1234")).rejects.toBeInstanceOf(SignatureError);
  });
});
