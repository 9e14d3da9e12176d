import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { textHashOf } from "../../../../../chain/textHash";
import { commonIncomeQuarters, commonIncomeStatement, parseQuarter, quarterOf } from "../../../../../domain/fund/commonIncome";
import { periodStatement } from "../../../../../domain/fund/periodStatement";
import { shanghaiDate, statementCsv } from "../../../../../domain/fund/statement";
import { lineHashOf } from "../../../../../domain/fund/merkleSum";
import type { LedgerContext } from "../../../context";
import { ApiError } from "../../../errors";
import { LIMITS } from "../../../limits";
import { IdParam, errors, json, type HookOptions } from "../../schemas";
import {
  CommonIncomeAnswer,
  FundOverviewAnswer,
  FundStatementAnswer,
  LineProofAnswer,
  PlanAnswer,
  PlansAnswer,
  StatementsAnswer,
  UnitFundAnswer,
} from "./schemas";
import { fundOverview, planDetail, planSummary, statementsOf, unitHistory, type UnitInfo } from "./views";

const Time = z.coerce.bigint().min(0n).max(2n ** 62n);
/** Unix seconds as a decimal string (at most 18 digits: below 2^62). */
const TimeText = z.string().regex(/^[0-9]{1,18}$/, "unix seconds as a decimal string").transform(BigInt);
const QuarterText = z.string().regex(/^(19[7-9][0-9]|[2-9][0-9]{3})-Q[1-4]$/, "a quarter such as 2026-Q1 (Asia/Shanghai)");
const CommonIncomeQuery = z
  .object({ from: TimeText.optional(), to: TimeText.optional(), quarter: QuarterText.optional() })
  .refine(
    (q) => (q.quarter === undefined ? (q.from === undefined) === (q.to === undefined) : q.from === undefined && q.to === undefined),
    "give from and to, or quarter, or neither (the current quarter)",
  );

/** The maintenance fund's public reads: any resident may check every fen. */
export function fundRoutes(ctx: LedgerContext, hook: HookOptions) {
  const app = new OpenAPIHono(hook);
  const { prisma } = ctx;

  async function community(id: bigint) {
    const c = await ctx.indexer.findFresh(() => prisma.community.findUnique({ where: { id } }));
    if (!c) throw new ApiError("COMMUNITY_NOT_FOUND", { communityId: id.toString() });
    return c;
  }

  async function unitsOf(communityId: bigint): Promise<Map<number, UnitInfo>> {
    const rows = await prisma.unit.findMany({
      where: { communityId },
      select: { unitId: true, label: true, buildingId: true, developerHeld: true },
    });
    return new Map(rows.map((u) => [u.unitId, u]));
  }

  app.openapi(
    createRoute({
      method: "get",
      path: "/communities/{id}/fund",
      tags: ["fund"],
      summary: "The community's maintenance fund: totals, buildings, recent payments, spending, emergencies, units due a top-up",
      request: { params: IdParam },
      responses: { 200: json(FundOverviewAnswer, "The fund"), ...errors },
    }),
    async (c) => {
      const id = BigInt(c.req.valid("param").id);
      await community(id);
      const fund = await ctx.funds.load(id);
      return c.json(fundOverview(fund, await unitsOf(id), await ctx.chainTime()), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/communities/{id}/fund/units/{unitId}",
      tags: ["fund"],
      summary: "One unit's sub-account (分户账): every entry, and how each share was computed",
      request: { params: IdParam.extend({ unitId: z.coerce.number().int().min(1).max(LIMITS.maxIndexedId) }) },
      responses: { 200: json(UnitFundAnswer, "The unit's account"), ...errors },
    }),
    async (c) => {
      const { id, unitId } = c.req.valid("param");
      const communityId = BigInt(id);
      await community(communityId);
      const unit = await prisma.unit.findUnique({ where: { communityId_unitId: { communityId, unitId } } });
      if (!unit) throw new ApiError("UNIT_NOT_FOUND", { unitId });
      const history = unitHistory(await ctx.funds.load(communityId), unit);
      if (!history) throw new ApiError("FUND_NO_ACCOUNT", { unitId });
      return c.json(history, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/communities/{id}/fund/plans",
      tags: ["fund"],
      summary: "Spending plans: voted and emergency",
      request: { params: IdParam },
      responses: { 200: json(PlansAnswer, "The plans, newest first"), ...errors },
    }),
    async (c) => {
      const id = BigInt(c.req.valid("param").id);
      await community(id);
      const { state } = await ctx.funds.load(id);
      const now = await ctx.chainTime();
      return c.json({ plans: [...state.plans.values()].reverse().map((p) => planSummary(p, now)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/communities/{id}/fund/plans/{planId}",
      tags: ["fund"],
      summary: "A plan with its payments, each payment's apportionment over the scope, and the owners' ratings",
      request: { params: IdParam.extend({ planId: z.coerce.bigint().min(1n).max(2n ** 63n) }) },
      responses: { 200: json(PlanAnswer, "The plan"), ...errors },
    }),
    async (c) => {
      const { id, planId } = c.req.valid("param");
      const communityId = BigInt(id);
      await community(communityId);
      const fund = await ctx.funds.load(communityId);
      const plan = fund.state.plans.get(planId);
      if (!plan) throw new ApiError("FUND_PLAN_NOT_FOUND", { planId: planId.toString() });
      const hashes = fund.reports.filter((r) => r.eventName === "WorkRated" && BigInt(r.args.planId as bigint) === planId).map((r) => String(r.args.commentHash).toLowerCase());
      const comments = new Map((await prisma.document.findMany({ where: { hash: { in: hashes } } })).map((d) => [d.hash.toLowerCase(), d.body] as const));
      return c.json(planDetail(fund, plan, await unitsOf(communityId), await ctx.chainTime(), comments), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/communities/{id}/fund/statements",
      tags: ["fund"],
      summary: "Published statements, with the custodian's confirmed bank balance and the reconciliation",
      request: { params: IdParam },
      responses: { 200: json(StatementsAnswer, "The statements, oldest first"), ...errors },
    }),
    async (c) => {
      const id = BigInt(c.req.valid("param").id);
      await community(id);
      return c.json({ statements: statementsOf((await ctx.funds.load(id)).reports) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/communities/{id}/fund/statement",
      tags: ["fund"],
      summary: "The statement of a period [from, to): every sub-account's line, totals and the Merkle-sum root; ?format=csv for the journal in accounting layout (one row per entry leg, no row limit)",
      request: {
        params: IdParam,
        query: z.object({ from: Time, to: Time, format: z.enum(["json", "csv"]).default("json") }),
      },
      responses: {
        200: {
          description: "The statement (JSON), or the journal as CSV",
          content: { "application/json": { schema: FundStatementAnswer }, "text/csv": { schema: z.string() } },
        },
        ...errors,
      },
    }),
    async (c) => {
      const id = BigInt(c.req.valid("param").id);
      const { from, to, format } = c.req.valid("query");
      if (to <= from) throw new ApiError("FUND_BAD_PERIOD", { from: from.toString(), to: to.toString() });
      await community(id);
      const fund = await ctx.funds.load(id);
      const units = await unitsOf(id);
      if (format === "csv") {
        const names = { units: new Map([...units.values()].map((u) => [u.unitId, u.label])) };
        const csv = statementCsv(fund.state.entries, { fromTime: from, toTime: to }, names);
        return c.body(csv, 200, {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="fund-${id}-${from}-${to}.csv"`,
        }) as never;
      }
      const p = periodStatement(fund.state, from, to);
      if (!p) throw new ApiError("FUND_NO_ACCOUNT", { period: `${from}-${to}` });
      const published = statementsOf(fund.reports).find((s) => s.periodStart === from.toString() && s.periodEnd === to.toString()) ?? null;
      const t = p.statement.totals;
      return c.json(
        {
          periodStart: from.toString(),
          periodEnd: to.toString(),
          root: p.root,
          totalFen: p.totalFen.toString(),
          lineCount: p.statement.lines.length,
          entryCount: p.statement.entryCount,
          totals: Object.fromEntries(Object.entries(t).map(([k, v]) => [k, (v as bigint).toString()])),
          lines: p.statement.lines.map((l) => ({
            unitId: l.unitId,
            label: units.get(l.unitId)?.label ?? String(l.unitId),
            openingFen: l.openingFen.toString(),
            depositedFen: l.depositedFen.toString(),
            incomeFen: l.incomeFen.toString(),
            usedFen: l.usedFen.toString(),
            refundedFen: l.refundedFen.toString(),
            closingFen: l.closingFen.toString(),
            lineHash: lineHashOf(l),
          })),
          published,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/communities/{id}/fund/common-income",
      tags: ["fund"],
      summary:
        "The common-income statement (公共收益) of a period [from, to), or of ?quarter=2026-Q1, by default of the current quarter (Asia/Shanghai): opening balance, each income received, each movement into the unit accounts with its proposal, closing balance; and the quarters with activity",
      request: { params: IdParam, query: CommonIncomeQuery },
      responses: { 200: json(CommonIncomeAnswer, "The statement"), ...errors },
    }),
    async (c) => {
      const id = BigInt(c.req.valid("param").id);
      const q = c.req.valid("query");
      let from: bigint;
      let to: bigint;
      if (q.from !== undefined && q.to !== undefined) {
        [from, to] = [q.from, q.to];
        if (to <= from) throw new ApiError("FUND_BAD_PERIOD", { from: from.toString(), to: to.toString() });
      } else {
        const quarter = q.quarter !== undefined ? parseQuarter(q.quarter) : quarterOf(await ctx.chainTime());
        if (!quarter) throw new ApiError("FUND_BAD_PERIOD", { quarter: q.quarter });
        [from, to] = [quarter.fromTime, quarter.toTime];
      }
      await community(id);
      const { state } = await ctx.funds.load(id);
      const st = commonIncomeStatement(state, from, to);
      const asQuarter = quarterOf(from);
      const hashes = [...new Set(st.receipts.map((r) => r.sourceHash.toLowerCase()))];
      // a kept text is shown only if it is the one the chain's hash stands for
      const sources = new Map(
        (await prisma.document.findMany({ where: { hash: { in: hashes } }, select: { hash: true, body: true } }))
          .filter((d) => textHashOf(d.body) === d.hash.toLowerCase())
          .map((d) => [d.hash.toLowerCase(), d.body]),
      );
      const proposalIds = [...new Set(st.movements.map((m) => m.proposalId))];
      const titles = new Map(
        (await prisma.proposal.findMany({ where: { communityId: id, id: { in: proposalIds } }, select: { id: true, title: true } })).map((p) => [p.id, p.title]),
      );
      const ref = (r: { seq: number; time: bigint; txHash: string; block: bigint }) => ({
        seq: r.seq,
        time: r.time.toString(),
        date: shanghaiDate(r.time),
        txHash: r.txHash,
        block: r.block.toString(),
      });
      return c.json(
        {
          periodStart: from.toString(),
          periodEnd: to.toString(),
          quarter: asQuarter.fromTime === from && asQuarter.toTime === to ? asQuarter.label : null,
          openingFen: st.openingFen.toString(),
          receivedFen: st.receivedFen.toString(),
          movedFen: st.movedFen.toString(),
          otherFen: st.otherFen.toString(),
          closingFen: st.closingFen.toString(),
          receipts: st.receipts.map((r) => ({
            ...ref(r),
            entryId: r.entryId.toString(),
            amountFen: r.amountFen.toString(),
            sourceHash: r.sourceHash,
            source: sources.get(r.sourceHash.toLowerCase()) ?? null,
            bankRecordHash: r.bankRecordHash,
          })),
          movements: st.movements.map((m) => ({
            ...ref(m),
            entryId: m.entryId.toString(),
            proposalId: m.proposalId.toString(),
            proposalTitle: titles.get(m.proposalId) ?? null,
            amountFen: m.amountFen.toString(),
            unitCount: m.unitCount,
            scopeAreaCm2: m.scopeAreaCm2.toString(),
          })),
          others: st.others.map((o) => ({ ...ref(o), kind: o.kind, amountFen: o.amountFen.toString() })),
          quarters: commonIncomeQuarters(state).map((x) => ({
            quarter: x.quarter.label,
            periodStart: x.quarter.fromTime.toString(),
            periodEnd: x.quarter.toTime.toString(),
            receivedFen: x.receivedFen.toString(),
            movedFen: x.movedFen.toString(),
            closingFen: x.closingFen.toString(),
            entryCount: x.entryCount,
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/communities/{id}/fund/statements/{statementId}/lines/{unitId}",
      tags: ["fund"],
      summary: "One unit's line of a published statement with its Merkle-sum proof against the root on chain",
      request: {
        params: IdParam.extend({
          statementId: z.coerce.bigint().min(1n).max(2n ** 63n),
          unitId: z.coerce.number().int().min(1).max(LIMITS.maxIndexedId),
        }),
      },
      responses: { 200: json(LineProofAnswer, "The line and its proof"), ...errors },
    }),
    async (c) => {
      const { id, statementId, unitId } = c.req.valid("param");
      const communityId = BigInt(id);
      await community(communityId);
      const fund = await ctx.funds.load(communityId);
      const statement = statementsOf(fund.reports).find((s) => s.statementId === statementId.toString());
      if (!statement) throw new ApiError("FUND_STATEMENT_NOT_FOUND", { statementId: statementId.toString() });
      const p = periodStatement(fund.state, BigInt(statement.periodStart), BigInt(statement.periodEnd));
      const index = p?.statement.lines.findIndex((l) => l.unitId === unitId) ?? -1;
      if (!p || index < 0) throw new ApiError("FUND_NO_ACCOUNT", { unitId });
      const l = p.statement.lines[index]!;
      const unit = await prisma.unit.findUnique({ where: { communityId_unitId: { communityId, unitId } } });
      return c.json(
        {
          statement,
          line: {
            unitId,
            label: unit?.label ?? String(unitId),
            openingFen: l.openingFen.toString(),
            depositedFen: l.depositedFen.toString(),
            incomeFen: l.incomeFen.toString(),
            usedFen: l.usedFen.toString(),
            refundedFen: l.refundedFen.toString(),
            closingFen: l.closingFen.toString(),
            lineHash: lineHashOf(l),
          },
          leafIndex: index,
          leafCount: p.statement.lines.length,
          proof: p.tree.proof(index).map((x) => ({ hash: x.hash, sum: x.sum.toString(), side: x.side })),
        },
        200,
      );
    },
  );

  return app;
}
