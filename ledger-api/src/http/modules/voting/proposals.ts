import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { keccak256, toHex, type Hex } from "viem";
import { textHashOf } from "../../../../../chain/textHash";
import { CommitteeKind } from "../../../../../chain/typedData";
import { MATTERS } from "../../../../../domain/matters";
import { asProposalLanguage, standardOptions } from "../../../../../domain/proposalLanguage";
import { actionView, createDraft } from "../../../actions/committeeActions";
import type { LedgerContext } from "../../../context";
import { ApiError } from "../../../errors";
import { findProposal, requireIndexedRoll } from "./findProposal";
import { committeeOnly, communityFromPath, communityOfProposal } from "../../auth";
import type { CallPayload } from "../../../relayer/jobs";
import { computeRoll } from "../../../roll/rollStore";
import { receiptOf } from "../../receipts";
import { ActionAnswer, Address, IdParam, ReceiptAnswer, Uint, bodyErrors, errors, json, jsonBody, type HookOptions } from "../../schemas";
import {
  ExtensionDraftBody,
  MandateDraftBody,
  PaperDraftBody,
  ProposalDetail,
  ProposalDraftBody,
  ProposalsAnswer,
  RollPage,
  VoterBallot,
  VoterEntriesAnswer,
  type VoterEntry,
} from "./schemas";
import { proposalStatus, proposalSummary } from "./views";

const DAY = 86_400n;

/** A counted ballot as a roll page shows it; a kind the index should not hold is an error, not an answer. */
function ballotOf(b: { choice: number; kind: string; nonce: number } | undefined) {
  return b ? { choice: b.choice, kind: VoterBallot.shape.kind.parse(b.kind), nonce: b.nonce } : null;
}

export function proposalRoutes(ctx: LedgerContext, hook: HookOptions) {
  const app = new OpenAPIHono(hook);
  const { prisma } = ctx;

  const getProposal = (id: string) => findProposal(ctx, id);

  app.openapi(
    createRoute({
      method: "get",
      path: "/proposals",
      tags: ["proposals"],
      summary: "List proposals, newest first",
      request: { query: z.object({ communityId: Uint(2n ** 63n - 1n, "communityId").optional() }) },
      responses: { 200: json(ProposalsAnswer, "Proposals, newest first (at most 200)"), ...errors },
    }),
    async (c) => {
      const { communityId } = c.req.valid("query");
      const now = await ctx.chainTime();
      const rows = await prisma.proposal.findMany({
        where: communityId ? { communityId: BigInt(communityId) } : {},
        orderBy: { id: "desc" },
        take: 200,
      });
      return c.json({ proposals: rows.map((p) => proposalSummary(p, now)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/proposals/{id}",
      tags: ["proposals"],
      summary: "A proposal with its full text, live tallies and result",
      request: { params: IdParam },
      responses: { 200: json(ProposalDetail, "The proposal"), ...errors },
    }),
    async (c) => {
      const p = await getProposal(c.req.valid("param").id);
      const now = await ctx.chainTime();
      const [doc, ballots, objections] = await Promise.all([
        prisma.document.findUnique({ where: { hash: p.textHash } }),
        prisma.ballot.groupBy({
          by: ["choice"],
          where: { proposalId: p.id },
          _sum: { areaCm2: true, headcount: true },
        }),
        prisma.objection.findMany({ where: { proposalId: p.id }, select: { answerHash: true } }),
      ]);
      const options = p.options as string[];
      const tallies = options.map((_, i) => {
        const row = ballots.find((b) => b.choice === i);
        return { areaCm2: (row?._sum.areaCm2 ?? 0n).toString(), headcount: row?._sum.headcount ?? 0 };
      });
      return c.json(
        {
          ...proposalSummary(p, now),
          text: doc?.body ?? null,
          language: asProposalLanguage(doc?.language),
          textHash: p.textHash,
          scope: { kind: p.scopeKind, ids: p.scopeIds as number[] },
          adHoc: p.adHoc,
          rollRoot: p.rollRoot,
          extended: p.extended,
          winningOption: p.winningOption,
          participatingAreaCm2: p.participatingAreaCm2?.toString() ?? null,
          participatingHeadcount: p.participatingHeadcount,
          quorumMet: p.quorumMet,
          rules: {
            objectionDays: p.objectionDays,
            allowBallotChange: p.allowBallotChange,
            finalWithOpenObjections: p.finalWithOpenObjections,
          },
          objections: { filed: objections.length, open: objections.filter((o) => o.answerHash === null).length },
          tallies,
          chainTime: now.toString(),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/proposals/{id}/roll",
      tags: ["proposals"],
      summary: "The electorate roll (业主名册), paged",
      request: {
        params: IdParam,
        query: z.object({
          offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
      responses: { 200: json(RollPage, "The roll's root and totals and a page of its entries"), ...errors },
    }),
    async (c) => {
      const p = await getProposal(c.req.valid("param").id);
      requireIndexedRoll(p);
      const { offset, limit } = c.req.valid("query");
      const entries = await prisma.rollEntry.findMany({
        where: { proposalId: p.id },
        orderBy: { entryId: "asc" },
        skip: offset,
        take: limit,
      });
      const labels = await unitLabels(p.communityId, entries.flatMap((e) => e.unitIds as number[]));
      const ids = entries.map((e) => e.entryId);
      const counted = new Map(
        (await prisma.ballot.findMany({ where: { proposalId: p.id, entryId: { in: ids } } })).map((b) => [b.entryId, b] as const),
      );
      return c.json(
        {
          rollRoot: p.rollRoot,
          totalAreaCm2: p.totalAreaCm2.toString(),
          totalHeadcount: p.totalHeadcount,
          entryCount: p.entryCount,
          entries: entries.map((e) => ({
            entryId: e.entryId,
            areaCm2: e.areaCm2.toString(),
            headcount: e.headcount,
            unitLabels: (e.unitIds as number[]).map((u) => labels.get(u) ?? String(u)),
            voters: e.voters as string[],
            ballot: ballotOf(counted.get(e.entryId)),
          })),
        },
        200,
      );
    },
  );

  async function unitLabels(communityId: bigint, unitIds: number[]) {
    const units = await prisma.unit.findMany({
      where: { communityId, unitId: { in: unitIds } },
      select: { unitId: true, label: true },
    });
    return new Map(units.map((u) => [u.unitId, u.label]));
  }

  app.openapi(
    createRoute({
      method: "get",
      path: "/proposals/{id}/voters/{address}",
      tags: ["proposals"],
      summary: "The roll entries an address may vote for (as owner or proxy), with proofs and ballots",
      request: {
        params: IdParam.extend({ address: Address.openapi({ param: { name: "address", in: "path" } }) }),
      },
      responses: { 200: json(VoterEntriesAnswer, "The entries, with proofs and ballots"), ...errors },
    }),
    async (c) => {
      const { id, address } = c.req.valid("param");
      const p = await getProposal(id);
      requireIndexedRoll(p);
      const addr = address.toLowerCase();
      const own = await prisma.rollVoter.findMany({ where: { proposalId: p.id, voter: addr } });
      const proxied = await prisma.mandate.findMany({ where: { proposalId: p.id, proxy: addr } });
      const wanted = [
        ...own.map((v) => ({ entryId: v.entryId, role: "owner" as const, voter: v.voter })),
        ...proxied.map((m) => ({ entryId: m.entryId, role: "proxy" as const, voter: "" })),
      ];
      const out: VoterEntry[] = [];
      for (const w of wanted) {
        const entry = await prisma.rollEntry.findUnique({
          where: { proposalId_entryId: { proposalId: p.id, entryId: w.entryId } },
        });
        if (!entry) continue;
        const voter = w.voter || ((entry.voters as string[])[0] ?? "0x0000000000000000000000000000000000000000");
        const proof = await ctx.rolls.proof(p.id, w.entryId, voter as Hex);
        const ballot = await prisma.ballot.findUnique({
          where: { proposalId_entryId: { proposalId: p.id, entryId: w.entryId } },
        });
        const labels = await unitLabels(p.communityId, entry.unitIds as number[]);
        out.push({
          entryId: w.entryId,
          areaCm2: entry.areaCm2.toString(),
          headcount: entry.headcount,
          unitLabels: (entry.unitIds as number[]).map((u) => labels.get(u) ?? String(u)),
          voter,
          proof: proof?.proof ?? [],
          role: w.role,
          ballot: ballot
            ? {
                choice: ballot.choice,
                // a ballot the index holds is electronic or paper; another kind is a bug, answered as an error
                kind: VoterBallot.shape.kind.parse(ballot.kind),
                nonce: ballot.nonce,
                txHash: ballot.txHash,
                blockNumber: ballot.blockNumber.toString(),
              }
            : null,
        });
      }
      return c.json({ entries: out }, 200);
    },
  );

  for (const action of ["finalize", "confirm"] as const) {
    app.openapi(
      createRoute({
        method: "post",
        path: `/proposals/{id}/${action}`,
        tags: ["proposals"],
        summary:
          action === "finalize"
            ? "Tally a closed vote (anyone); the result is provisional during the objection period"
            : "Make a provisional result final once its objection period has passed (anyone)",
        request: { params: IdParam },
        responses: { 202: json(ReceiptAnswer, "The relay receipt"), ...errors },
      }),
      async (c) => {
        const p = await getProposal(c.req.valid("param").id);
        const now = await ctx.chainTime();
        if (action === "finalize") {
          if (p.status !== "open") throw new ApiError("ALREADY_TALLIED");
          if (now < p.votingEnd) throw new ApiError("VOTING_NOT_CLOSED", { votingEnd: p.votingEnd.toString() });
        } else {
          if (p.status !== "provisional") throw new ApiError("NOT_PROVISIONAL");
          if (p.objectionEnd !== null && now < p.objectionEnd) {
            throw new ApiError("OBJECTION_PERIOD_RUNNING", { objectionEnd: p.objectionEnd.toString() });
          }
          if (p.finalWithOpenObjections !== true) {
            const open = await prisma.objection.count({ where: { proposalId: p.id, answerHash: null } });
            if (open > 0) throw new ApiError("OBJECTIONS_UNANSWERED", { openObjections: open });
          }
        }
        const call: CallPayload = { contract: "voting", functionName: action, args: [{ $n: p.id.toString() }] };
        const digest = keccak256(toHex(`${action}:${p.id}:${p.status}:${p.votingEnd}`));
        const job =
          (await prisma.relayJob.findUnique({ where: { digest } })) ??
          (await prisma.relayJob.create({
            data: { digest, kind: action, proposalId: p.id, payload: call as unknown as object, status: "accepted" },
          }));
        ctx.worker.notify();
        return c.json({ receipt: receiptOf(await ctx.worker.verify(job)) }, 202);
      },
    );
  }

  // ── committee drafts: each makes a pending action that members sign in the committee console

  app.openapi(
    createRoute(committeeOnly(ctx, communityFromPath, {
      method: "post",
      path: "/communities/{id}/proposal-drafts",
      tags: ["committee"],
      summary: "Draft a proposal: computes the electorate roll and returns the action to sign",
      request: { params: IdParam, body: jsonBody(ProposalDraftBody) },
      responses: { 201: json(ActionAnswer, "The action to sign"), ...errors, ...bodyErrors },
    })),
    async (c) => {
      const communityId = BigInt(c.req.valid("param").id);
      const body = c.req.valid("json");
      // The roll is computed from the registry as the chain has it now, not a block behind.
      await ctx.indexer.waitFor();
      const community = await prisma.community.findUnique({ where: { id: communityId } });
      if (!community) throw new ApiError("COMMUNITY_NOT_FOUND");
      if (body.scope.kind !== 0 && body.matter !== 5) throw new ApiError("SCOPE_NOT_ALLOWED");
      if (body.scope.kind === 0 && body.scope.ids.length > 0) throw new ApiError("VALIDATION_FAILED", { scope: "ids must be empty for the whole community" });
      const ids = [...new Set(body.scope.ids)].sort((a, b) => a - b);
      if (body.scope.kind !== 0) {
        if (ids.length === 0) throw new ApiError("UNKNOWN_SCOPE");
        const found =
          body.scope.kind === 1
            ? await prisma.building.count({ where: { communityId, buildingId: { in: ids } } })
            : await prisma.unit.count({ where: { communityId, unitId: { in: ids } } });
        if (found !== ids.length) throw new ApiError("UNKNOWN_SCOPE");
      }
      const now = await ctx.chainTime();
      const start = BigInt(body.votingStart);
      const end = BigInt(body.votingEnd);
      const notice = BigInt(body.adHoc ? community.adHocNoticeDays : community.noticeDays) * DAY;
      if (start < now + notice) {
        throw new ApiError("NOTICE_TOO_SHORT", { earliestVotingStart: (now + notice).toString() });
      }
      if (end < start + 5n * DAY || end > start + 60n * DAY) throw new ApiError("WINDOW_OUT_OF_RANGE");
      if (body.namedChoice && !body.options) {
        throw new ApiError("VALIDATION_FAILED", { options: "a vote among named options needs its options" });
      }
      const options = body.options ?? standardOptions(body.language);
      if (!body.namedChoice && options.length !== 3) {
        throw new ApiError("VALIDATION_FAILED", { options: "a for / against / abstain vote has exactly 3 options" });
      }
      const roll = await computeRoll(prisma, communityId, { kind: body.scope.kind, ids });
      if (roll.entryCount === 0) throw new ApiError("EMPTY_ELECTORATE");
      const textHash = textHashOf(body.text);
      const input = {
        communityId,
        matter: body.matter,
        scopeKind: body.scope.kind,
        scopeIds: ids,
        adHoc: body.adHoc,
        votingStart: start,
        votingEnd: end,
        title: body.title,
        textHash,
        options,
        namedChoice: body.namedChoice,
        rollRoot: roll.root,
        totalAreaCm2: roll.totalAreaCm2,
        totalHeadcount: roll.totalHeadcount,
        entryCount: roll.entryCount,
      };
      const matter = MATTERS.find((m) => m.code === body.matter);
      const action = await createDraft(prisma, now, communityId, CommitteeKind.PublishProposal, [input], {
        "zh-CN": `发布表决：${body.title}（${matter?.labelZh ?? body.matter}，${roll.entryCount} 名业主）`,
        en: `Publish: ${body.title} (${matter?.labelEn ?? body.matter}, ${roll.entryCount} voters)`,
      }, ctx.bounds);
      // The text is stored once the draft is (a draft refused for the bound stores nothing).
      await prisma.document.upsert({
        where: { hash: textHash },
        create: { hash: textHash, kind: "proposal-text", body: body.text, language: body.language },
        update: { language: body.language },
      });
      return c.json({ action: await actionView(prisma, ctx.deployment, action) }, 201);
    },
  );

  app.openapi(
    createRoute(committeeOnly(ctx, communityOfProposal, {
      method: "post",
      path: "/proposals/{id}/paper-ballot-drafts",
      tags: ["committee"],
      summary: "Draft the entry of paper ballots (with the hash of each scan)",
      request: { params: IdParam, body: jsonBody(PaperDraftBody) },
      responses: { 201: json(ActionAnswer, "The action to sign"), ...errors, ...bodyErrors },
    })),
    async (c) => {
      const p = await getProposal(c.req.valid("param").id);
      const now = await ctx.chainTime();
      if (proposalStatus(p, now) !== "voting") throw new ApiError("VOTING_NOT_OPEN");
      const ballots = [];
      for (const b of c.req.valid("json").ballots) {
        if (b.choice >= (p.options as string[]).length) throw new ApiError("BAD_CHOICE", { entryId: b.entryId });
        const leaf = await leafOf(p.id, b.entryId);
        ballots.push({ ...leaf, choice: b.choice, scanHash: b.scanHash as Hex });
      }
      const action = await createDraft(prisma, now, p.communityId, CommitteeKind.EnterPaperBallots, [p.id, ballots], {
        "zh-CN": `录入纸质票 ${ballots.length} 张（事项 #${p.id}）`,
        en: `Enter ${ballots.length} paper ballot(s) (proposal #${p.id})`,
      }, ctx.bounds);
      return c.json({ action: await actionView(prisma, ctx.deployment, action) }, 201);
    },
  );

  async function leafOf(proposalId: bigint, entryId: number) {
    const entry = await prisma.rollEntry.findUnique({ where: { proposalId_entryId: { proposalId, entryId } } });
    if (!entry) throw new ApiError("NOT_IN_ELECTORATE", { entryId });
    const voter = ((entry.voters as string[])[0] ?? "0x0000000000000000000000000000000000000000") as Hex;
    const proof = await ctx.rolls.proof(proposalId, entryId, voter);
    if (!proof) throw new ApiError("NOT_IN_ELECTORATE", { entryId });
    return { entryId, voter, areaCm2: proof.leaf.areaCm2, headcount: proof.leaf.headcount, proof: proof.proof };
  }

  app.openapi(
    createRoute(committeeOnly(ctx, communityOfProposal, {
      method: "post",
      path: "/proposals/{id}/mandate-drafts",
      tags: ["committee"],
      summary: "Draft the registration of proxy mandates (with the hash of each written mandate)",
      request: { params: IdParam, body: jsonBody(MandateDraftBody) },
      responses: { 201: json(ActionAnswer, "The action to sign"), ...errors, ...bodyErrors },
    })),
    async (c) => {
      const p = await getProposal(c.req.valid("param").id);
      const now = await ctx.chainTime();
      if (p.status !== "open" || now >= p.votingEnd) throw new ApiError("VOTING_NOT_OPEN");
      const mandates = [];
      for (const m of c.req.valid("json").mandates) {
        const leaf = await leafOf(p.id, m.entryId);
        mandates.push({ ...leaf, proxy: m.proxy as Hex, mandateHash: m.mandateHash as Hex });
      }
      const action = await createDraft(prisma, now, p.communityId, CommitteeKind.RegisterMandates, [p.id, mandates], {
        "zh-CN": `登记委托投票 ${mandates.length} 份（事项 #${p.id}）`,
        en: `Register ${mandates.length} proxy mandate(s) (proposal #${p.id})`,
      }, ctx.bounds);
      return c.json({ action: await actionView(prisma, ctx.deployment, action) }, 201);
    },
  );

  app.openapi(
    createRoute(committeeOnly(ctx, communityOfProposal, {
      method: "post",
      path: "/proposals/{id}/extension-drafts",
      tags: ["committee"],
      summary: "Draft the one public extension of a vote that missed the quorum",
      request: { params: IdParam, body: jsonBody(ExtensionDraftBody) },
      responses: { 201: json(ActionAnswer, "The action to sign"), ...errors, ...bodyErrors },
    })),
    async (c) => {
      const p = await getProposal(c.req.valid("param").id);
      const now = await ctx.chainTime();
      const newEnd = BigInt(c.req.valid("json").newVotingEnd);
      if (p.status !== "provisional" || p.outcome !== "NoQuorum" || p.extended || (p.objectionEnd ?? 0n) <= now) {
        throw new ApiError("CANNOT_EXTEND");
      }
      if (newEnd <= now || newEnd > now + 60n * DAY) throw new ApiError("WINDOW_OUT_OF_RANGE");
      const action = await createDraft(prisma, now, p.communityId, CommitteeKind.ExtendVoting, [p.id, newEnd], {
        "zh-CN": `延长事项 #${p.id} 的投票期`,
        en: `Extend voting on proposal #${p.id}`,
      }, ctx.bounds);
      return c.json({ action: await actionView(prisma, ctx.deployment, action) }, 201);
    },
  );

  return app;
}
