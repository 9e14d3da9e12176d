/**
 * Documents (issue 9, the server's side): uploads by the committee or the custodian, checked
 * before and after the body and leaving nothing behind when refused; each visibility against
 * every role; batches anchored once on chain, also across restarts; proof bundles that check;
 * and the audit finding a changed file, an edited row and a missing file.
 */
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keccak256, toHex, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { documentAnchorAbi } from "../../chain/abi";
import { CommitteeKind } from "../../chain/typedData";
import { DEFAULT_SETTINGS } from "../../domain/settings";
import { checkBundle, parseBundle } from "../../domain/documents";
import { writeDeployment } from "../../ledger-api/src/chain/deployment";
import { auditDocuments } from "../../ledger-api/src/documents/audit";
import { LocalDiskStore } from "../../ledger-api/src/documents/store";
import { checkDocument } from "../../verifier/checkDocument";
import { documentResultText } from "../../verifier/documentText";
import { MEMBERS, SUPERVISOR, addr, call, createTestbed, key, publishViaApi, signIn, waitFor, type Testbed } from "./support/testbed";

const MAX_BYTES = 64 * 1024;
let tb: Testbed;
let cid: bigint;
let proposalId: bigint;
let aliceEntry: number;
const tokens: Record<string, string> = {};

const pdf = (label: string) => new Uint8Array(Buffer.from(`%PDF-1.4\n% ${label}\n%%EOF\n`));
const png = (label: string) => new Uint8Array(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(label)]));
const jpeg = (label: string) => new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(label)]));
const sha = (b: Uint8Array) => `0x${createHash("sha256").update(b).digest("hex")}` as Hex;

async function upload(body: Uint8Array, query: string, token?: string, contentType = "application/pdf") {
  const headers: Record<string, string> = { "content-type": contentType };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await tb.service.app.request(`/api/communities/${cid}/documents?${query}`, { method: "POST", headers, body: body as unknown as BodyInit });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function download(hash: string, token?: string) {
  const res = await tb.service.app.request(`/api/documents/${hash}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const bytes = new Uint8Array(await res.arrayBuffer());
  let body: Record<string, any> = {};
  try {
    body = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    /* a file */
  }
  return { status: res.status, headers: res.headers, bytes, body };
}

function expectRefusal(r: { status: number; body: Record<string, any> }, status: number, code: string) {
  expect([r.status, r.body.error?.code], JSON.stringify(r.body)).toEqual([status, code]);
  expect(r.body.error.message["zh-CN"]).toMatch(/[\u4e00-\u9fff]/);
  expect(r.body.error.message.en.length).toBeGreaterThan(0);
}

const storeDir = () => path.join(tb.dataDir, "documents");
const storeEntries = () => fs.readdirSync(storeDir()).sort();

async function anchoredMeta(hash: string) {
  return waitFor(async () => {
    const m = await call(tb, "GET", `/api/documents/${hash}/meta`);
    return m.body.documents?.every((d: { anchoring: string }) => d.anchoring === "anchored") ? m.body : null;
  }, 60_000);
}

async function batchAnchoredEvents(root: string) {
  const logs = await tb.service.ctx.client.getContractEvents({ address: tb.deployment.documents, abi: documentAnchorAbi, eventName: "BatchAnchored", fromBlock: 0n });
  return logs.filter((l) => l.args.root?.toLowerCase() === root.toLowerCase()).length;
}

beforeAll(async () => {
  tb = await createTestbed({ service: { documents: { maxBytes: MAX_BYTES, anchoring: { batchSize: 3, batchSeconds: 2 } } } });
  cid = tb.communityId;
  ({ proposalId } = await publishViaApi(tb, { matter: 5, scope: { kind: 1, ids: [1] } }));
  const entries = await tb.service.ctx.prisma.rollEntry.findMany({ where: { proposalId } });
  aliceEntry = entries.find((e) => (e.voters as string[]).some((v) => v.toLowerCase() === addr("alice").toLowerCase()))!.entryId;
  // the custodian, and an owner of another community
  await tb.driver.setCustodian(SUPERVISOR, cid, addr("custodian"));
  const c2 = [key("c2-0"), key("c2-1")];
  const { communityId: other } = await tb.driver.createCommunity(SUPERVISOR, "第二小区", DEFAULT_SETTINGS, c2.map((k) => privateKeyToAccount(k).address), 2);
  await tb.driver.committee(other, CommitteeKind.RegisterBuildings, [other, [{ buildingId: 1, compound: 1, label: "1栋" }]], c2);
  await tb.driver.committee(other, CommitteeKind.RegisterUnits, [other, [{ unitId: 101, buildingId: 1, areaCm2: 9000n, areaSource: 3, kind: 1, developerHeld: false, label: "1-101" }]], c2);
  await tb.driver.committee(other, CommitteeKind.BindOwners, [other, [{ unitId: 101, owner: addr("zed"), identityHash: keccak256(toHex("id:zed")), evidenceHash: keccak256(toHex("ev:zed")) }]], c2);
  await tb.service.ctx.indexer.waitFor();
  // the proposal's full text is filed by the ledger itself (ledgerTexts.ts) before the tests count the store's files
  await waitFor(async () => tb.service.ctx.prisma.storedDocument.findFirst({ where: { recordType: "proposal", recordId: proposalId.toString(), kind: "proposal-text", uploader: "ledger" } }), 30_000);
  for (const [name, k] of Object.entries({ member: MEMBERS[0]!, custodian: key("custodian"), supervisor: SUPERVISOR, alice: key("alice"), bob: key("bob"), zed: key("zed"), stranger: key("stranger") })) {
    tokens[name] = await signIn(tb, k);
  }
}, 180_000);

afterAll(async () => {
  await tb?.stop();
});

describe("upload", () => {
  it("refuses bad input with a clear 4xx and leaves nothing behind (no temporary file, no row)", async () => {
    const before = { rows: await tb.service.ctx.prisma.storedDocument.count(), files: storeEntries() };
    const q = `kind=proposal-text&record=proposal:${proposalId}`;
    expectRefusal(await upload(pdf("anon"), q), 401, "AUTH_REQUIRED");
    expectRefusal(await upload(pdf("owner"), q, tokens.alice), 403, "DOCUMENT_UPLOADER_REQUIRED");
    expectRefusal(await upload(pdf("stranger"), q, tokens.stranger), 403, "DOCUMENT_UPLOADER_REQUIRED");
    // the type from the content, never from the name or the declared type
    expectRefusal(await upload(new Uint8Array(Buffer.from("just text, called a PDF")), q, tokens.member), 415, "DOCUMENT_TYPE_NOT_ALLOWED");
    expectRefusal(await upload(new Uint8Array(Buffer.from("GIF89a....")), q, tokens.member, "image/png"), 415, "DOCUMENT_TYPE_NOT_ALLOWED");
    const big = new Uint8Array(MAX_BYTES + 1);
    big.set(pdf("big"));
    expectRefusal(await upload(big, q, tokens.member), 413, "DOCUMENT_TOO_LARGE");
    // streamed with no Content-Length: cut off while streaming, past the limit
    const chunks = [pdf("streamed"), new Uint8Array(MAX_BYTES)];
    const streamed = await tb.service.app.request(`/api/communities/${cid}/documents?${q}`, {
      method: "POST",
      headers: { "content-type": "application/pdf", authorization: `Bearer ${tokens.member}` },
      body: new ReadableStream<Uint8Array>({ pull: (c) => (chunks.length ? c.enqueue(chunks.shift()!) : c.close()) }),
      duplex: "half",
    } as RequestInit);
    expectRefusal({ status: streamed.status, body: (await streamed.json()) as Record<string, any> }, 413, "DOCUMENT_TOO_LARGE");
    expectRefusal(await upload(new Uint8Array(0), q, tokens.member), 400, "DOCUMENT_EMPTY");
    expectRefusal(await upload(pdf("x"), `kind=proposal-text&record=proposal:999`, tokens.member), 404, "DOCUMENT_RECORD_NOT_FOUND");
    expectRefusal(await upload(pdf("x"), `kind=invoice&record=payment:7`, tokens.member), 404, "DOCUMENT_RECORD_NOT_FOUND");
    expectRefusal(await upload(pdf("x"), `kind=statement&record=statement:1`, tokens.member), 404, "DOCUMENT_RECORD_NOT_FOUND");
    expectRefusal(await upload(pdf("x"), `kind=objection&record=objection:1/1`, tokens.member), 404, "DOCUMENT_RECORD_NOT_FOUND");
    expectRefusal(await upload(pdf("x"), `kind=objection&record=objection:1/9999999999`, tokens.member), 404, "DOCUMENT_RECORD_NOT_FOUND");
    expectRefusal(await upload(pdf("x"), `kind=paper-ballot&record=paper-ballot:999/0`, tokens.member), 404, "DOCUMENT_RECORD_NOT_FOUND");
    expectRefusal(await upload(pdf("x"), `kind=paper-ballot&record=paper-ballot:${proposalId}/9999`, tokens.member), 404, "DOCUMENT_RECORD_NOT_FOUND");
    expectRefusal(await upload(pdf("x"), `kind=mandate&record=mandate:${proposalId}/9999999999`, tokens.member), 404, "DOCUMENT_RECORD_NOT_FOUND");
    expectRefusal(await upload(pdf("x"), `kind=proposal-text&record=proposal:99999999999999999999`, tokens.member), 404, "DOCUMENT_RECORD_NOT_FOUND");
    expectRefusal(await upload(pdf("x"), `kind=invoice&record=payment:99999999999999999999`, tokens.member), 404, "DOCUMENT_RECORD_NOT_FOUND");
    expectRefusal(await upload(pdf("x"), `kind=invoice&record=proposal:${proposalId}`, tokens.member), 400, "DOCUMENT_KIND_MISMATCH");
    expectRefusal(await upload(pdf("x"), `kind=paper-ballot&record=paper-ballot:${proposalId}/${aliceEntry}&visibility=public`, tokens.member), 400, "DOCUMENT_VISIBILITY_TOO_LOOSE");
    expectRefusal(await upload(pdf("x"), `kind=bank-record&record=plan:1&visibility=public`, tokens.member), 400, "DOCUMENT_VISIBILITY_TOO_LOOSE");
    expectRefusal(await upload(pdf("x"), `kind=nonsense&record=proposal:${proposalId}`, tokens.member), 400, "VALIDATION_FAILED");
    expectRefusal(await upload(pdf("x"), `kind=proposal-text&record=proposal`, tokens.member), 400, "VALIDATION_FAILED");
    expect(await tb.service.ctx.prisma.storedDocument.count()).toBe(before.rows);
    expect(storeEntries()).toEqual(before.files);
    expect(storeEntries().some((n) => n.startsWith(".upload-"))).toBe(false);
  });

  it("stores a file once by its SHA-256, typed from its content; the same file for the same record again is the same document", async () => {
    const file = png("site photo");
    const first = await upload(file, `kind=minutes&record=proposal:${proposalId}`, tokens.member, "application/pdf");
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.document).toMatchObject({ sha256: sha(file), size: file.length, mediaType: "image/png", kind: "minutes", visibility: "public", record: { type: "proposal", id: String(proposalId) } });
    const again = await upload(file, `kind=minutes&record=proposal:${proposalId}`, tokens.custodian);
    expect(again.status).toBe(200);
    expect(again.body.document.createdAt).toBe(first.body.document.createdAt);
    expect(await tb.service.ctx.prisma.storedDocument.count({ where: { sha256: sha(file) } })).toBe(1);
    expect(fs.readFileSync(new LocalDiskStore(storeDir()).pathOf(sha(file)))).toEqual(Buffer.from(file));
    // the custodian may upload too
    const byCustodian = await upload(jpeg("receipt"), `kind=proposal-text&record=proposal:${proposalId}`, tokens.custodian);
    expect(byCustodian.status, JSON.stringify(byCustodian.body)).toBe(201);
    expect(byCustodian.body.document.uploader).toBe(addr("custodian").toLowerCase());
    const list = await call(tb, "GET", `/api/communities/${cid}/documents?record=proposal:${proposalId}`);
    expect(list.body.documents.map((d: { sha256: string }) => d.sha256)).toEqual(expect.arrayContaining([sha(file), sha(jpeg("receipt"))]));
  });
});

describe("who may read a file", () => {
  const roles = ["anonymous", "stranger", "zed", "bob", "alice", "member", "custodian", "supervisor"] as const;
  const cases: [string, () => string, Record<(typeof roles)[number], number>][] = [
    ["public", () => `kind=proposal-text&record=proposal:${proposalId}`, { anonymous: 200, stranger: 200, zed: 200, bob: 200, alice: 200, member: 200, custodian: 200, supervisor: 200 }],
    ["owners", () => `kind=proposal-text&record=proposal:${proposalId}&visibility=owners`, { anonymous: 401, stranger: 403, zed: 403, bob: 200, alice: 200, member: 200, custodian: 200, supervisor: 200 }],
    ["restricted", () => `kind=paper-ballot&record=paper-ballot:${proposalId}/${aliceEntry}`, { anonymous: 401, stranger: 403, zed: 403, bob: 403, alice: 200, member: 200, custodian: 403, supervisor: 200 }],
    ["restricted, no owner concerned", () => `kind=minutes&record=proposal:${proposalId}&visibility=restricted`, { anonymous: 401, stranger: 403, zed: 403, bob: 403, alice: 403, member: 200, custodian: 403, supervisor: 200 }],
  ];
  for (const [name, query, expected] of cases) {
    it(`${name}: ${Object.entries(expected).map(([r, s]) => `${r} ${s}`).join(", ")}`, async () => {
      const file = pdf(`visibility ${name}`);
      const up = await upload(file, query(), tokens.member);
      expect(up.status, JSON.stringify(up.body)).toBe(201);
      for (const role of roles) {
        const r = await download(sha(file), role === "anonymous" ? undefined : tokens[role]);
        expect(r.status, `${role}: ${JSON.stringify(r.body)}`).toBe(expected[role]);
        if (r.status === 200) {
          expect(Buffer.from(r.bytes)).toEqual(Buffer.from(file));
          expect(r.headers.get("content-type")).toBe("application/pdf");
          expect(r.headers.get("content-disposition")).toMatch(/^attachment; filename="[a-z-]+-[0-9a-f]{12}\.pdf"$/);
        } else {
          expectRefusal(r, expected[role], expected[role] === 401 ? "AUTH_REQUIRED" : "DOCUMENT_ACCESS_DENIED");
        }
      }
      // an unknown session: a public file is served anyway, any other is not
      const stale = await download(sha(file), "A".repeat(43));
      if (name === "public") expect(stale.status).toBe(200);
      else expectRefusal(stale, 401, "AUTH_REQUIRED");
      // the hash and the metadata stay public
      const meta = await call(tb, "GET", `/api/documents/${sha(file)}/meta`);
      expect(meta.status).toBe(200);
      expect(meta.body.documents[0].sha256).toBe(sha(file));
    });
  }

  it("answers an unknown or malformed hash plainly", async () => {
    expectRefusal(await call(tb, "GET", `/api/documents/0x${"00".repeat(32)}`), 404, "DOCUMENT_NOT_FOUND");
    expectRefusal(await call(tb, "GET", `/api/documents/0x${"00".repeat(32)}/meta`), 404, "DOCUMENT_NOT_FOUND");
    expectRefusal(await call(tb, "GET", `/api/documents/0x${"00".repeat(32)}/proof`), 404, "DOCUMENT_NOT_FOUND");
    expect((await call(tb, "GET", "/api/documents/..%2F..%2Fetc%2Fpasswd")).status).toBe(400);
  });
});

describe("anchoring", () => {
  it("has no proof until the batch is anchored (DOCUMENT_PROOF_PENDING), then a bundle that checks against the chain", async () => {
    const file = pdf("anchored contract");
    const up = await upload(file, `kind=proposal-text&record=proposal:${proposalId}`, tokens.member);
    expect(up.status).toBe(201);
    const pending = await call(tb, "GET", `/api/documents/${sha(file)}/proof`);
    if (pending.status !== 200) expectRefusal(pending, 404, "DOCUMENT_PROOF_PENDING");
    await anchoredMeta(sha(file));
    const proof = await call(tb, "GET", `/api/documents/${sha(file)}/proof`);
    expect(proof.status, JSON.stringify(proof.body)).toBe(200);
    const bundle = parseBundle(proof.body)!;
    expect(bundle).not.toBeNull();
    expect(checkBundle(bundle, sha(file))).toBeNull();
    expect(checkBundle(bundle, sha(pdf("another file")))).toBe("BUNDLE_FILE_MISMATCH");
    const onChain = await tb.service.ctx.client.readContract({ address: tb.deployment.documents, abi: documentAnchorAbi, functionName: "anchorOf", args: [bundle.batch.root] });
    expect([onChain.batchId.toString(), onChain.size, onChain.blockNumber.toString()]).toEqual([bundle.batch.id, bundle.batch.size, bundle.anchor.block]);
    expect(bundle.anchor.contract.toLowerCase()).toBe(tb.deployment.documents.toLowerCase());
    expect(await batchAnchoredEvents(bundle.batch.root)).toBe(1);
    // every document uploaded so far is anchored, in batches of at most 3
    const batches = await tb.service.ctx.prisma.documentBatch.findMany();
    expect(batches.every((b) => b.size >= 1 && b.size <= 3)).toBe(true);
  }, 90_000);

  it("anchors a batch exactly once across restarts: closed but never sent, sent but never marked, its job lost", async () => {
    const prisma = () => tb.service.ctx.prisma;
    // 1. closed (its job queued), the relayer down, then a restart
    await tb.service.ctx.worker.stop();
    const a = [pdf("restart a1"), pdf("restart a2"), pdf("restart a3")];
    for (const f of a) expect((await upload(f, `kind=proposal-text&record=proposal:${proposalId}`, tokens.member)).status).toBe(201);
    const batchA = await waitFor(async () => (await prisma().storedDocument.findFirst({ where: { sha256: sha(a[0]!) } }))?.batchId ?? null);
    const rootA = (await prisma().documentBatch.findUniqueOrThrow({ where: { id: batchA } })).root;
    expect(await batchAnchoredEvents(rootA)).toBe(0);
    await tb.restart();
    await anchoredMeta(sha(a[0]!));
    expect(await batchAnchoredEvents(rootA)).toBe(1);

    // 2. sent and on chain, the service gone before it marked the batch confirmed, its job row lost
    await tb.service.ctx.documents.anchorer.stop();
    const b = pdf("restart b");
    expect((await upload(b, `kind=proposal-text&record=proposal:${proposalId}`, tokens.member)).status).toBe(201);
    const batchB = (await tb.service.ctx.documents.anchorer.close())!;
    await waitFor(async () => prisma().anchoredBatch.findUnique({ where: { root: batchB.root } }));
    expect((await prisma().documentBatch.findUniqueOrThrow({ where: { id: batchB.id } })).status).toBe("closed");
    await prisma().relayJob.deleteMany({ where: { digest: batchB.jobDigest } });
    await tb.restart();
    await anchoredMeta(sha(b));
    expect(await batchAnchoredEvents(batchB.root)).toBe(1);
    expect(await prisma().relayJob.count({ where: { digest: batchB.jobDigest } })).toBe(0); // nothing was sent again

    // 3. closed, its job lost before it was sent: queued again on start, anchored once
    await tb.service.ctx.worker.stop();
    await tb.service.ctx.documents.anchorer.stop();
    const c = pdf("restart c");
    expect((await upload(c, `kind=proposal-text&record=proposal:${proposalId}`, tokens.member)).status).toBe(201);
    const batchC = (await tb.service.ctx.documents.anchorer.close())!;
    await prisma().relayJob.deleteMany({ where: { digest: batchC.jobDigest } });
    await tb.restart();
    await anchoredMeta(sha(c));
    expect(await batchAnchoredEvents(batchC.root)).toBe(1);
    const proof = await call(tb, "GET", `/api/documents/${sha(c)}/proof`);
    expect(checkBundle(parseBundle(proof.body)!, sha(c))).toBeNull();
  }, 180_000);
});

describe("the texts the ledger holds", () => {
  it("files a published proposal's full text as a public UTF-8 document whose keccak256 is the on-chain textHash; a draft never published files nothing", async () => {
    const p = await tb.service.ctx.prisma.proposal.findUniqueOrThrow({ where: { id: proposalId } });
    const text = (await tb.service.ctx.prisma.document.findUniqueOrThrow({ where: { hash: p.textHash } })).body;
    const rows = await tb.service.ctx.prisma.storedDocument.findMany({ where: { recordType: "proposal", recordId: proposalId.toString(), uploader: "ledger" } });
    expect(rows.map((r) => [r.kind, r.mediaType, r.visibility, r.keccak256, r.sha256])).toEqual([
      ["proposal-text", "text/plain; charset=utf-8", "public", p.textHash, sha(new TextEncoder().encode(text))],
    ]);
    const file = await download(rows[0]!.sha256);
    expect([file.status, file.headers.get("content-type"), Buffer.from(file.bytes).toString("utf8")]).toEqual([200, "text/plain; charset=utf-8", text]);
    const list = await call(tb, "GET", `/api/communities/${cid}/documents?record=proposal:${proposalId}`);
    expect(list.body.documents.find((d: any) => d.kind === "proposal-text" && d.uploader === "ledger")?.onChain).toMatchObject({ event: "ProposalPublished", field: "input.textHash" });

    // a draft that never reaches the chain: its text is held, not filed
    const now = await tb.driver.now();
    const draft = await call(tb, "POST", `/api/communities/${cid}/proposal-drafts`, {
      matter: 5, scope: { kind: 1, ids: [1] }, adHoc: false, votingStart: (now + 20n * 86_400n).toString(), votingEnd: (now + 30n * 86_400n).toString(),
      title: "未发布的草稿", text: "这份草稿从未上链。", options: ["同意", "反对", "弃权"],
    }, tokens.member);
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    await tb.service.ctx.documents.anchorer.tick();
    expect(await tb.service.ctx.prisma.storedDocument.count({ where: { keccak256: keccak256(toHex("这份草稿从未上链。")) } })).toBe(0);
  }, 60_000);
});

describe("records that carry a file's hash on chain", () => {
  it("joins a file kept for the community to the proposal whose textHash is its keccak256, and both verifiers check that link in the event", async () => {
    // A proposal text that is itself a PDF's bytes: its on-chain textHash is keccak256 of the file.
    const text = `%PDF-1.4\n% the proposal's full text, signed and scanned\n%%EOF`;
    const file = new Uint8Array(Buffer.from(text, "utf8"));
    expectRefusal(await upload(file, `kind=minutes&record=community:${cid + 1n}`, tokens.member), 404, "DOCUMENT_RECORD_NOT_FOUND");
    expectRefusal(await upload(file, `kind=paper-ballot&record=community:${cid}`, tokens.member), 400, "DOCUMENT_KIND_MISMATCH");
    const up = await upload(file, `kind=minutes&record=community:${cid}`, tokens.member);
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body.document.keccak256).toBe(keccak256(file));
    const { proposalId: carrier } = await publishViaApi(tb, { matter: 5, scope: { kind: 1, ids: [1] }, text, title: "带扫描全文的表决事项" });
    await tb.service.ctx.indexer.waitFor();

    const list = await call(tb, "GET", `/api/communities/${cid}/documents?record=proposal:${carrier}`);
    expect(list.status).toBe(200);
    expect(list.body.documents.map((d: any) => [d.sha256, d.onChain?.event, d.onChain?.field])).toEqual([[sha(file), "ProposalPublished", "input.textHash"]]);
    // another record does not list it
    const other = await call(tb, "GET", `/api/communities/${cid}/documents?record=proposal:${proposalId}`);
    expect(other.body.documents.map((d: any) => d.sha256)).not.toContain(sha(file));

    await anchoredMeta(sha(file));
    const proof = await call(tb, "GET", `/api/documents/${sha(file)}/proof`);
    expect(proof.status, JSON.stringify(proof.body)).toBe(200);
    expect(proof.body.document.keccak256).toBe(keccak256(file));
    expect(proof.body.onChain).toEqual([
      expect.objectContaining({ record: { type: "proposal", id: carrier.toString() }, event: "ProposalPublished", field: "input.textHash", hash: keccak256(file) }),
    ]);
    const ledgerContracts = [tb.deployment.voting, tb.deployment.fund, tb.deployment.reports];
    const base = { rpcUrl: tb.anvil.rpcUrl, expectedContract: tb.deployment.documents, ledgerContracts };
    const ok = await checkDocument({ ...base, bundle: proof.body, fileSha256: sha(file), fileKeccak256: keccak256(file) });
    expect(ok.status, documentResultText(ok, "en")).toBe("verified");
    if (ok.status === "verified") {
      expect([ok.carriedChecked, ok.carriedBy.map((r) => `${r.record.type}:${r.record.id}`)]).toEqual([true, [`proposal:${carrier}`]]);
      expect(documentResultText(ok, "en")).toContain(`proposal ${carrier} (ProposalPublished.input.textHash)`);
    }
    // a bundle that names another record as the carrier, or the event of another contract, is refused
    const forged = { ...proof.body, onChain: [{ ...proof.body.onChain[0], record: { type: "proposal", id: proposalId.toString() } }] };
    const bad = await checkDocument({ ...base, bundle: forged, fileSha256: sha(file), fileKeccak256: keccak256(file) });
    expect([bad.status, bad.status === "not-verified" ? bad.code : ""]).toEqual(["not-verified", "CHAIN_RECORD_MISMATCH"]);
    const elsewhere = await checkDocument({ ...base, ledgerContracts: [tb.deployment.fund], bundle: proof.body, fileSha256: sha(file), fileKeccak256: keccak256(file) });
    expect(elsewhere.status === "not-verified" && elsewhere.code).toBe("CHAIN_RECORD_MISMATCH");
    // the file's keccak256 must be the carried hash
    const lying = await checkDocument({ ...base, bundle: proof.body, fileSha256: sha(file), fileKeccak256: keccak256(pdf("another")) });
    expect(lying.status === "not-verified" && lying.code).toBe("CHAIN_RECORD_MISMATCH");
  }, 120_000);
});

describe("npm run audit", () => {
  it("is clean, then finds a changed file, an edited row and a missing file", async () => {
    const ctx = tb.service.ctx;
    await waitFor(async () => ((await ctx.prisma.storedDocument.count({ where: { batchId: null } })) === 0 && (await ctx.prisma.documentBatch.count({ where: { status: "closed" } })) === 0 ? true : null), 60_000);
    const clean = await auditDocuments(ctx.prisma, ctx.documents.store, ctx.client, tb.deployment);
    expect(clean.problems).toEqual([]);
    expect(clean.documents).toBeGreaterThan(5);

    const store = new LocalDiskStore(storeDir());
    const changed = sha(pdf("restart a1"));
    const original = fs.readFileSync(store.pathOf(changed));
    const altered = Buffer.from(original);
    altered[altered.length - 1] = 0x20; // same size, one byte changed
    fs.writeFileSync(store.pathOf(changed), altered);
    const edited = await ctx.prisma.storedDocument.findFirstOrThrow({ where: { sha256: sha(pdf("restart b")) } });
    await ctx.prisma.storedDocument.update({ where: { id: edited.id }, data: { recordId: "999" } });
    const missing = sha(pdf("restart c"));
    const kept = fs.readFileSync(store.pathOf(missing));
    fs.rmSync(store.pathOf(missing));

    const report = await auditDocuments(ctx.prisma, ctx.documents.store, ctx.client, tb.deployment);
    const kinds = report.problems.map((p) => `${p.kind} ${p.subject}`);
    expect(kinds).toContain(`file-changed ${changed}`);
    expect(kinds).toContain(`file-missing ${missing}`);
    const batchB = await ctx.prisma.documentBatch.findUniqueOrThrow({ where: { id: edited.batchId! } });
    expect(kinds).toContain(`row-edited ${batchB.root}`);
    expect(report.problems).toHaveLength(3);

    fs.writeFileSync(store.pathOf(changed), original);
    fs.writeFileSync(store.pathOf(missing), kept);
    await ctx.prisma.storedDocument.update({ where: { id: edited.id }, data: { recordId: edited.recordId } });
    expect((await auditDocuments(ctx.prisma, ctx.documents.store, ctx.client, tb.deployment)).problems).toEqual([]);
    // a row's keccak256 edited (it would join the file to another record's on-chain hash)
    const joined = await ctx.prisma.storedDocument.findFirstOrThrow({ where: { keccak256: { not: null } } });
    await ctx.prisma.storedDocument.update({ where: { id: joined.id }, data: { keccak256: `0x${"ab".repeat(32)}` } });
    const rejoined = await auditDocuments(ctx.prisma, ctx.documents.store, ctx.client, tb.deployment);
    expect(rejoined.problems.map((p) => `${p.kind} ${p.subject}`)).toEqual([`row-edited ${joined.id}`]);
    await ctx.prisma.storedDocument.update({ where: { id: joined.id }, data: { keccak256: joined.keccak256 } });
  }, 90_000);

  it("exits 0 when clean, 1 on a mismatch (one line each), 2 when it could not check", async () => {
    const audit = (dataDir: string) => {
      const r = spawnSync("npx", ["tsx", "scripts/audit.ts"], {
        cwd: path.resolve(__dirname, "../.."),
        env: { ...process.env, LEDGER_DATA_DIR: dataDir, RPC_URL: tb.anvil.rpcUrl, DATABASE_URL: "", DOCUMENT_DIR: "" },
        encoding: "utf8",
        timeout: 120_000,
      });
      return { status: r.status, out: `${r.stdout}${r.stderr}` };
    };
    // the embedded database takes one process: the service stops while the audit runs
    await tb.service.stop();
    try {
      writeDeployment(path.join(tb.dataDir, "deployment.json"), tb.deployment);
      const clean = audit(tb.dataDir);
      expect(clean.status, clean.out).toBe(0);
      expect(clean.out).toMatch(/no mismatch/);
      const store = new LocalDiskStore(storeDir());
      const file = store.pathOf(sha(pdf("restart b")));
      const original = fs.readFileSync(file);
      fs.writeFileSync(file, Buffer.from(original).fill(0x41, original.length - 2));
      const dirty = audit(tb.dataDir);
      expect(dirty.status, dirty.out).toBe(1);
      expect(dirty.out).toContain(`MISMATCH file-changed ${sha(pdf("restart b"))}`);
      fs.writeFileSync(file, original);
      const nowhere = audit(fs.mkdtempSync(path.join(os.tmpdir(), "docapi-audit-")));
      expect(nowhere.status, nowhere.out).toBe(2);
      expect(nowhere.out).toMatch(/could not check/);
    } finally {
      await tb.restart();
    }
  }, 240_000);
});
