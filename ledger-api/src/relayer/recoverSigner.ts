/**
 * Recovers the address that signed a digest. The API recovers the signer of every ballot it
 * accepts; libsecp256k1 (the `secp256k1` package's prebuilt native binding) does it in tens of
 * microseconds where pure JavaScript takes milliseconds, which bounds how many ballots a
 * second one process can accept. Falls back to viem when the binding cannot load.
 */
import { createRequire } from "node:module";
import { hexToBytes, keccak256, parseSignature, recoverAddress, toHex, type Address, type Hex } from "viem";

interface NativeSecp256k1 {
  ecdsaRecover(sig: Uint8Array, recid: number, msg32: Uint8Array, compressed: boolean): Uint8Array;
}

/** Half the curve order: OpenZeppelin's ECDSA (and so the contract) refuses a larger s. */
const HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

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

export class SignatureError extends Error {}

/** The signer of `digest`, or a SignatureError for a malformed or malleable signature. */
export async function recoverSigner(digest: Hex, signature: Hex): Promise<Address> {
  let parsed: ReturnType<typeof parseSignature>;
  try {
    parsed = parseSignature(signature);
  } catch (err) {
    throw new SignatureError(`malformed signature: ${(err as Error).message}`);
  }
  const s = BigInt(parsed.s);
  const r = BigInt(parsed.r);
  if (r === 0n || s === 0n || s > HALF_N) throw new SignatureError("signature s is out of range");
  const recid = parsed.yParity ?? (parsed.v !== undefined ? Number(parsed.v) - 27 : -1);
  if (recid !== 0 && recid !== 1) throw new SignatureError("signature v is out of range");
  const lib = loadNative();
  if (!lib) return recoverAddress({ hash: digest, signature });
  try {
    const sig = hexToBytes(`0x${parsed.r.slice(2)}${parsed.s.slice(2)}`);
    const pub = lib.ecdsaRecover(sig, recid, hexToBytes(digest), false);
    const hash = keccak256(toHex(pub.subarray(1)));
    return `0x${hash.slice(26)}` as Address;
  } catch (err) {
    throw new SignatureError(`signature does not recover: ${(err as Error).message}`);
  }
}
