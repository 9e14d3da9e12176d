/**
 * Recovers the address that signed a digest. The API recovers the signer of every ballot it
 * accepts; libsecp256k1 (the `secp256k1` package's prebuilt native binding) does it in tens of
 * microseconds where pure JavaScript takes milliseconds, which bounds how many ballots a
 * second one process can accept. Falls back to viem when the binding cannot load.
 *
 * The signature is first put in its canonical form (chain/signature.ts: v 27/28, low s), the
 * only one the contracts take; the caller stores and relays that form.
 */
import { createRequire } from "node:module";
import { hexToBytes, keccak256, recoverAddress, toHex, type Address, type Hex } from "viem";
import { canonicalSignature, type SignatureProblem } from "../../../chain/signature";
import { ApiError } from "../errors";

interface NativeSecp256k1 {
  ecdsaRecover(sig: Uint8Array, recid: number, msg32: Uint8Array, compressed: boolean): Uint8Array;
}

let native: NativeSecp256k1 | null | undefined;
function loadNative(): NativeSecp256k1 | null {
  if (native === undefined) {
    try {
      native = createRequire(import.meta.url)("secp256k1") as NativeSecp256k1;
    } catch {
      native = null;
    }
  }
  return native;
}

export class SignatureError extends Error {
  constructor(
    message: string,
    readonly problem: SignatureProblem | "does-not-recover",
  ) {
    super(message);
    this.name = "SignatureError";
  }
}

/** The canonical signature, or a SignatureError saying why there is none. */
export function canonicalOrThrow(signature: string): Hex {
  const c = canonicalSignature(signature);
  if (!c.ok) throw new SignatureError(`malformed signature: ${c.problem}`, c.problem);
  return c.signature;
}

/**
 * The signer of `digest` and the canonical form of `signature`, or a SignatureError for a
 * signature the contract could not recover either.
 */
export async function recoverSigner(digest: Hex, signature: string): Promise<Address> {
  return (await recoverCanonical(digest, signature)).signer;
}

export async function recoverCanonical(digest: Hex, signature: string): Promise<{ signer: Address; signature: Hex }> {
  const c = canonicalSignature(signature);
  if (!c.ok) throw new SignatureError(`malformed signature: ${c.problem}`, c.problem);
  const lib = loadNative();
  try {
    if (!lib) return { signer: await recoverAddress({ hash: digest, signature: c.signature }), signature: c.signature };
    const pub = lib.ecdsaRecover(hexToBytes(`0x${c.signature.slice(2, 130)}`), c.yParity, hexToBytes(digest), false);
    const hash = keccak256(toHex(pub.subarray(1)));
    return { signer: `0x${hash.slice(26)}` as Address, signature: c.signature };
  } catch (err) {
    throw new SignatureError(`signature does not recover: ${(err as Error).message}`, "does-not-recover");
  }
}

/** recoverCanonical for a client's request: a signature that does not recover is 400 BAD_SIGNATURE, naming the problem. */
export async function recoverOrRefuse(digest: Hex, signature: string): Promise<{ signer: Address; signature: Hex }> {
  try {
    return await recoverCanonical(digest, signature);
  } catch (err) {
    throw new ApiError("BAD_SIGNATURE", err instanceof SignatureError ? { problem: err.problem } : undefined, err);
  }
}
