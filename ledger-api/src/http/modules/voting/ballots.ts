import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Address, Hex } from "viem";
import { addSignature, actionView } from "../../../actions/committeeActions";
import type { LedgerContext } from "../../../context";
import { ApiError } from "../../../errors";
import { submitBallot } from "../../../relayer/ballots";
import { receiptAnswer, receiptOf } from "../../receipts";
import { ActionAnswer, ErrorBody, ReceiptAnswer, SignatureBody, bodyErrors, errors, json, jsonBody, type HookOptions } from "../../schemas";
import { BallotBody } from "./schemas";

const UuidParam = z.object({
  id: z.string().uuid("must be a receipt id").openapi({ param: { name: "id", in: "path" } }),
});

export function ballotRoutes(ctx: LedgerContext, hook: HookOptions) {
  const app = new OpenAPIHono(hook);
  const { prisma } = ctx;

  app.openapi(
    createRoute({
      method: "post",
      path: "/ballots",
      tags: ["ballots"],
      summary: "Submit a signed ballot; returns a receipt at once (idempotent by EIP-712 digest)",
      request: { body: jsonBody(BallotBody) },
      responses: {
        202: json(ReceiptAnswer, "A new ballot was queued"),
        200: json(ReceiptAnswer, "The same ballot was submitted before: its receipt"),
        ...errors,
        ...bodyErrors,
        403: json(ErrorBody, "Not in the electorate (NOT_IN_ELECTORATE), or the signer may not vote for this entry (WRONG_SIGNER)"),
      },
    }),
    async (c) => {
      const b = c.req.valid("json");
      const submit = () =>
        submitBallot(prisma, ctx.deployment, ctx.chainTime, {
          proposalId: BigInt(b.proposalId),
          entryId: b.entryId,
          voter: b.voter as Address,
          choice: b.choice,
          nonce: b.nonce,
          deadline: BigInt(b.deadline),
          signature: b.signature as Hex,
        }, (job) => ctx.worker.verify(job));
      // A proposal published a moment ago may not be indexed yet: catch up before refusing.
      const { receipt, created } = await submit().catch(async (err: unknown) => {
        if (!(err instanceof ApiError && err.code === "PROPOSAL_NOT_FOUND")) throw err;
        await ctx.indexer.waitFor();
        return submit();
      });
      if (created) ctx.worker.notify();
      return c.json({ receipt: receiptAnswer(receipt) }, created ? 202 : 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/ballots/{id}",
      tags: ["ballots"],
      summary: "A receipt: accepted → submitted → confirmed (with transaction and block) or rejected (with reason)",
      request: { params: UuidParam },
      responses: { 200: json(ReceiptAnswer, "The receipt"), ...errors },
    }),
    async (c) => {
      const job = await prisma.relayJob.findUnique({ where: { id: c.req.valid("param").id } });
      if (!job) throw new ApiError("RECEIPT_NOT_FOUND");
      // A confirmation is checked against the chain before it is shown again.
      return c.json({ receipt: receiptOf(await ctx.worker.verify(job)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/actions/{id}/signatures",
      tags: ["committee"],
      summary: "Add a committee member's EIP-712 signature; at the threshold the action is relayed",
      request: {
        params: z.object({ id: z.string().uuid().openapi({ param: { name: "id", in: "path" } }) }),
        body: jsonBody(SignatureBody),
      },
      responses: {
        200: json(ActionAnswer, "The action with the signature added"),
        ...errors,
        ...bodyErrors,
        403: json(ErrorBody, "The signer is not in the committee (NOT_COMMITTEE_MEMBER)"),
      },
    }),
    async (c) => {
      const { action, queued } = await addSignature(
        prisma,
        ctx.deployment,
        c.req.valid("param").id,
        c.req.valid("json").signature,
        await ctx.chainTime(),
      );
      if (queued) ctx.worker.notify();
      return c.json({ action: await actionView(prisma, ctx.deployment, action) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/actions/{id}",
      tags: ["committee"],
      summary: "One committee action",
      request: { params: z.object({ id: z.string().uuid().openapi({ param: { name: "id", in: "path" } }) }) },
      responses: { 200: json(ActionAnswer, "The action"), ...errors },
    }),
    async (c) => {
      const a = await prisma.pendingAction.findUnique({ where: { id: c.req.valid("param").id } });
      if (!a) throw new ApiError("ACTION_NOT_FOUND");
      return c.json({ action: await actionView(prisma, ctx.deployment, a) }, 200);
    },
  );

  return app;
}
