/**
 * The document verify page's link, as a printed notice's QR code carries it:
 *
 *   #/verify/document?sha256=<64 hex>&leaf=<leaf index>&tx=<anchoring transaction, 64 hex>[&rpc=<node URL>]
 *
 * The hash names the file (its SHA-256); the leaf index and the transaction say where the proof
 * must lead, so a bundle fetched from a server for the hash is also checked to be the printed one.
 * Pure: no DOM, no network.
 */

export interface DocumentLink {
  /** the file's SHA-256, 0x-hex, lower case */
  readonly sha256: `0x${string}`;
  readonly leafIndex?: number;
  readonly transaction?: `0x${string}`;
  readonly rpcUrl?: string;
}

export const DOCUMENT_VERIFY_PATH = "#/verify/document";

const HEX64 = /^(0x)?([0-9a-fA-F]{64})$/;

function hex64(v: string | null): `0x${string}` | undefined {
  const m = v === null ? null : HEX64.exec(v.trim());
  return m ? (`0x${(m[2] as string).toLowerCase()}` as const) : undefined;
}

/** What a `#/verify/document?…` hash carries; null when it names no valid file hash. */
export function parseDocumentLink(hash: string): DocumentLink | null {
  const q = hash.indexOf("?");
  if (q < 0) return null;
  const params = new URLSearchParams(hash.slice(q + 1));
  const sha256 = hex64(params.get("sha256"));
  if (!sha256) return null;
  const leaf = params.get("leaf")?.trim();
  const rpc = params.get("rpc")?.trim();
  return {
    sha256,
    leafIndex: leaf !== undefined && /^\d{1,9}$/.test(leaf) ? Number(leaf) : undefined,
    transaction: hex64(params.get("tx")),
    rpcUrl: rpc !== undefined && /^https?:\/\//.test(rpc) ? rpc : undefined,
  };
}

/** The hash of the verify page for this document. */
export function documentLinkHash(link: DocumentLink): string {
  const params = new URLSearchParams();
  params.set("sha256", link.sha256.toLowerCase());
  if (link.leafIndex !== undefined) params.set("leaf", String(link.leafIndex));
  if (link.transaction) params.set("tx", link.transaction.toLowerCase());
  if (link.rpcUrl) params.set("rpc", link.rpcUrl);
  return `${DOCUMENT_VERIFY_PATH}?${params.toString()}`;
}

/** The full URL of the verify page for a document, on the server at `origin`. */
export function documentLinkUrl(origin: string, link: DocumentLink): string {
  return `${origin.replace(/\/+$/, "")}/${documentLinkHash(link)}`;
}
