/**
 * Documents: upload (the committee or the custodian), the file by its SHA-256 subject to its
 * visibility (ledger-api/src/documents/access.ts), its public metadata, its proof bundle once
 * anchored, and the documents of a record.
 *
 * An upload's body is the file itself (any Content-Type: the type is read from the content), with
 * what it is in the query: `?kind=invoice&record=payment:3[&visibility=owners]`. Everything that
 * can be checked before the body is (role, kind, record, visibility); the body is then streamed
 * to a temporary file in the store while hashed once, and a refusal after that removes it.
 */
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import type { Address } from "viem";
import { DOCUMENT_KINDS, allowedVisibility, recordFits, type DocumentKind, type RecordType } from "../../../../../domain/documents/kinds";
import { isCommitteeMember, isCustodian } from "../../../auth/roles";
import type { LedgerContext } from "../../../context";
import { isUniqueViolation } from "../../../db/client";
import { mayRead } from "../../../documents/access";
import { hashesCarriedBy } from "../../../documents/chainLinks";
import { TEXT_MEDIA_TYPE } from "../../../documents/ledgerTexts";
import { proofBundleOf } from "../../../documents/proofs";
import { TooLargeError, mediaTypeOf } from "../../../documents/store";
import { ApiError } from "../../../errors";
import type { StoredDocument } from "../../../generated/prisma/client";
import { SECURITY, authErrors, bearerToken, sessionOf, type AuthEnv } from "../../auth";
import { ErrorBody, IdParam, errors, json, type HookOptions } from "../../schemas";
import { statementsOf } from "../fund/views";
import {
  DocumentAnswer,
  DocumentMetaAnswer,
  DocumentsAnswer,
  ProofBundleAnswer,
  ProofQuery,
  RecordQuery,
  Sha256Param,
  UploadQuery,
} from "./schemas";

const MEDIA_TYPES = ["application/pdf", "image/jpeg", "image/png"] as const;
const EXTENSION: Record<string, string> = { "application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png", [TEXT_MEDIA_TYPE]: "txt" };
const Binary = z.string().openapi({ format: "binary" });

/** The upload route's path, which the app's JSON body guards leave to it (a file is not JSON). */
export const UPLOAD_PATH = /^\/api\/communities\/[^/]+\/documents$/;

function splitRecord(ref: string): { type: RecordType; id: string } {
  const i = ref.indexOf(":");
  return { type: ref.slice(0, i) as RecordType, id: ref.slice(i + 1) };
}

export function metaOf(d: StoredDocument, batch: { root: string; status: string } | null) {
  return {
    sha256: d.sha256,
    keccak256: d.keccak256,
    size: d.size,
    mediaType: d.mediaType as (typeof MEDIA_TYPES)[number] | typeof TEXT_MEDIA_TYPE,
    kind: d.kind as DocumentKind,
    communityId: d.communityId.toString(),
    record: { type: d.recordType as RecordType, id: d.recordId },
    visibility: d.visibility as "public" | "owners" | "restricted",
    uploader: d.uploader,
    createdAt: d.createdAt.toISOString(),
    anchoring: (batch === null ? "waiting" : batch.status === "confirmed" ? "anchored" : "anchoring") as "waiting" | "anchoring" | "anchored",
    leafIndex: d.leafIndex,
    batchRoot: batch?.root ?? null,
  };
}

export function documentRoutes(ctx: LedgerContext, hook: HookOptions) {
  const app = new OpenAPIHono(hook);
  const { prisma } = ctx;

  const metas = async (rows: StoredDocument[]) => {
    const ids = [...new Set(rows.flatMap((r) => (r.batchId === null ? [] : [r.batchId])))];
    const batches = new Map((await prisma.documentBatch.findMany({ where: { id: { in: ids } } })).map((b) => [b.id, b] as const));
    return rows.map((r) => metaOf(r, r.batchId === null ? null : (batches.get(r.batchId) ?? null)));
  };

  /** The record must exist in this community's index. */
  async function requireRecord(communityId: bigint, type: RecordType, id: string): Promise<void> {
    const missing = () => new ApiError("DOCUMENT_RECORD_NOT_FOUND", { communityId: communityId.toString(), record: `${type}:${id}` });
    const MAX_ID = 2n ** 63n - 1n; // the index stores ids as int8, entry ids as int4
    const proposalIn = async (proposalId: bigint) =>
      proposalId <= MAX_ID &&
      (await ctx.indexer.findFresh(() => prisma.proposal.findFirst({ where: { id: proposalId, communityId }, select: { id: true } }))) !== null;
    switch (type) {
      case "community":
        // the community's own file: it joins a record later by the hash the record carries on chain
        if (id !== communityId.toString()) throw missing();
        return;
      case "proposal":
        if (!(await proposalIn(BigInt(id)))) throw missing();
        return;
      case "paper-ballot":
      case "mandate": {
        // the proposal, and the roll entry when the proposal's roll is in the index
        const [p, e] = id.split("/") as [string, string];
        const proposalId = BigInt(p);
        const entryId = Number(e);
        if (entryId > 2 ** 31 - 1 || !(await proposalIn(proposalId))) throw missing();
        const rolled = await prisma.rollEntry.count({ where: { proposalId } });
        if (rolled > 0 && !(await prisma.rollEntry.findUnique({ where: { proposalId_entryId: { proposalId, entryId } } }))) throw missing();
        return;
      }
      case "objection": {
        // An objection is numbered within its proposal: "proposalId/objectionId".
        const [p, o] = id.split("/") as [string, string];
        const proposalId = BigInt(p);
        const objectionId = Number(o);
        if (objectionId > 2 ** 31 - 1 || !(await proposalIn(proposalId))) throw missing();
        if (!(await prisma.objection.findFirst({ where: { proposalId, objectionId } }))) throw missing();
        return;
      }
      case "plan":
      case "payment":
      case "statement": {
        await ctx.indexer.waitFor();
        const fund = await ctx.funds.load(communityId);
        const found =
          type === "plan"
            ? fund.state.plans.has(BigInt(id))
            : type === "payment"
              ? fund.state.payments.has(BigInt(id))
              : statementsOf(fund.reports).some((s) => s.statementId === id);
        if (!found) throw missing();
        return;
      }
    }
  }

  /** A signed-in member of the community's committee, or its custodian (there is no property-company role). */
  const uploaderOnly: MiddlewareHandler<AuthEnv> = async (c, next) => {
    const session = await sessionOf(ctx, c);
    const parsed = IdParam.safeParse({ id: c.req.param("id") });
    if (!parsed.success) throw new ApiError("VALIDATION_FAILED", { issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) });
    const communityId = BigInt(parsed.data.id);
    const address = session.address as Address;
    const allowed = (await isCommitteeMember(ctx, communityId, address)) || (await isCustodian(ctx, communityId, address));
    if (!allowed) throw new ApiError("DOCUMENT_UPLOADER_REQUIRED", { address: session.address, communityId: communityId.toString() });
    c.set("session", session);
    await next();
  };

  app.openapi(
    createRoute({
      method: "post",
      path: "/communities/{id}/documents",
      tags: ["documents"],
      summary: "Upload a document (PDF, JPEG or PNG, judged from its content) for a record; the body is the file",
      security: SECURITY,
      middleware: [uploaderOnly] as const,
      request: {
        params: IdParam,
        query: UploadQuery,
        body: {
          content: Object.fromEntries([...MEDIA_TYPES, "application/octet-stream"].map((t) => [t, { schema: Binary }])),
          required: true,
        },
      },
      responses: {
        201: json(DocumentAnswer, "Stored; its hash will be anchored with the next batch"),
        200: json(DocumentAnswer, "The same file was stored for this record before: that document"),
        ...errors,
        ...authErrors,
        403: json(ErrorBody, "Not a committee member or the custodian of this community (DOCUMENT_UPLOADER_REQUIRED)"),
        413: json(ErrorBody, "Larger than DOCUMENT_MAX_BYTES (DOCUMENT_TOO_LARGE)"),
        415: json(ErrorBody, "Not a PDF, JPEG or PNG (DOCUMENT_TYPE_NOT_ALLOWED)"),
        429: json(ErrorBody, "Too many requests from this client; see Retry-After"),
      },
    }),
    async (c) => {
      const communityId = BigInt(c.req.valid("param").id);
      const q = c.req.valid("query");
      const record = splitRecord(q.record);
      if (!recordFits(q.kind, record.type, record.id)) {
        throw new ApiError("DOCUMENT_KIND_MISMATCH", { kind: q.kind, record: q.record, records: DOCUMENT_KINDS[q.kind].records });
      }
      const visibility = q.visibility ?? DOCUMENT_KINDS[q.kind].visibility;
      if (!allowedVisibility(q.kind, visibility)) {
        throw new ApiError("DOCUMENT_VISIBILITY_TOO_LOOSE", { kind: q.kind, visibility, defaultVisibility: DOCUMENT_KINDS[q.kind].visibility });
      }
      await requireRecord(communityId, record.type, record.id);
      const { store, maxBytes } = ctx.documents;
      const declared = Number(c.req.header("content-length") ?? NaN);
      if (Number.isFinite(declared) && declared > maxBytes) throw new ApiError("DOCUMENT_TOO_LARGE", { maxBytes });

      let pending;
      try {
        pending = await store.put(c.req.raw.body, maxBytes);
      } catch (err) {
        if (err instanceof TooLargeError) throw new ApiError("DOCUMENT_TOO_LARGE", { maxBytes });
        throw err;
      }
      let kept = false;
      try {
        if (pending.size === 0) throw new ApiError("DOCUMENT_EMPTY");
        const mediaType = mediaTypeOf(pending.head);
        if (!mediaType) throw new ApiError("DOCUMENT_TYPE_NOT_ALLOWED", { allowed: MEDIA_TYPES });
        const where = { sha256_communityId_recordType_recordId: { sha256: pending.sha256, communityId, recordType: record.type, recordId: record.id } };
        const before = await prisma.storedDocument.findUnique({ where });
        if (before) return c.json({ document: (await metas([before]))[0]! }, 200);
        const hadFile = await store.has(pending.sha256);
        await pending.commit();
        kept = true;
        let row: StoredDocument;
        try {
          row = await prisma.storedDocument.create({
            data: {
              sha256: pending.sha256,
              keccak256: pending.keccak256,
              size: pending.size,
              mediaType,
              kind: q.kind,
              communityId,
              recordType: record.type,
              recordId: record.id,
              visibility,
              uploader: c.get("session").address.toLowerCase(),
            },
          });
        } catch (err) {
          if (isUniqueViolation(err)) {
            const same = await prisma.storedDocument.findUnique({ where });
            if (same) return c.json({ document: (await metas([same]))[0]! }, 200);
          }
          if (!hadFile && (await prisma.storedDocument.count({ where: { sha256: pending.sha256 } })) === 0) await store.delete(pending.sha256);
          throw err;
        }
        ctx.documents.anchorer.notify();
        return c.json({ document: (await metas([row]))[0]! }, 201);
      } finally {
        if (!kept) await pending.discard();
      }
    },
  );

  const rowsOf = async (sha256: string) => {
    const rows = await prisma.storedDocument.findMany({ where: { sha256 }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    if (rows.length === 0) throw new ApiError("DOCUMENT_NOT_FOUND", { sha256 });
    return rows;
  };

  app.openapi(
    createRoute({
      method: "get",
      path: "/documents/{sha256}",
      tags: ["documents"],
      summary: "The file, with its media type, if its visibility lets the caller read it (a session is needed unless it is public)",
      security: SECURITY,
      request: { params: Sha256Param },
      responses: {
        200: { description: "The file", content: Object.fromEntries([...MEDIA_TYPES, TEXT_MEDIA_TYPE].map((t) => [t, { schema: Binary }])) },
        ...authErrors,
        400: json(ErrorBody, "Bad input"),
        403: json(ErrorBody, "The signed-in address may not read this file (DOCUMENT_ACCESS_DENIED)"),
        404: json(ErrorBody, "No document has this hash (DOCUMENT_NOT_FOUND)"),
        500: json(ErrorBody, "The file is missing from the store (DOCUMENT_FILE_MISSING)"),
      },
    }),
    async (c: Context) => {
      const { sha256 } = Sha256Param.parse({ sha256: c.req.param("sha256") });
      const rows = await rowsOf(sha256);
      // A public file needs no session (a stale one sent along does not stand in its way).
      let readable: StoredDocument | null = rows.find((r) => r.visibility === "public") ?? null;
      const address = readable || (bearerToken(c) === null && !c.req.header("authorization")) ? null : (await sessionOf(ctx, c)).address;
      if (!readable && address !== null) {
        for (const r of rows) if (await mayRead(ctx, r, address)) { readable = r; break; }
      }
      if (!readable) {
        if (address === null) {
          c.header("WWW-Authenticate", 'Bearer realm="community-ledger"');
          throw new ApiError("AUTH_REQUIRED", { sha256, problem: "this file is not public" });
        }
        throw new ApiError("DOCUMENT_ACCESS_DENIED", { sha256, address });
      }
      const stream = await ctx.documents.store.get(sha256);
      if (!stream) throw new ApiError("DOCUMENT_FILE_MISSING", { sha256 });
      const name = `${readable.kind}-${sha256.slice(2, 14)}.${EXTENSION[readable.mediaType] ?? "bin"}`;
      return new Response(stream, {
        status: 200,
        headers: {
          "content-type": readable.mediaType,
          "content-length": String(readable.size),
          "content-disposition": `attachment; filename="${name}"`,
          "x-content-type-options": "nosniff",
          "cache-control": readable.visibility === "public" ? "public, max-age=31536000, immutable" : "private, no-store",
        },
      });
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/documents/{sha256}/meta",
      tags: ["documents"],
      summary: "What a document is, which record(s) it belongs to and how far its anchoring is: public for every document",
      request: { params: Sha256Param },
      responses: { 200: json(DocumentMetaAnswer, "One entry per record the file belongs to"), 400: json(ErrorBody, "Bad input"), 404: json(ErrorBody, "No document has this hash (DOCUMENT_NOT_FOUND)") },
    }),
    async (c) => {
      const { sha256 } = c.req.valid("param");
      return c.json({ sha256, documents: await metas(await rowsOf(sha256)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/documents/{sha256}/proof",
      tags: ["documents"],
      summary: "The document's proof bundle (domain/documents/bundle.ts), once its batch is anchored and confirmed",
      request: { params: Sha256Param, query: ProofQuery },
      responses: {
        200: json(ProofBundleAnswer, "The proof bundle"),
        400: json(ErrorBody, "Bad input"),
        404: json(ErrorBody, "No such document (DOCUMENT_NOT_FOUND), or its batch is not anchored yet (DOCUMENT_PROOF_PENDING)"),
      },
    }),
    async (c) => {
      const { sha256 } = c.req.valid("param");
      const { record } = c.req.valid("query");
      let rows = await rowsOf(sha256);
      if (record) {
        const r = splitRecord(record);
        rows = rows.filter((x) => x.recordType === r.type && x.recordId === r.id);
        if (rows.length === 0) throw new ApiError("DOCUMENT_NOT_FOUND", { sha256, record });
      }
      for (const row of rows) {
        const bundle = await proofBundleOf(prisma, ctx.deployment, row);
        if (bundle) {
          const { onChain, ...rest } = bundle;
          return c.json({ ...rest, batch: { ...bundle.batch, path: [...bundle.batch.path] }, ...(onChain ? { onChain: onChain.map((r) => ({ ...r, record: { ...r.record } })) } : {}) }, 200);
        }
      }
      const m = (await metas(rows))[0]!;
      throw new ApiError("DOCUMENT_PROOF_PENDING", { sha256, anchoring: m.anchoring });
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/communities/{id}/documents",
      tags: ["documents"],
      summary: "The documents of one record (metadata only, public): ?record=type:id. Those uploaded for it, then those whose keccak256 the record carries on chain (a payment's invoiceHash), with the event that carries it",
      request: { params: IdParam, query: RecordQuery },
      responses: { 200: json(DocumentsAnswer, "Oldest first"), ...errors },
    }),
    async (c) => {
      const communityId = BigInt(c.req.valid("param").id);
      const r = splitRecord(c.req.valid("query").record);
      const order = [{ createdAt: "asc" as const }, { id: "asc" as const }];
      const own = await prisma.storedDocument.findMany({ where: { communityId, recordType: r.type, recordId: r.id }, orderBy: order });
      const carried = await hashesCarriedBy(prisma, communityId, r);
      const linked = carried.length === 0 ? [] : await prisma.storedDocument.findMany({ where: { communityId, keccak256: { in: [...new Set(carried.map((x) => x.hash))] } }, orderBy: order });
      // One entry per file: the row uploaded for this record if there is one, else the first row of the file.
      const bySha = new Map<string, StoredDocument>();
      for (const row of [...own, ...linked]) if (!bySha.has(row.sha256)) bySha.set(row.sha256, row);
      const rows = [...bySha.values()];
      const listed = await metas(rows);
      return c.json({
        documents: listed.map((m, i) => {
          const via = rows[i]!.keccak256 === null ? undefined : carried.find((x) => x.hash === rows[i]!.keccak256);
          return { ...m, onChain: via ? { event: via.event, field: via.field, transaction: via.transaction } : null };
        }),
      }, 200);
    },
  );

  return app;
}
