/**
 * One rule for what a 65-byte ECDSA signature (r ‖ s ‖ v) may look like, the same for the API,
 * the relayer and the web client, and the same as the contracts: OpenZeppelin's ECDSA.recover /
 * tryRecover take only v ∈ {27, 28} and s ≤ n/2 (the "low-s" half). A signature with v ∈ {0, 1}
 * or a high s still proves the same signer (it is the same point, written another way), so it is
 * rewritten into the one form the contract takes rather than refused; anything that cannot be a
 * signature at all (wrong length, r or s zero or not below the curve order, another v) is refused.
 */
import type { Hex } from "viem";

/** The order n of secp256k1. */
export const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
/** n / 2: OpenZeppelin's ECDSA refuses an s above it (ECDSAInvalidSignatureS). */
export const SECP256K1_HALF_N = SECP256K1_N >> 1n;

/** Why a signature cannot be used. */
export type SignatureProblem = "not-hex" | "length" | "r-out-of-range" | "s-out-of-range" | "v-out-of-range";

export type CanonicalSignature =
  | {
      ok: true;
      /** r ‖ low s ‖ v with v ∈ {27, 28}: the form the contract recovers. */
      signature: Hex;
      r: bigint;
      s: bigint;
      yParity: 0 | 1;
      /** True when the input was already in this form. */
      unchanged: boolean;
    }
  | { ok: false; problem: SignatureProblem };

const hex32 = (x: bigint) => x.toString(16).padStart(64, "0");

/** The canonical form of a 65-byte signature, or why it has none. */
export function canonicalSignature(signature: string): CanonicalSignature {
  if (!/^0x[0-9a-fA-F]*$/.test(signature)) return { ok: false, problem: "not-hex" };
  if (signature.length !== 2 + 65 * 2) return { ok: false, problem: "length" };
  const r = BigInt(`0x${signature.slice(2, 66)}`);
  let s = BigInt(`0x${signature.slice(66, 130)}`);
  const v = Number.parseInt(signature.slice(130, 132), 16);
  if (r === 0n || r >= SECP256K1_N) return { ok: false, problem: "r-out-of-range" };
  if (s === 0n || s >= SECP256K1_N) return { ok: false, problem: "s-out-of-range" };
  let yParity: 0 | 1;
  if (v === 0 || v === 27) yParity = 0;
  else if (v === 1 || v === 28) yParity = 1;
  else return { ok: false, problem: "v-out-of-range" };
  if (s > SECP256K1_HALF_N) {
    // (r, s) and (r, n − s) are the same signature for the point with the other y parity.
    s = SECP256K1_N - s;
    yParity = yParity === 0 ? 1 : 0;
  }
  const out = `0x${hex32(r)}${hex32(s)}${(27 + yParity).toString(16)}` as Hex;
  return { ok: true, signature: out, r, s, yParity, unchanged: out === signature.toLowerCase() };
}
