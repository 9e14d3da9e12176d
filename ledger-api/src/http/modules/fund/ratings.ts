/**
 * Owners rate a plan's work (FundReports.rateWork): once a payment of the plan carried an
 * acceptance report, each voter entry of the plan's vote may rate it, once, 1–5 stars with a
 * comment, signed by the entry's voter (EIP-712 `WorkRating`). Every check the contract makes is
 * made here first, so the owner learns at once why a rating cannot count; an accepted rating is
 * queued and relayed like an objection, and its receipt says "accepted" until it is on chain.
 * The same signed rating twice gets the same receipt (the EIP-712 digest is the key).
 */
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { hashTypedData, type Hex } from "viem";
import { textHashOf } from "../../../../../chain/textHash";
import { fundReportsDomain, workRatingTypes } from "../../../../../chain/typedData";
import type { LedgerContext } from "../../../context";
import { ApiError } from "../../../errors";
import { encodeTagged } from "../../../json";
import type { CallPayload } from "../../../relayer/jobs";
import { recoverOrRefuse } from "../../../relayer/recoverSigner";
import { receiptOf } from "../../receipts";
import { requireIndexedRoll } from "../voting/findProposal";
import { ErrorBody, IdParam, ReceiptAnswer, bodyErrors, errors, json, jsonBody, type HookOptions } from "../../schemas";
import { RatingBody } from "./schemas";

const PlanParams = IdParam.extend({
  planId: z.coerce.bigint().min(1n).max(2n ** 63n).openapi({ param: { name: "planId", in: "path" }, example: "1" }),
});

/** The relay job's kind; with the plan's proposal and the entry it names one rating. */
const JOB_KIND = "rating";

export function ratingRoutes(ctx: LedgerContext, hook: HookOptions) {
  const app = new OpenAPIHono(hook);
  const { prisma } = ctx;

  app.openapi(
    createRoute({
      method: "post",
      path: "/communities/{id}/fund/plans/{planId}/ratings",
      tags: ["fund"],
      summary: "Rate a plan's work (1–5 stars and a comment), signed by a voter entry of the plan's vote; returns a receipt (idempotent by EIP-712 digest)",
      request: { params: PlanParams, body: jsonBody(RatingBody) },
      responses: {
        202: json(ReceiptAnswer, "The rating was queued"),
        200: json(ReceiptAnswer, "The same rating was sent before: its receipt"),
        ...errors,
        ...bodyErrors,
        403: json(ErrorBody, "Not in the plan's vote (NOT_IN_ELECTORATE), or not signed by the entry's voter (FUND_RATING_NOT_VOTER)"),
        409: json(ErrorBody, "The work is not accepted yet (FUND_NOT_ACCEPTED), or this entry has rated it (FUND_ALREADY_RATED)"),
      },
    }),
    async (c) => {
      const { id, planId } = c.req.valid("param");
      const communityId = BigInt(id);
      const b = c.req.valid("json");
      const commentHash = textHashOf(b.comment);
      const deadline = BigInt(b.deadline);
      const digest = hashTypedData({
        domain: fundReportsDomain(ctx.deployment.chainId, ctx.deployment.reports),
        types: workRatingTypes,
        primaryType: "WorkRating",
        message: { planId, entryId: b.entryId, stars: b.stars, commentHash, deadline },
      });
      const { signer, signature } = await recoverOrRefuse(digest, b.signature);
      const existing = await prisma.relayJob.findUnique({ where: { digest } });
      if (existing) return c.json({ receipt: receiptOf(await ctx.worker.verify(existing)) }, 200);

      // The plan as the chain has it now (an acceptance report posted a moment ago counts).
      await ctx.indexer.waitFor();
      const community = await prisma.community.findUnique({ where: { id: communityId } });
      if (!community) throw new ApiError("COMMUNITY_NOT_FOUND", { communityId: id });
      const fund = await ctx.funds.load(communityId);
      const plan = fund.state.plans.get(planId);
      if (!plan) throw new ApiError("FUND_PLAN_NOT_FOUND", { planId: planId.toString() });
      if (plan.proposalId === 0n) throw new ApiError("FUND_NOT_RATABLE", { planId: planId.toString() });
      if (!plan.accepted) throw new ApiError("FUND_NOT_ACCEPTED", { planId: planId.toString() });
      const now = await ctx.chainTime();
      if (deadline < now) throw new ApiError("RATING_EXPIRED", { deadline: deadline.toString(), chainTime: now.toString() });
      const voter = b.voter.toLowerCase() as Hex;
      const vote = await prisma.proposal.findUnique({ where: { id: plan.proposalId } });
      if (vote) requireIndexedRoll(vote);
      const proof = vote ? await ctx.rolls.proof(plan.proposalId, b.entryId, voter) : null;
      if (!proof) throw new ApiError("NOT_IN_ELECTORATE", { entryId: b.entryId, voter });
      if (signer.toLowerCase() !== voter) throw new ApiError("FUND_RATING_NOT_VOTER", { signer: signer.toLowerCase(), voter });
      const rated = fund.reports.some((r) => r.eventName === "WorkRated" && BigInt(r.args.planId as bigint) === planId && Number(r.args.entryId) === b.entryId);
      // One plan per vote: the plan's proposal and the entry name the rating among the relay jobs.
      const queued = await prisma.relayJob.findFirst({
        where: { kind: JOB_KIND, proposalId: plan.proposalId, entryId: b.entryId, status: { in: ["accepted", "submitted", "confirmed"] } },
      });
      if (rated || queued) throw new ApiError("FUND_ALREADY_RATED", { planId: planId.toString(), entryId: b.entryId });

      const rating = {
        planId,
        entryId: b.entryId,
        voter,
        areaCm2: proof.leaf.areaCm2,
        headcount: proof.leaf.headcount,
        stars: b.stars,
        commentHash,
        deadline,
      };
      const call: CallPayload = { contract: "reports", functionName: "rateWork", args: encodeTagged([rating, proof.proof, signature]) };
      // The comment is kept before the job exists: a queued rating always has its text here.
      await prisma.document.upsert({ where: { hash: commentHash }, create: { hash: commentHash, kind: "rating-comment", body: b.comment }, update: {} });
      const job = await prisma.relayJob.create({
        data: { digest, kind: JOB_KIND, proposalId: plan.proposalId, entryId: b.entryId, payload: call as unknown as object, status: "accepted" },
      });
      ctx.worker.notify();
      return c.json({ receipt: receiptOf(job) }, 202);
    },
  );

  return app;
}
