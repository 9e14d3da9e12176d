/**
 * Objections (询异): an owner of the roll, or their proxy, files a signed objection during the
 * objection period; the committee answers it with a threshold-signed action. Every check the
 * contract makes is made here first; an accepted objection is queued and relayed like a ballot.
 */
import { OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { hashTypedData, type Hex } from "viem";
import { textHashOf } from "../../../../../chain/textHash";
import { CommitteeKind, objectionTypes, votingDomain } from "../../../../../chain/typedData";
import { actionView, createDraft } from "../../../actions/committeeActions";
import type { LedgerContext } from "../../../context";
import { ApiError } from "../../../errors";
import { findProposal, requireIndexedRoll } from "./findProposal";
import { encodeTagged } from "../../../json";
import type { CallPayload } from "../../../relayer/jobs";
import { recoverOrRefuse } from "../../../relayer/recoverSigner";
import { committeeOnly, communityOfProposal } from "../../auth";
import { receiptOf } from "../../receipts";
import { ActionAnswer, ErrorBody, IdParam, ReceiptAnswer, Uint, bodyErrors, errors, json, jsonBody, type HookOptions } from "../../schemas";
import { AnswerDraftBody, ObjectionBody, ObjectionsAnswer } from "./schemas";

const ObjectionParams = IdParam.extend({
  objectionId: Uint(2n ** 31n - 1n, "objectionId").openapi({ param: { name: "objectionId", in: "path" }, example: "1" }),
});


export function objectionRoutes(ctx: LedgerContext, hook: HookOptions) {
  const app = new OpenAPIHono(hook);
  const { prisma } = ctx;

  const getProposal = (id: string) => findProposal(ctx, id);

  app.openapi(
    createRoute({
      method: "get",
      path: "/proposals/{id}/objections",
      tags: ["proposals"],
      summary: "The objections filed against a proposal's result, with their texts and the committee's answers",
      request: { params: IdParam },
      responses: { 200: json(ObjectionsAnswer, "The objections, oldest first"), ...errors },
    }),
    async (c) => {
      const p = await getProposal(c.req.valid("param").id);
      const now = await ctx.chainTime();
      const rows = await prisma.objection.findMany({ where: { proposalId: p.id }, orderBy: { objectionId: "asc" } });
      const hashes = rows.flatMap((r) => [r.textHash, ...(r.answerHash ? [r.answerHash] : [])]);
      const docs = new Map(
        (await prisma.document.findMany({ where: { hash: { in: hashes } } })).map((d) => [d.hash, d.body] as const),
      );
      return c.json(
        {
          open: p.status === "provisional" && p.objectionEnd !== null && now < p.objectionEnd,
          objectionEnd: p.objectionEnd?.toString() ?? null,
          finalWithOpenObjections: p.finalWithOpenObjections,
          objections: rows.map((r) => ({
            objectionId: r.objectionId,
            entryId: r.entryId,
            signer: r.signer,
            text: docs.get(r.textHash) ?? null,
            textHash: r.textHash,
            txHash: r.txHash,
            blockNumber: r.blockNumber.toString(),
            answer:
              r.answerHash && r.answerTxHash && r.answerBlock !== null
                ? { text: docs.get(r.answerHash) ?? null, answerHash: r.answerHash, txHash: r.answerTxHash, blockNumber: r.answerBlock.toString() }
                : null,
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/proposals/{id}/objections",
      tags: ["proposals"],
      summary: "File a signed objection during the objection period; returns a receipt (idempotent by EIP-712 digest)",
      request: { params: IdParam, body: jsonBody(ObjectionBody) },
      responses: {
        202: json(ReceiptAnswer, "The objection was queued"),
        200: json(ReceiptAnswer, "The same objection was filed before: its receipt"),
        ...errors,
        ...bodyErrors,
        403: json(ErrorBody, "Not in the electorate (NOT_IN_ELECTORATE), or the signer may not object for this entry (WRONG_SIGNER)"),
      },
    }),
    async (c) => {
      const p = await getProposal(c.req.valid("param").id);
      const b = c.req.valid("json");
      const textHash = textHashOf(b.text);
      const deadline = BigInt(b.deadline);
      const digest = hashTypedData({
        domain: votingDomain(ctx.deployment.chainId, ctx.deployment.voting),
        types: objectionTypes,
        primaryType: "Objection",
        message: { proposalId: p.id, entryId: b.entryId, textHash, deadline },
      });
      const { signer, signature } = await recoverOrRefuse(digest, b.signature);
      const existing = await prisma.relayJob.findUnique({ where: { digest } });
      if (existing) return c.json({ receipt: receiptOf(await ctx.worker.verify(existing)) }, 200);

      const now = await ctx.chainTime();
      if (p.status !== "provisional" || p.objectionEnd === null || now >= p.objectionEnd) {
        throw new ApiError("NOT_IN_OBJECTION_PERIOD", { objectionEnd: p.objectionEnd?.toString() ?? null, chainTime: now.toString() });
      }
      if (deadline < now) throw new ApiError("OBJECTION_EXPIRED");
      const voter = b.voter.toLowerCase() as Hex;
      requireIndexedRoll(p);
      const proof = await ctx.rolls.proof(p.id, b.entryId, voter);
      if (!proof) throw new ApiError("NOT_IN_ELECTORATE", { entryId: b.entryId, voter });
      if (signer.toLowerCase() !== voter) {
        const mandate = await prisma.mandate.findUnique({ where: { proposalId_entryId: { proposalId: p.id, entryId: b.entryId } } });
        if (mandate?.proxy !== signer.toLowerCase()) throw new ApiError("WRONG_SIGNER", { signer: signer.toLowerCase() });
      }

      const objection = {
        entryId: b.entryId,
        voter,
        areaCm2: proof.leaf.areaCm2,
        headcount: proof.leaf.headcount,
        textHash,
        deadline,
        proof: proof.proof,
      };
      const call: CallPayload = { contract: "voting", functionName: "fileObjection", args: encodeTagged([p.id, objection, signature]) };
      // The text is kept before the job exists: a queued objection always has its text here.
      await prisma.document.upsert({ where: { hash: textHash }, create: { hash: textHash, kind: "objection-text", body: b.text }, update: {} });
      const job = await prisma.relayJob.create({
        data: { digest, kind: "objection", proposalId: p.id, entryId: b.entryId, payload: call as unknown as object, status: "accepted" },
      });
      ctx.worker.notify();
      return c.json({ receipt: receiptOf(job) }, 202);
    },
  );

  app.openapi(
    createRoute(committeeOnly(ctx, communityOfProposal, {
      method: "post",
      path: "/proposals/{id}/objections/{objectionId}/answer-drafts",
      tags: ["committee"],
      summary: "Draft the committee's answer to an objection (its hash goes on chain once members sign)",
      request: { params: ObjectionParams, body: jsonBody(AnswerDraftBody) },
      responses: { 201: json(ActionAnswer, "The action to sign"), ...errors, ...bodyErrors },
    })),
    async (c) => {
      const params = c.req.valid("param");
      const p = await getProposal(params.id);
      const objectionId = Number(params.objectionId);
      const row = await ctx.indexer.findFresh(() =>
        prisma.objection.findUnique({ where: { proposalId_objectionId: { proposalId: p.id, objectionId } } }),
      );
      if (!row) throw new ApiError("OBJECTION_NOT_FOUND", { proposalId: p.id.toString(), objectionId });
      if (row.answerHash) throw new ApiError("OBJECTION_ALREADY_ANSWERED", { objectionId });
      const text = c.req.valid("json").text;
      const answerHash = textHashOf(text);
      const now = await ctx.chainTime();
      const action = await createDraft(prisma, now, p.communityId, CommitteeKind.AnswerObjection, [p.id, objectionId, answerHash], {
        "zh-CN": `答复事项 #${p.id} 的第 ${objectionId} 条询异`,
        en: `Answer objection ${objectionId} to proposal #${p.id}`,
      }, ctx.bounds);
      await prisma.document.upsert({ where: { hash: answerHash }, create: { hash: answerHash, kind: "objection-answer", body: text }, update: {} });
      return c.json({ action: await actionView(prisma, ctx.deployment, action) }, 201);
    },
  );

  return app;
}
