/**
 * The documents' benchmark (`npm run bench:documents`, and the last part of `npm run bench`):
 * - documents hashed and batched per second in this process: each file's SHA-256, its leaf
 *   (domain/documents/leaf.ts) and the batch's RFC 6962 log (target ≥ 10,000/s);
 * - gas per anchored document at batch sizes 1, 100 and 10,000, against one transaction per
 *   document (`anchor` of a batch of 1 for each), measured in the same run on one Anvil node
 *   (target ≤ 10 gas per document at 10,000);
 * - for a batch of 1,000,000 documents anchored for real: the proof's size (the path's bytes, and
 *   the bundle's JSON) and the time to verify one document, in Node (verifier/checkDocument.ts
 *   against the node) and in headless Chromium (the built verify page #/verify/document, from the
 *   file picked until the verdict is in the page); targets ≤ 1 KB and ≤ 50 ms.
 * Prints the tables and writes them to the README's documents-bench section (unless --no-write).
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { bytesToHex, keccak256, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { bundleOf, checkBundle, type ProofBundle } from "../../domain/documents/bundle";
import { contentHashOf, descriptorOf, leafDataOf, type DocumentRef } from "../../domain/documents/leaf";
import { buildDocumentLog, logLeafHash } from "../../domain/documents/merkleLog";
import { checkDocument } from "../../verifier/checkDocument";
import { fund, startAnvil, type AnvilNode } from "../lib/anvil";
import { ensureBuilt } from "../lib/build";
import { launchChromium } from "../lib/demoSystem";
import { anchorBatch, deployDocumentAnchor, sampleDocuments } from "../lib/documentBatch";
import { writeReadmeSection } from "../lib/readmeSection";

const ROOT = path.resolve(__dirname, "../..");
const log = (m: string) => console.error(`[bench:documents] ${m}`);
const BENCH_KEY = keccak256(toHex("community-ledger-bench-documents"));
const RUNS = 5;
const THROUGHPUT_DOCS = 100_000;
const FILE_BYTES = 1024;
const BIG_TREE = 1_000_000;
const PER_DOC_TXS = 100;

const fmt = (n: number | bigint) => n.toLocaleString("en-US");
const ms = (n: number) => `${n < 10 ? n.toFixed(1) : Math.round(n).toLocaleString("en-US")} ms`;
const mark = (ok: boolean) => (ok ? "✓" : "✗");

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** `n` distinct files of FILE_BYTES bytes (a header with the index, then filler). */
function files(n: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const b = new Uint8Array(FILE_BYTES);
    b.fill(0x20);
    b.set(new TextEncoder().encode(`invoice ${i}\n`), 0);
    out.push(b);
  }
  return out;
}

/** Hashes and batches the files: content hash, leaf, log. Returns docs/s and the log. */
function hashAndBatch(fileList: readonly Uint8Array[], ref: DocumentRef) {
  const descriptor = descriptorOf(ref);
  const t0 = performance.now();
  const leaves = fileList.map((bytes) => logLeafHash(leafDataOf(contentHashOf(bytes), descriptor)));
  const tLeaves = performance.now();
  const tree = buildDocumentLog(leaves);
  const t1 = performance.now();
  return { tree, leaves, totalMs: t1 - t0, leavesMs: tLeaves - t0, treeMs: t1 - tLeaves, perSecond: fileList.length / ((t1 - t0) / 1000) };
}

/** A tiny static server for web/dist, with an /api/config naming the node (the verify page's default). */
function serveWebDist(rpcUrl: string, bundles: Map<string, ProofBundle>): Promise<{ base: string; close: () => Promise<void> }> {
  const dist = path.join(ROOT, "web", "dist");
  const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".map": "application/json" };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/api/config") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify({ rpcUrl, chainId: 31337 }));
    }
    const m = /^\/api\/documents\/(0x[0-9a-f]{64})\/proof$/.exec(url.pathname);
    if (m) {
      const b = bundles.get(m[1]!);
      res.writeHead(b ? 200 : 404, { "content-type": "application/json" });
      return res.end(JSON.stringify(b ?? { error: "not found" }));
    }
    const file = path.join(dist, url.pathname === "/" ? "index.html" : path.normalize(url.pathname));
    if (!file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      resolve({ base: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}

/** The verify page in Chromium: `runs` times, from the file picked to the verdict in the page (ms, in run order). */
async function verifyInChromium(base: string, bundle: ProofBundle, file: Uint8Array, runs: number): Promise<{ times: number[]; statuses: string[] }> {
  const browser = await launchChromium();
  const times: number[] = [];
  const statuses: string[] = [];
  try {
    const context = await browser.newContext();
    await context.addInitScript(() => {
      const w = window as unknown as { __t0?: number; __t1?: number };
      document.addEventListener(
        "change",
        (e) => {
          if ((e.target as HTMLElement).dataset?.testid === "doc-file-input") w.__t0 = performance.now();
        },
        true,
      );
      new MutationObserver(() => {
        if (w.__t0 !== undefined && w.__t1 === undefined && document.querySelector('[data-testid="doc-result"]')) w.__t1 = performance.now();
      }).observe(document, { subtree: true, childList: true });
    });
    const page = await context.newPage();
    for (let i = 0; i < runs; i++) {
      await page.goto(`${base}/#/verify/document`);
      await page.reload();
      await page.locator('[data-testid="doc-rpc"]').waitFor();
      while ((await page.locator('[data-testid="doc-rpc"]').inputValue()) === "") await page.waitForTimeout(20);
      await page.locator('[data-testid="doc-proof-input"]').setInputFiles({ name: "bundle.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(bundle)) });
      await page.locator('[data-testid="doc-file-input"]').setInputFiles({ name: "invoice.txt", mimeType: "text/plain", buffer: Buffer.from(file) });
      await page.locator('[data-testid="doc-result"]').waitFor({ timeout: 60_000 });
      const t = await page.evaluate(() => {
        const w = window as unknown as { __t0?: number; __t1?: number };
        return (w.__t1 ?? NaN) - (w.__t0 ?? NaN);
      });
      times.push(t);
      statuses.push((await page.locator('[data-testid="doc-result"]').getAttribute("data-status")) ?? "");
    }
    await context.close();
  } finally {
    await browser.close();
  }
  return { times, statuses };
}

export async function benchDocuments(write: boolean): Promise<string> {
  ensureBuilt(log);
  const ref: DocumentRef = { communityId: "1", recordType: "payment", recordId: "7", kind: "invoice" };

  // 1. hashing and batching, in process
  log(`hashing and batching ${fmt(THROUGHPUT_DOCS)} files of ${fmt(FILE_BYTES)} bytes…`);
  const list = files(THROUGHPUT_DOCS);
  hashAndBatch(list.slice(0, 2000), ref); // warm-up
  const hb = [0, 1, 2].map(() => hashAndBatch(list, ref));
  const hbMedian = [...hb].sort((a, b) => a.perSecond - b.perSecond)[1]!;

  let anvil: AnvilNode | null = null;
  let server: { base: string; close: () => Promise<void> } | null = null;
  try {
    anvil = await startAnvil();
    const account = privateKeyToAccount(BENCH_KEY);
    await fund(anvil.rpcUrl, account.address);
    const contract = await deployDocumentAnchor(anvil.rpcUrl, BENCH_KEY);

    // 2. gas: one transaction per document, against batches
    log(`gas: ${PER_DOC_TXS} documents one transaction each, then batches of 1, 100 and 10,000…`);
    const single: bigint[] = [];
    for (let i = 0; i < PER_DOC_TXS; i++) {
      const b = await anchorBatch({ rpcUrl: anvil.rpcUrl, key: BENCH_KEY, contract, docs: sampleDocuments(1, ref, `single-${i}`) });
      single.push(b.gasUsed);
    }
    const perDocTx = Number(single.reduce((a, b) => a + b, 0n)) / single.length;
    const gasRows: { size: number; gas: bigint }[] = [];
    for (const size of [1, 100, 10_000]) {
      const b = await anchorBatch({ rpcUrl: anvil.rpcUrl, key: BENCH_KEY, contract, docs: sampleDocuments(size, ref, `batch-${size}`) });
      gasRows.push({ size, gas: b.gasUsed });
    }

    // 3. a batch of 1,000,000 documents, anchored for real; one document's proof
    log(`building and anchoring a batch of ${fmt(BIG_TREE)} documents…`);
    const bigFiles = (i: number) => new TextEncoder().encode(`发票 ${i}: 1 栋电梯维修\n`);
    const descriptor = descriptorOf(ref);
    const tBig0 = performance.now();
    const bigLeaves: Uint8Array[] = new Array(BIG_TREE);
    for (let i = 0; i < BIG_TREE; i++) bigLeaves[i] = logLeafHash(leafDataOf(contentHashOf(bigFiles(i)), descriptor));
    const bigTree = buildDocumentLog(bigLeaves);
    const bigBuildMs = performance.now() - tBig0;
    const { createPublicClient, createWalletClient, http: viemHttp, parseEventLogs } = await import("viem");
    const { documentAnchorAbi } = await import("../../chain/abi");
    const { foundry } = await import("viem/chains");
    const wallet = createWalletClient({ chain: foundry, account, transport: viemHttp(anvil.rpcUrl) });
    const pub = createPublicClient({ chain: foundry, transport: viemHttp(anvil.rpcUrl) });
    const root = bytesToHex(bigTree.root);
    const tx = await wallet.writeContract({ address: contract, abi: documentAnchorAbi, functionName: "anchor", args: [root, BIG_TREE] });
    const receipt = await pub.waitForTransactionReceipt({ hash: tx });
    const [ev] = parseEventLogs({ abi: documentAnchorAbi, eventName: "BatchAnchored", logs: receipt.logs });
    const index = 765_432;
    const fileBytes = bigFiles(index);
    const sha256 = contentHashOf(fileBytes);
    const bundle: ProofBundle = bundleOf({
      document: { sha256, size: fileBytes.length, mediaType: "text/plain", kind: ref.kind, communityId: ref.communityId, record: { type: ref.recordType, id: ref.recordId } },
      index,
      log: bigTree,
      batchId: ev!.args.batchId.toString(),
      anchor: { chainId: await pub.getChainId(), contract, transaction: tx, block: receipt.blockNumber.toString(), timestamp: Number(ev!.args.anchoredAt) },
    });
    const pathBytes = bundle.batch.path.length * 32;
    const bundleJson = JSON.stringify(bundle);
    const bundleBytes = Buffer.byteLength(bundleJson);

    // verification in Node: offline alone, and the whole check against the node
    const offline: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      if (checkBundle(bundle, contentHashOf(fileBytes)) !== null) throw new Error("the big tree's bundle does not check");
      offline.push(performance.now() - t0);
    }
    const nodeTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const r = await checkDocument({ bundle: JSON.parse(bundleJson), fileSha256: contentHashOf(fileBytes), rpcUrl: anvil.rpcUrl });
      nodeTimes.push(performance.now() - t0);
      if (r.status !== "verified") throw new Error(`the big tree's document was not verified: ${JSON.stringify(r)}`);
    }

    // verification in Chromium (the built page)
    log("verifying one document of the 1,000,000 in headless Chromium…");
    server = await serveWebDist(anvil.rpcUrl, new Map([[sha256, bundle]]));
    const chromium = await verifyInChromium(server.base, bundle, fileBytes, RUNS);
    if (chromium.statuses.some((s) => s !== "verified")) throw new Error(`Chromium: ${chromium.statuses.join(", ")}`);

    // tables
    const date = new Date().toISOString().slice(0, 10);
    const lines: string[] = [];
    lines.push(`Measured ${date} by \`npm run bench:documents\` (Anvil 1.7, cancun; Node ${process.version}; ${fmt(FILE_BYTES)}-byte files; medians unless said).`);
    lines.push("");
    lines.push("| hashing and batching, in process | value | target |");
    lines.push("| --- | ---: | --- |");
    lines.push(`| ${fmt(THROUGHPUT_DOCS)} files: SHA-256, leaf and log (median of 3 runs) | ${fmt(Math.round(hbMedian.perSecond))} documents/s (${ms(hbMedian.totalMs)}: leaves ${ms(hbMedian.leavesMs)}, tree ${ms(hbMedian.treeMs)}) | ≥ 10,000/s ${mark(hbMedian.perSecond >= 10_000)} |`);
    lines.push(`| ${fmt(BIG_TREE)} small files hashed and built into one log (one run) | ${ms(bigBuildMs)} (${fmt(Math.round(BIG_TREE / (bigBuildMs / 1000)))} documents/s) | — |`);
    lines.push("");
    lines.push(`| gas on Anvil | gas of the transaction | gas per document | ratio to one transaction per document | target |`);
    lines.push("| --- | ---: | ---: | ---: | --- |");
    lines.push(`| one transaction per document (\`anchor\` of a batch of 1, mean of ${PER_DOC_TXS}) | ${fmt(Math.round(perDocTx))} | ${fmt(Math.round(perDocTx))} | 1 | — |`);
    for (const r of gasRows) {
      const per = Number(r.gas) / r.size;
      lines.push(`| batch of ${fmt(r.size)} | ${fmt(r.gas)} | ${per < 100 ? per.toFixed(2) : fmt(Math.round(per))} | ${(per / perDocTx).toPrecision(3)} | ${r.size === 10_000 ? `≤ 10 gas/doc ${mark(per <= 10)}` : "—"} |`);
    }
    lines.push(`| batch of ${fmt(BIG_TREE)} (the proofs below) | ${fmt(receipt.gasUsed)} | ${(Number(receipt.gasUsed) / BIG_TREE).toFixed(3)} | ${(Number(receipt.gasUsed) / BIG_TREE / perDocTx).toPrecision(3)} | — |`);
    lines.push("");
    lines.push(`| one document of a batch of ${fmt(BIG_TREE)} (leaf ${fmt(index)}) | value | target |`);
    lines.push("| --- | ---: | --- |");
    lines.push(`| proof path (${bundle.batch.path.length} sibling hashes × 32 bytes) | ${fmt(pathBytes)} bytes | ≤ 1 KB ${mark(pathBytes <= 1024)} |`);
    lines.push(`| the whole proof bundle, JSON (hex, with the descriptor and the anchor) | ${fmt(bundleBytes)} bytes | — (${(bundleBytes / 1024).toFixed(1)} KB: hex doubles the path) |`);
    lines.push(`| Node: the bundle checked alone (leaf, path to the root; median of 200) | ${ms(median(offline))} | — |`);
    lines.push(`| Node: the whole check against the node (\`checkDocument\`, 4 RPC calls in one JSON-RPC batch; first ${ms(nodeTimes[0]!)}, median of ${RUNS}) | ${ms(median(nodeTimes))} | ≤ 50 ms ${mark(median(nodeTimes) <= 50)} |`);
    lines.push(`| Chromium (headless): verify page, file picked → verdict in the page (hash, bundle, chain; first ${ms(chromium.times[0]!)}, median of ${RUNS}) | ${ms(median(chromium.times))} | ≤ 50 ms ${mark(median(chromium.times) <= 50)} |`);
    lines.push("");
    lines.push(
      "The one-transaction-per-document row is what anchoring each document by itself costs; a batch costs the same one transaction whatever its size (the root and the size are all that go on chain), so its gas per document falls as 1/size. " +
        "The Chromium row is the built web client served from web/dist by a small static server (its /api/config names the Anvil node), the bundle opened from a file; each run reloads the page, which loads the verifier's chunk as it opens (before a file is picked); the first run also fetches and compiles it. " +
        "The time runs from the file input's change event to the result card's insertion (a MutationObserver), through the browser's SHA-256 of the file, the bundle's check and the node's answers.",
    );
    const text = lines.join("\n");
    console.log(text);
    if (write) {
      if (!writeReadmeSection(path.join(ROOT, "README.md"), "documents-bench", text)) log("README.md has no documents-bench:begin/end markers; not written there");
    }
    return text;
  } finally {
    await server?.close();
    await anvil?.stop();
  }
}

if (typeof require !== "undefined" && require.main === module) {
  benchDocuments(!process.argv.includes("--no-write")).then(
    () => undefined,
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
