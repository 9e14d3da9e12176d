/**
 * One ECDSA signature written every way a wallet or a hostile client might: v as 27/28 or 0/1,
 * s low (canonical) or high (n − s, with the other v), and both.
 */
import type { Hex } from "viem";
import { SECP256K1_N } from "../../../chain/signature";

const hex32 = (x: bigint) => x.toString(16).padStart(64, "0");

export type Encoding = "v27/28" | "v0/1" | "high-s" | "high-s, v0/1";

export function signatureEncodings(r: Hex, lowS: bigint, yParity: number): Record<Encoding, Hex> {
  const flipped = yParity === 0 ? 1 : 0;
  const highS = hex32(SECP256K1_N - lowS);
  const rr = r.slice(2).padStart(64, "0");
  return {
    "v27/28": `0x${rr}${hex32(lowS)}${(27 + yParity).toString(16)}`,
    "v0/1": `0x${rr}${hex32(lowS)}0${yParity}`,
    "high-s": `0x${rr}${highS}${(27 + flipped).toString(16)}`,
    "high-s, v0/1": `0x${rr}${highS}0${flipped}`,
  };
}

/** The encodings of a 65-byte canonical signature as viem returns it. */
export function encodingsOf(signature: Hex): Record<Encoding, Hex> {
  const r = `0x${signature.slice(2, 66)}` as Hex;
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  const v = Number.parseInt(signature.slice(130, 132), 16);
  return signatureEncodings(r, s, v >= 27 ? v - 27 : v);
}
