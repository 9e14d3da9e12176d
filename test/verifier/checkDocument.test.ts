/**
 * A document's check (verifier/checkDocument.ts) and `npm run verify -- <file> --proof bundle.json`
 * against real Anvil chains: batches of 1, 2, 3 and 1,000 documents anchored for real round-trip;
 * a changed file, a wrong proof, a wrong root, a root never anchored, an inner node offered as a
 * leaf and a root on another chain are each refused by the shared module and by the CLI (exit 1);
 * an unreachable node is "could not check" (exit 2).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bytesToHex, type Hex } from "viem";
import type { ProofBundle } from "../../domain/documents/bundle";
import { buildDocumentLog, logNodeHash } from "../../domain/documents/merkleLog";
import { contentHashOf } from "../../domain/documents/leaf";
import { ANVIL_RELAYER_KEY, freePort, startAnvil, type AnvilNode } from "../../scripts/lib/anvil";
import { anchorBatch, deployDocumentAnchor, leafHashesOf, sampleDocuments, type AnchoredBatch, type BatchDocument } from "../../scripts/lib/documentBatch";
import { runVerify } from "../../scripts/verify";
import { checkBundleOffline, checkDocument } from "../../verifier/checkDocument";
import { documentResultText } from "../../verifier/documentText";

const ROOT = path.resolve(__dirname, "../..");
const OTHER_CHAIN_ID = 4242;

let chainA: AnvilNode;
let chainB: AnvilNode;
let contractA: Hex;
let contractB: Hex;
let tmp: string;
const docs = new Map<number, BatchDocument[]>();
const batches = new Map<number, AnchoredBatch>();
let otherChainBatch: AnchoredBatch;
let otherChainDocs: BatchDocument[];

const bytesOf = (n: number, i: number) => (docs.get(n) as BatchDocument[])[i]!.bytes;
const bundleOf = (n: number, i: number) => (batches.get(n) as AnchoredBatch).bundles[i]!;
const clone = (b: ProofBundle): ProofBundle => JSON.parse(JSON.stringify(b)) as ProofBundle;

async function cli(file: Uint8Array, bundle: unknown, extra: string[] = [], rpc = chainA.rpcUrl) {
  const dir = fs.mkdtempSync(path.join(tmp, "case-"));
  const filePath = path.join(dir, "invoice.txt");
  const proofPath = path.join(dir, "bundle.json");
  fs.writeFileSync(filePath, file);
  fs.writeFileSync(proofPath, JSON.stringify(bundle, null, 2));
  let stdout = "";
  let stderr = "";
  const code = await runVerify([filePath, "--proof", proofPath, "--rpc", rpc, ...extra], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    // no deployment file: the bundle's contract is read as it names it (unless --contract)
    env: { LANG: "en_US.UTF-8", LEDGER_DATA_DIR: tmp },
    cwd: ROOT,
  });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "docverify-check-"));
  [chainA, chainB] = await Promise.all([startAnvil(), startAnvil({ chainId: OTHER_CHAIN_ID })]);
  [contractA, contractB] = await Promise.all([deployDocumentAnchor(chainA.rpcUrl, ANVIL_RELAYER_KEY), deployDocumentAnchor(chainB.rpcUrl, ANVIL_RELAYER_KEY)]);
  for (const n of [1, 2, 3, 1000]) {
    const d = sampleDocuments(n, { recordId: String(n) }, `batch-${n}`);
    docs.set(n, d);
    batches.set(n, await anchorBatch({ rpcUrl: chainA.rpcUrl, key: ANVIL_RELAYER_KEY, contract: contractA, docs: d }));
  }
  otherChainDocs = sampleDocuments(2, { recordType: "statement", recordId: "3", kind: "statement" }, "other-chain");
  otherChainBatch = await anchorBatch({ rpcUrl: chainB.rpcUrl, key: ANVIL_RELAYER_KEY, contract: contractB, docs: otherChainDocs });
}, 120_000);

afterAll(async () => {
  await Promise.all([chainA?.stop(), chainB?.stop()]);
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("checkDocument: proofs of batches anchored for real round-trip", () => {
  for (const n of [1, 2, 3, 1000]) {
    it(`verifies documents of a batch of ${n}`, async () => {
      // every document of the small batches; of the 1,000, the ends, the middle and a spread
      const indices = n <= 3 ? Array.from({ length: n }, (_, i) => i) : [0, 1, 2, 499, 500, 511, 512, 767, 996, 998, 999, 123, 654];
      for (const i of indices) {
        const r = await checkDocument({ bundle: bundleOf(n, i), fileSha256: contentHashOf(bytesOf(n, i)), rpcUrl: chainA.rpcUrl });
        expect(r.status, `document ${i} of ${n}`).toBe("verified");
        if (r.status !== "verified") continue;
        expect(r.anchor.size).toBe(n);
        expect(r.anchor.chainId).toBe(31337);
        expect(r.anchor.blockNumber.toString()).toBe(bundleOf(n, i).anchor.block);
        expect(r.fileChecked).toBe(true);
      }
      // and every document's bundle of the batch checks without the node, its path no longer than the tree is deep
      const depth = Math.ceil(Math.log2(n));
      for (const [i, b] of (batches.get(n) as AnchoredBatch).bundles.entries()) {
        expect(b.batch.path.length).toBeLessThanOrEqual(depth);
        expect(checkBundleOffline(b, contentHashOf(bytesOf(n, i))), `document ${i} of ${n}`).toBeNull();
      }
    });
  }

  it("says in plain words what was verified, in both languages", async () => {
    const r = await checkDocument({ bundle: bundleOf(3, 1), fileSha256: contentHashOf(bytesOf(3, 1)), rpcUrl: chainA.rpcUrl });
    expect(documentResultText(r, "zh-CN")).toMatch(/^已核验：这个文件就是记录中的原件，属于小区 1 的支付 3（invoice）；于 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(UTC\+8\) 在链 31337 的区块 \d+ 锚定（批次 3，共 3 份）。$/);
    expect(documentResultText(r, "en")).toMatch(/^Verified: this file is the recorded one, of payment 3 of community 1 \(invoice\); anchored at .* in block \d+ of chain 31337 \(batch 3, 3 documents\)\.$/);
  });

  it("verifies with only the hash (a link), and says the file itself was not compared", async () => {
    const r = await checkDocument({ bundle: bundleOf(2, 0), rpcUrl: chainA.rpcUrl });
    expect(r.status).toBe("verified");
    expect(documentResultText(r, "en")).toContain("the file itself was not compared");
  });
});

/** Each bad case: the bundle, the file, the code the module gives, and a word of the CLI's line. */
function badCases(): { name: string; bundle: unknown; file: Uint8Array; code: string; words: RegExp; rpc?: string }[] {
  const good = bundleOf(3, 1);
  const file = bytesOf(3, 1);

  const changed = new Uint8Array(file);
  changed[0] = (changed[0] as number) ^ 1;

  const wrongProof = clone(good);
  (wrongProof.batch.path as Hex[])[0] = bundleOf(3, 2).leaf.hash;
  (wrongProof.batch.path as Hex[]).reverse();

  // A tree of the attacker's own with the file in it: consistent, but not the root its transaction anchored.
  const forgedDocs = [docs.get(3)![1]!, ...sampleDocuments(3, { recordId: "3" }, "forged")];
  const forgedLog = buildDocumentLog(leafHashesOf(forgedDocs));
  const wrongRoot = clone(good);
  Object.assign(wrongRoot.leaf, { index: 0 });
  Object.assign(wrongRoot.batch, { size: 4, root: bytesToHex(forgedLog.root), path: forgedLog.proof(0).map((p) => bytesToHex(p)) });

  // The same forged tree, naming a transaction that anchored nothing (the contract's deployment).
  const never = clone(wrongRoot);

  // The inner node over leaves 0 and 1 of the batch of 3, offered as this file's leaf at level 1.
  const leaves = leafHashesOf(docs.get(3)!);
  const inner = logNodeHash(leaves[0]!, leaves[1]!);
  const innerBundle = clone(bundleOf(3, 0));
  Object.assign(innerBundle.leaf, { hash: bytesToHex(inner), index: 0 });
  Object.assign(innerBundle.batch, { size: 2, path: [bytesToHex(leaves[2]!)] });

  const otherChain = otherChainBatch.bundles[0]!;
  const namesOtherChain = clone(good);
  Object.assign(namesOtherChain.anchor, { chainId: 1337 });

  return [
    { name: "a changed file", bundle: good, file: changed, code: "FILE_CHANGED", words: /The file was changed/ },
    { name: "a wrong proof", bundle: wrongProof, file, code: "PROOF_WRONG", words: /Wrong proof/ },
    { name: "a wrong root", bundle: wrongRoot, file, code: "ROOT_WRONG", words: /Wrong root/ },
    { name: "a root never anchored", bundle: never, file, code: "NEVER_ANCHORED", words: /never anchored/ },
    { name: "an inner node offered as a leaf", bundle: innerBundle, file: bytesOf(3, 0), code: "INNER_NODE_AS_LEAF", words: /offers a node of the tree/ },
    { name: "a root on another chain (anchored on a second Anvil, chain id 4242)", bundle: otherChain, file: otherChainDocs[0]!.bytes, code: "WRONG_CHAIN", words: /another chain: the bundle names chain id 4242, the node is chain id 31337/ },
    { name: "a bundle naming another chain id", bundle: namesOtherChain, file, code: "WRONG_CHAIN", words: /another chain/ },
    { name: "a bundle that is not one", bundle: { format: "something else" }, file, code: "BUNDLE_MALFORMED", words: /not a community-ledger\/document-proof\/v1/ },
  ];
}

describe("checkDocument and the CLI refuse", () => {
  beforeAll(async () => {
    // the never-anchored case names a real transaction that anchored nothing
    const { createPublicClient, http } = await import("viem");
    const client = createPublicClient({ transport: http(chainA.rpcUrl) });
    const block = await client.getBlock({ blockNumber: 1n, includeTransactions: true });
    neverTx = (block.transactions[0] as { hash: Hex }).hash;
  });
  let neverTx: Hex;

  const names = ["a changed file", "a wrong proof", "a wrong root", "a root never anchored", "an inner node offered as a leaf", "a root on another chain (a second Anvil)", "a bundle naming another chain id", "a bundle that is not one"];
  for (const [c, name] of names.entries()) {
    it(`refuses ${name}: the module's code, and the CLI's exit 1 with one line`, async () => {
      const cases = badCases();
      const k = cases[c]!;
      if (k.code === "NEVER_ANCHORED") Object.assign((k.bundle as ProofBundle).anchor, { transaction: neverTx });
      const sha = contentHashOf(k.file);
      const r = await checkDocument({ bundle: k.bundle, fileSha256: sha, rpcUrl: chainA.rpcUrl });
      expect(r.status, k.name).toBe("not-verified");
      if (r.status === "not-verified") expect(r.code, k.name).toBe(k.code);
      const out = await cli(k.file, k.bundle);
      expect(out.code, `${k.name}: ${out.stdout}${out.stderr}`).toBe(1);
      expect(out.stdout, k.name).toMatch(/^Not verified: /);
      expect(out.stdout, k.name).toMatch(k.words);
      expect(out.stdout.trim().split("\n")).toHaveLength(1);
    });
  }
});

describe("npm run verify -- <file> --proof bundle.json", () => {
  it("exits 0 with one line when the file is the recorded one, in Chinese by default and as JSON", async () => {
    const en = await cli(bytesOf(1000, 777), bundleOf(1000, 777));
    expect(en.code).toBe(0);
    expect(en.stdout).toMatch(/^Verified: this file is the recorded one, of payment 1000 of community 1 \(invoice\); anchored at .*\(batch 4, 1000 documents\)\.\n$/);
    const zh = await cli(bytesOf(1000, 777), bundleOf(1000, 777), ["--lang", "zh-CN"]);
    expect(zh.code).toBe(0);
    expect(zh.stdout).toMatch(/^已核验：/);
    const json = await cli(bytesOf(2, 1), bundleOf(2, 1), ["--json"]);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as { status: string; exitCode: number; anchor: { batchId: string; size: number } };
    expect(parsed).toMatchObject({ status: "verified", exitCode: 0, anchor: { batchId: "2", size: 2 } });
  });

  it("refuses a bundle naming another DocumentAnchor than the ledger's (--contract, or the deployment file's documents)", async () => {
    // (contractB has contractA's address: the same key's first deployment on each chain)
    const elsewhere = "0x000000000000000000000000000000000000dEaD";
    const r = await checkDocument({ bundle: bundleOf(2, 1), fileSha256: contentHashOf(bytesOf(2, 1)), rpcUrl: chainA.rpcUrl, expectedContract: elsewhere });
    expect(r.status === "not-verified" && r.code).toBe("OTHER_CONTRACT");
    const ok = await cli(bytesOf(2, 1), bundleOf(2, 1), ["--contract", contractA]);
    expect(ok.code).toBe(0);
    const other = await cli(bytesOf(2, 1), bundleOf(2, 1), ["--contract", elsewhere]);
    expect(other.code).toBe(1);
    expect(other.stdout).toMatch(/^Not verified: The bundle names the anchor contract .* not the ledger's/);
    const deployment = path.join(tmp, "deployment.json");
    fs.writeFileSync(deployment, JSON.stringify({ chainId: 31337, documents: elsewhere }));
    const fromFile = await cli(bytesOf(2, 1), bundleOf(2, 1), ["--deployment", deployment]);
    expect(fromFile.code).toBe(1);
    fs.rmSync(deployment);
  });

  it("names who sent the anchoring transaction", async () => {
    const r = await checkDocument({ bundle: bundleOf(1, 0), rpcUrl: chainA.rpcUrl });
    expect(r.status === "verified" && r.anchor.anchoredBy.toLowerCase()).toBe("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
  });

  it("exits 2, could not check, when the node cannot be reached", async () => {
    const port = await freePort();
    const unreachable = `http://127.0.0.1:${port}`;
    const r = await checkDocument({ bundle: bundleOf(2, 0), fileSha256: contentHashOf(bytesOf(2, 0)), rpcUrl: unreachable, timeoutMs: 2_000 });
    expect(r.status).toBe("could-not-check");
    const out = await cli(bytesOf(2, 0), bundleOf(2, 0), ["--timeout-ms", "2000"], unreachable);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe("");
    expect(out.stderr).toContain(`Could not check: the node ${unreachable} cannot be reached`);
  });

  it("exits 2 on bad arguments, and a changed file is still caught before the node is asked", async () => {
    const missing = await runVerify(["/nonexistent/file.pdf", "--proof", "x.json"], { stdout: () => undefined, stderr: () => undefined, env: {}, cwd: ROOT });
    expect(missing).toBe(2);
    const changed = new TextEncoder().encode("not the invoice");
    const out = await cli(changed, bundleOf(1, 0), [], `http://127.0.0.1:${await freePort()}`);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain("The file was changed");
  });

  it("fetches the bundle from --api when --proof is absent, and refuses a file the server does not know", async () => {
    const sha = contentHashOf(bytesOf(3, 2));
    const served = bundleOf(3, 2);
    const fakeFetch = async (url: string) =>
      url.endsWith(`/api/documents/${sha}/proof`) ? new Response(JSON.stringify(served), { status: 200 }) : new Response("{}", { status: 404 });
    const dir = fs.mkdtempSync(path.join(tmp, "api-"));
    const good = path.join(dir, "good.txt");
    const other = path.join(dir, "other.txt");
    fs.writeFileSync(good, bytesOf(3, 2));
    fs.writeFileSync(other, "another file");
    let stdout = "";
    const io = { stdout: (t: string) => (stdout += t), stderr: () => undefined, env: { LANG: "en" }, cwd: ROOT, fetch: fakeFetch };
    expect(await runVerify([good, "--api", "http://api.example", "--rpc", chainA.rpcUrl], io)).toBe(0);
    expect(stdout).toMatch(/^Verified/);
    stdout = "";
    expect(await runVerify([other, "--api", "http://api.example", "--rpc", chainA.rpcUrl], io)).toBe(1);
    expect(stdout).toMatch(/has no document with fingerprint/);
  });
});
