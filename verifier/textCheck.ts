/**
 * The proposal's full text against the hash published on chain (`ProposalInput.textHash`):
 * keccak256 of the text's UTF-8 bytes, as the API computes it when the committee drafts the
 * proposal. Pure.
 */
import { textHashOf } from "../chain/textHash";
import type { Hex } from "./events";

export { textHashOf };
import type { Problem } from "./verifyProposal";

/** Where the text came from: a file the resident has, or the API's copy. */
export type TextSource = { readonly kind: "file"; readonly path: string } | { readonly kind: "api"; readonly url: string };

export interface TextCheck {
  readonly ok: boolean;
  readonly problems: readonly Problem[];
  readonly source: TextSource;
  readonly onChainHash: Hex;
  /** keccak256 of the text; null when there was no text. */
  readonly textHash: Hex | null;
}


/** `text` null: the source had no text (the API did not serve one). */
export function checkText(text: string | null, onChainHash: Hex, source: TextSource): TextCheck {
  if (text === null) {
    return { ok: false, problems: [{ code: "TEXT_MISSING" }], source, onChainHash, textHash: null };
  }
  const textHash = textHashOf(text);
  const ok = textHash.toLowerCase() === onChainHash.toLowerCase();
  return {
    ok,
    problems: ok ? [] : [{ code: "TEXT_HASH_DIFFERS", params: { textHash, onChainHash } }],
    source,
    onChainHash,
    textHash,
  };
}
