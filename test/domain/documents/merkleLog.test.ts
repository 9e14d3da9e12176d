/**
 * The document log is RFC 6962's Merkle tree: the Certificate Transparency test vectors, a
 * recursive reference of the shape, proof round trips for 1, 2, 3 and 1,000 leaves, and the
 * refusals (a changed leaf, a wrong root, a wrong path, an inner node offered as a leaf).
 */
import { describe, expect, it } from "vitest";
import { bytesToHex, hexToBytes, sha256, toBytes } from "viem";
import { buildDocumentLog, logLeafHash, logNodeHash, verifyInclusion } from "../../../domain/documents";
import { splitPoint } from "../../../domain/merkleShape";

// RFC 6962 test inputs and roots of their first n leaves (certificate-transparency's merkle tree tests).
const CT_LEAVES = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"];
const CT_ROOTS = [
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

/** RFC 6962 §2.1's recursive definition, as written there. */
function mth(leaves: Uint8Array[]): Uint8Array {
  if (leaves.length === 1) return leaves[0]!;
  const k = splitPoint(leaves.length);
  return logNodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

const leavesOf = (n: number) => Array.from({ length: n }, (_, i) => logLeafHash(toBytes(`document ${i}`)));

describe("the document log (RFC 6962)", () => {
  it("gives Certificate Transparency's roots for its test vectors", () => {
    const leaves = CT_LEAVES.map((h) => logLeafHash(h === "" ? new Uint8Array() : hexToBytes(`0x${h}`)));
    for (let n = 1; n <= leaves.length; n++) expect(bytesToHex(buildDocumentLog(leaves.slice(0, n)).root), `n=${n}`).toBe(`0x${CT_ROOTS[n - 1]}`);
  });

  it("has the recursive definition's root for every size up to 70", () => {
    for (let n = 1; n <= 70; n++) expect(bytesToHex(buildDocumentLog(leavesOf(n)).root), `n=${n}`).toBe(bytesToHex(mth(leavesOf(n))));
  });

  for (const n of [1, 2, 3, 1000]) {
    it(`proves every leaf of a log of ${n} and refuses a changed leaf, a wrong root and a wrong index`, () => {
      const leaves = leavesOf(n);
      const log = buildDocumentLog(leaves);
      const step = n > 100 ? 37 : 1;
      for (let i = 0; i < n; i += step) {
        const path = log.proof(i);
        expect(path.length).toBeLessThanOrEqual(Math.ceil(Math.log2(n)));
        expect(verifyInclusion({ leafHash: leaves[i]!, index: i, size: n, path, root: log.root })).toBe(true);
        expect(verifyInclusion({ leafHash: logLeafHash(toBytes(`document ${i} changed`)), index: i, size: n, path, root: log.root })).toBe(false);
        expect(verifyInclusion({ leafHash: leaves[i]!, index: i, size: n, path, root: sha256(toBytes("another root"), "bytes") })).toBe(false);
        if (n > 1) expect(verifyInclusion({ leafHash: leaves[i]!, index: (i + 1) % n, size: n, path, root: log.root })).toBe(false);
      }
    });
  }

  it("refuses an inner node offered as a leaf, and a path one step short", () => {
    const leaves = leavesOf(4);
    const log = buildDocumentLog(leaves);
    // the node over leaves 0 and 1, presented as a leaf of a 2-leaf tree with leaf 2-3's node as sibling
    const inner = logNodeHash(leaves[0]!, leaves[1]!);
    const right = logNodeHash(leaves[2]!, leaves[3]!);
    expect(bytesToHex(logNodeHash(inner, right))).toBe(bytesToHex(log.root));
    expect(verifyInclusion({ leafHash: inner, index: 0, size: 4, path: [right], root: log.root })).toBe(false);
    expect(verifyInclusion({ leafHash: inner, index: 0, size: 2, path: [right], root: log.root })).toBe(true); // only with the size lied about…
    // …and the leaf of a document is the hash of its 64 bytes of data with 0x00 first, never a node's preimage.
    const asData = logLeafHash(new Uint8Array([...leaves[0]!, ...leaves[1]!]));
    expect(bytesToHex(asData)).not.toBe(bytesToHex(inner));
    expect(verifyInclusion({ leafHash: leaves[0]!, index: 0, size: 4, path: log.proof(0).slice(0, 1), root: log.root })).toBe(false);
  });
});
