import { keccak256, toHex, type Hex } from "viem";

/**
 * The hash a text kept off chain carries on chain: keccak256 of its UTF-8 bytes. A proposal's
 * full text (`ProposalInput.textHash`), an objection (`Objection.textHash`) and the committee's
 * answer (`answerHash`) are all hashed so; the API, the web client, the verifier and the seed
 * use this one definition.
 */
export function textHashOf(text: string): Hex {
  return keccak256(toHex(text));
}
