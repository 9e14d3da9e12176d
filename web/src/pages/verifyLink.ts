/**
 * The verify page's settings in its link: `#/verify/<id>?rpc=…&registry=…&voting=…&fromBlock=…&chainId=…`,
 * so that a printed notice can carry the node and the contracts to check against. Pure.
 */

export interface VerifyLinkParams {
  readonly rpcUrl?: string;
  readonly registry?: string;
  readonly voting?: string;
  readonly fromBlock?: string;
  /** The chain id the contracts are on; a node of another chain is reported as the wrong chain. */
  readonly chainId?: number;
}

/** The settings a `#/verify/<id>?…` hash carries (absent or malformed ones left out). */
export function parseVerifyLink(hash: string): VerifyLinkParams {
  const q = hash.indexOf("?");
  if (q < 0) return {};
  const params = new URLSearchParams(hash.slice(q + 1));
  const text = (name: string) => {
    const v = params.get(name)?.trim();
    return v === undefined || v === "" ? undefined : v;
  };
  const chainId = text("chainId");
  return {
    rpcUrl: text("rpc"),
    registry: text("registry"),
    voting: text("voting"),
    fromBlock: text("fromBlock"),
    chainId: chainId !== undefined && /^\d{1,15}$/.test(chainId) ? Number(chainId) : undefined,
  };
}

/** The hash of the verify page of proposal `id` with these settings. */
export function verifyLinkHash(id: string, s: VerifyLinkParams): string {
  const params = new URLSearchParams();
  if (s.rpcUrl) params.set("rpc", s.rpcUrl);
  if (s.registry) params.set("registry", s.registry);
  if (s.voting) params.set("voting", s.voting);
  if (s.fromBlock) params.set("fromBlock", s.fromBlock);
  if (s.chainId !== undefined) params.set("chainId", String(s.chainId));
  const q = params.toString();
  return `#/verify/${id}${q ? `?${q}` : ""}`;
}
