/**
 * Drafts of the maintenance fund's actions: the committee's (threshold-signed; an emergency plan
 * also by the supervisor) and the custodian's (signed by it alone). Each draft is checked against
 * the fund as the chain has it now, so a refusal comes back as a 4xx naming what is wrong (the
 * units short of a payment and by how much, a budget exceeded, a vote not passed) instead of a
 * transaction the contract would revert. The server fills in what it can derive and the contract
 * checks anyway (a plan's units, a payment's sequence number and scope). Every draft needs an
 * Idempotency-Key: a retry gets the same draft, the same key for another request is a conflict.
 */
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { keccak256, toHex, type Hex } from "viem";
import { CommitteeKind } from "../../../../../chain/typedData";
import { textHashOf } from "../../../../../chain/textHash";
import { apportion } from "../../../../../domain/fund/apportion";
import { encodeScope, type FundState } from "../../../../../domain/fund/ledgerReplay";
import { periodStatement } from "../../../../../domain/fund/periodStatement";
import { yuanPlain } from "../../../../../domain/fund/money";
import { firstDepositFen, withinBudgetCap } from "../../../../../domain/fund/rules";
import { actionView, createDraft, earlierDraft } from "../../../actions/committeeActions";
import type { LedgerContext } from "../../../context";
import { ApiError } from "../../../errors";
import { LIMITS } from "../../../limits";
import { committeeOnly, communityFromPath, custodianOnly } from "../../auth";
import { ActionAnswer, Bytes32, ErrorBody, FreeText, IdParam, IndexedId, bodyErrors, errors, json, jsonBody, type HookOptions } from "../../schemas";
import { statementsOf } from "./views";

const UINT64_MAX = 2n ** 64n - 1n;
const Fen = z
  .string()
  .regex(/^[1-9][0-9]{0,19}$/, "an amount in fen: a positive integer as a decimal string")
  // (zod runs a refinement even after the regex failed: never BigInt() what is not digits)
  .refine((v) => !/^[0-9]+$/.test(v) || BigInt(v) <= UINT64_MAX, "at most 2^64 − 1 fen")
  .transform(BigInt);
const BigId = z
  .string()
  .regex(/^[1-9][0-9]{0,19}$/, "an id as a decimal string")
  .refine((v) => !/^[0-9]+$/.test(v) || BigInt(v) < 2n ** 63n, "too large")
  .transform(BigInt);
const Time = z.string().regex(/^[0-9]{1,12}$/, "unix seconds as a decimal string").transform(BigInt);
const ZERO32 = `0x${"0".repeat(64)}` as Hex;

export const FundDraftBody = z
  .discriminatedUnion("action", [
    z.object({
      action: z.literal("changeFundSettings"),
      depositRateFenPerM2: Fen,
      emergencyCapFen: Fen,
      emergencyReportDays: z.number().int().min(1).max(365),
    }),
    z.object({
      action: z.literal("createPlan"),
      proposalId: BigId,
      budgetFen: Fen,
      payee: FreeText(1, 200),
      textHash: Bytes32,
      /** the plan's text, kept by the service (textHash must be its keccak256) and filed as a document once the plan is on chain */
      text: FreeText(1, LIMITS.proposalTextChars).optional(),
      quoteHash: Bytes32,
      contractHash: Bytes32,
    }),
    z.object({
      action: z.literal("createEmergencyPlan"),
      category: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
      scope: z.object({ kind: z.union([z.literal(0), z.literal(1), z.literal(2)]), ids: z.array(IndexedId).max(LIMITS.scopeIds) }),
      budgetFen: Fen,
      payee: FreeText(1, 200),
      textHash: Bytes32,
      text: FreeText(1, LIMITS.proposalTextChars).optional(),
      quoteHash: Bytes32,
      contractHash: Bytes32,
    }),
    z.object({
      action: z.literal("requestPayment"),
      planId: BigId,
      amountFen: Fen,
      invoiceHash: Bytes32,
      acceptanceHash: Bytes32.optional(),
    }),
    z.object({ action: z.literal("publishEmergencyReport"), planId: BigId, reportHash: Bytes32 }),
    z.object({ action: z.literal("moveCommonIncome"), proposalId: BigId, amountFen: Fen }),
    z.object({ action: z.literal("publishStatement"), periodStart: Time, periodEnd: Time, documentHash: Bytes32 }),
  ])
  .openapi("FundDraft");

export const CustodianDraftBody = z
  .discriminatedUnion("action", [
    z.object({ action: z.literal("recordFirstDeposits"), unitIds: z.array(IndexedId).min(1).max(400), bankRecordHash: Bytes32 }),
    z.object({
      action: z.literal("recordTopUps"),
      lines: z.array(z.object({ unitId: IndexedId, amountFen: Fen })).min(1).max(400),
      bankRecordHash: Bytes32,
    }),
    z.object({ action: z.literal("recordInterest"), amountFen: Fen, bankRecordHash: Bytes32 }),
    z.object({ action: z.literal("recordCommonIncome"), amountFen: Fen, source: FreeText(1, 200), bankRecordHash: Bytes32 }),
    z.object({ action: z.literal("postPayment"), paymentId: BigId, bankRecordHash: Bytes32 }),
    z.object({ action: z.literal("voidPayment"), paymentId: BigId, bankRecordHash: Bytes32 }),
    z.object({ action: z.literal("reverseDeposit"), entryId: BigId, bankRecordHash: Bytes32 }),
    z.object({ action: z.literal("refundUnit"), unitId: IndexedId, bankRecordHash: Bytes32 }),
    z.object({ action: z.literal("confirmStatement"), statementId: BigId, bankBalanceFen: z.string().regex(/^(0|[1-9][0-9]{0,19})$/).transform(BigInt), bankRecordHash: Bytes32 }),
  ])
  .openapi("CustodianDraft");

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

function idempotencyOf(c: Context, body: unknown): { key: string; requestHash: Hex } {
  const key = c.req.header("idempotency-key");
  if (!key || !IDEMPOTENCY_KEY.test(key)) throw new ApiError("IDEMPOTENCY_KEY_REQUIRED");
  return { key, requestHash: keccak256(toHex(`${c.req.path}\n${JSON.stringify(body, (_k, v) => (typeof v === "bigint" ? v.toString() : v))}`)) };
}

const headers = z.object({ "idempotency-key": z.string().optional().openapi({ description: "a new value per operation, the same on a retry" }) });

type Draft = { kind: CommitteeKind; values: unknown[]; zh: string; en: string };

/** Open accounts of the fund in a scope (kind 0 community, 1 buildings, 2 units), in account order. */
function accountsIn(state: FundState, scope: { kind: number; ids: readonly number[] }): number[] {
  const ids = new Set(scope.ids);
  return state.accounts
    .filter((a) => !a.closed && (scope.kind === 0 || (scope.kind === 1 ? ids.has(a.buildingId) : ids.has(a.unitId))))
    .map((a) => a.accountIndex);
}

/** Amounts in a draft's summary: yuan with two decimals, from the integer fen. */
const yuan = yuanPlain;

export function fundDraftRoutes(ctx: LedgerContext, hook: HookOptions) {
  const app = new OpenAPIHono(hook);
  const { prisma } = ctx;

  async function freshFund(communityId: bigint) {
    // A draft is checked against the fund as the chain has it now, not a block behind.
    await ctx.indexer.waitFor();
    const community = await prisma.community.findUnique({ where: { id: communityId } });
    if (!community) throw new ApiError("COMMUNITY_NOT_FOUND", { communityId: communityId.toString() });
    return { community, fund: await ctx.funds.load(communityId) };
  }

  async function passedProposal(communityId: bigint, proposalId: bigint) {
    const p = await prisma.proposal.findUnique({ where: { id: proposalId } });
    if (!p || p.communityId !== communityId) throw new ApiError("PROPOSAL_NOT_FOUND", { proposalId: proposalId.toString() });
    if (p.status !== "final" || p.outcome !== "Passed") throw new ApiError("FUND_PROPOSAL_NOT_PASSED", { proposalId: proposalId.toString(), status: p.status, outcome: p.outcome });
    return p;
  }

  app.openapi(
    createRoute(
      committeeOnly(ctx, communityFromPath, {
        method: "post",
        path: "/communities/{id}/fund-drafts",
        tags: ["committee", "fund"],
        summary: "Draft a maintenance-fund action for the committee to sign: settings, a plan, an emergency plan (the supervisor signs too), a payment, an emergency statement, moving common income, a statement",
        request: { params: IdParam, headers, body: jsonBody(FundDraftBody) },
        responses: {
          201: json(ActionAnswer, "The action to sign"),
          200: json(ActionAnswer, "The same request again (same Idempotency-Key): the action made the first time"),
          ...errors,
          ...bodyErrors,
          422: json(ErrorBody, "The contract would refuse it: FUND_UNITS_SHORT (details.units), FUND_OVER_BUDGET, FUND_PROPOSAL_NOT_PASSED, …"),
        },
      }),
    ),
    async (c) => {
      const communityId = BigInt(c.req.valid("param").id);
      const b = c.req.valid("json");
      const idem = idempotencyOf(c, b);
      const existing = await earlierDraft(prisma, idem);
      if (existing) return c.json({ action: await actionView(prisma, ctx.deployment, existing) }, 200);
      const { fund } = await freshFund(communityId);
      const state = fund.state;
      const planText = (b.action === "createPlan" || b.action === "createEmergencyPlan") && b.text !== undefined ? { text: b.text, textHash: b.textHash } : null;
      if (planText !== null && textHashOf(planText.text).toLowerCase() !== planText.textHash.toLowerCase()) {
        throw new ApiError("VALIDATION_FAILED", { textHash: planText.textHash, problem: "textHash is not keccak256 of the text's UTF-8 bytes (after trimming)" });
      }
      let d: Draft;
      switch (b.action) {
        case "changeFundSettings":
          d = {
            kind: CommitteeKind.ChangeFundSettings,
            values: [communityId, { depositRateFenPerM2: b.depositRateFenPerM2, emergencyCapFen: b.emergencyCapFen, emergencyReportDays: b.emergencyReportDays }],
            zh: `维修资金规则：每平方米 ${yuan(b.depositRateFenPerM2)} 元，应急上限 ${yuan(b.emergencyCapFen)} 元，应急情况 ${b.emergencyReportDays} 日内公布`,
            en: `Fund settings: ${yuan(b.depositRateFenPerM2)} yuan per m², emergency cap ${yuan(b.emergencyCapFen)} yuan, emergency statement within ${b.emergencyReportDays} days`,
          };
          break;
        case "createPlan": {
          const p = await passedProposal(communityId, b.proposalId);
          if (p.matter !== 5) throw new ApiError("FUND_NOT_A_FUND_USE", { proposalId: b.proposalId.toString(), matter: p.matter });
          if ([...state.plans.values()].some((x) => x.proposalId === b.proposalId)) throw new ApiError("FUND_PLAN_EXISTS");
          const scope = { kind: p.scopeKind, ids: p.scopeIds as number[] };
          const accounts = accountsIn(state, scope);
          if (accounts.length === 0) throw new ApiError("FUND_NO_ACCOUNT", { scope });
          const terms = {
            proposalId: b.proposalId,
            category: 0,
            scopeKind: scope.kind,
            scopeIds: scope.ids,
            budgetFen: b.budgetFen,
            payee: b.payee,
            textHash: b.textHash as Hex,
            quoteHash: b.quoteHash as Hex,
            contractHash: b.contractHash as Hex,
          };
          d = {
            kind: CommitteeKind.CreatePlan,
            values: [{ communityId, terms, accounts }],
            zh: `按第 ${b.proposalId} 号表决制定维修资金使用方案：${b.payee}，预算 ${yuan(b.budgetFen)} 元，${accounts.length} 户分摊`,
            en: `Spending plan from proposal ${b.proposalId}: ${b.payee}, budget ${yuan(b.budgetFen)} yuan, borne by ${accounts.length} units`,
          };
          break;
        }
        case "createEmergencyPlan": {
          if (b.budgetFen > state.settings.emergencyCapFen) {
            throw new ApiError("FUND_OVER_EMERGENCY_CAP", { budgetFen: b.budgetFen.toString(), capFen: state.settings.emergencyCapFen.toString() });
          }
          const ids = [...new Set(b.scope.ids)].sort((x, y) => x - y);
          if ((b.scope.kind === 0) !== (ids.length === 0)) throw new ApiError("VALIDATION_FAILED", { problem: "a community scope has no ids; a building or unit scope has at least one" });
          const accounts = accountsIn(state, { kind: b.scope.kind, ids });
          if (accounts.length === 0) throw new ApiError("FUND_NO_ACCOUNT", { scope: b.scope });
          const terms = {
            proposalId: 0n,
            category: b.category,
            scopeKind: b.scope.kind,
            scopeIds: ids,
            budgetFen: b.budgetFen,
            payee: b.payee,
            textHash: b.textHash as Hex,
            quoteHash: b.quoteHash as Hex,
            contractHash: b.contractHash as Hex,
          };
          d = {
            kind: CommitteeKind.CreateEmergencyPlan,
            values: [{ communityId, terms, accounts }],
            zh: `应急使用维修资金（业委会与居委会共同确认）：${b.payee}，预算 ${yuan(b.budgetFen)} 元，${accounts.length} 户分摊`,
            en: `Emergency use (committee and supervisor): ${b.payee}, budget ${yuan(b.budgetFen)} yuan, borne by ${accounts.length} units`,
          };
          break;
        }
        case "requestPayment": {
          const plan = state.plans.get(b.planId);
          if (!plan) throw new ApiError("FUND_PLAN_NOT_FOUND", { planId: b.planId.toString() });
          const held = plan.paymentIds.map((id) => state.payments.get(id)!).find((p) => p.status === "held");
          if (held) throw new ApiError("FUND_PAYMENT_PENDING", { paymentId: held.paymentId.toString() });
          if (!withinBudgetCap(plan.committedFen, b.amountFen, plan.budgetFen)) {
            throw new ApiError("FUND_OVER_BUDGET", {
              committedFen: plan.committedFen.toString(),
              amountFen: b.amountFen.toString(),
              budgetFen: plan.budgetFen.toString(),
              capFen: ((plan.budgetFen * 11n) / 10n).toString(),
            });
          }
          const shares = apportion(b.amountFen, plan.scope.map((e) => e.areaCm2));
          const short = plan.scope.flatMap((e, i) => {
            const a = state.accounts[e.accountIndex]!;
            return a.balanceFen < shares[i]! ? [{ unitId: a.unitId, balanceFen: a.balanceFen.toString(), shareFen: shares[i]!.toString(), shortFen: (shares[i]! - a.balanceFen).toString() }] : [];
          });
          if (short.length > 0) {
            const labels = new Map(
              (await prisma.unit.findMany({ where: { communityId, unitId: { in: short.map((x) => x.unitId) } }, select: { unitId: true, label: true } })).map((u) => [u.unitId, u.label]),
            );
            throw new ApiError("FUND_UNITS_SHORT", { units: short.map((x) => ({ ...x, label: labels.get(x.unitId) ?? String(x.unitId) })) });
          }
          const input = {
            planId: b.planId,
            seq: plan.paymentIds.length + 1,
            amountFen: b.amountFen,
            invoiceHash: b.invoiceHash as Hex,
            acceptanceHash: (b.acceptanceHash ?? ZERO32) as Hex,
          };
          d = {
            kind: CommitteeKind.RequestPayment,
            values: [input, encodeScope(plan.scope)],
            zh: `申请支付方案 ${b.planId} 第 ${input.seq} 笔：${yuan(b.amountFen)} 元付给 ${plan.payee}，由 ${plan.scope.length} 户按面积分摊`,
            en: `Request payment ${input.seq} of plan ${b.planId}: ${yuan(b.amountFen)} yuan to ${plan.payee}, apportioned by area over ${plan.scope.length} units`,
          };
          break;
        }
        case "publishEmergencyReport": {
          const plan = state.plans.get(b.planId);
          if (!plan || plan.kind !== "emergency") throw new ApiError("FUND_PLAN_NOT_FOUND", { planId: b.planId.toString() });
          d = { kind: CommitteeKind.PublishEmergencyReport, values: [b.planId, b.reportHash], zh: `公布应急使用情况（方案 ${b.planId}）`, en: `Publish the emergency statement of plan ${b.planId}` };
          break;
        }
        case "moveCommonIncome": {
          await passedProposal(communityId, b.proposalId);
          if (b.amountFen > state.totals.commonBalance) throw new ApiError("FUND_INSUFFICIENT_COMMON", { commonBalanceFen: state.totals.commonBalance.toString() });
          const accounts = accountsIn(state, { kind: 0, ids: [] });
          d = {
            kind: CommitteeKind.MoveCommonIncome,
            values: [communityId, b.proposalId, b.amountFen, accounts],
            zh: `按第 ${b.proposalId} 号表决将公共收益 ${yuan(b.amountFen)} 元按面积转入 ${accounts.length} 户分户账`,
            en: `Move ${yuan(b.amountFen)} yuan of common income into ${accounts.length} unit accounts by area (proposal ${b.proposalId})`,
          };
          break;
        }
        case "publishStatement": {
          if (b.periodEnd <= b.periodStart) throw new ApiError("FUND_BAD_PERIOD");
          if (b.periodEnd > (await ctx.chainTime())) throw new ApiError("FUND_BAD_PERIOD", { problem: "the period has not ended yet" });
          const p = periodStatement(state, b.periodStart, b.periodEnd);
          if (!p) throw new ApiError("FUND_NO_ACCOUNT", { period: `${b.periodStart}-${b.periodEnd}` });
          const statement = {
            communityId,
            periodStart: b.periodStart,
            periodEnd: b.periodEnd,
            root: p.root,
            totalFen: p.totalFen,
            lineCount: p.statement.lines.length,
            ledgerBalanceFen: p.ledgerBalanceFen,
            documentHash: b.documentHash as Hex,
          };
          d = {
            kind: CommitteeKind.PublishStatement,
            values: [statement],
            zh: `公布维修资金账目：${p.statement.lines.length} 户，合计 ${yuan(p.totalFen)} 元，账面银行余额 ${yuan(p.ledgerBalanceFen)} 元`,
            en: `Publish the fund statement: ${p.statement.lines.length} units, ${yuan(p.totalFen)} yuan in all, ledger bank balance ${yuan(p.ledgerBalanceFen)} yuan`,
          };
          break;
        }
      }
      const action = await createDraft(prisma, await ctx.chainTime(), communityId, d.kind, d.values, { "zh-CN": d.zh, en: d.en }, ctx.bounds, idem);
      // The plan's text is kept once its draft is (a draft refused for the bound keeps nothing).
      if (planText !== null) {
        const hash = textHashOf(planText.text);
        await prisma.document.upsert({ where: { hash }, create: { hash, kind: "plan-text", body: planText.text }, update: {} });
      }
      return c.json({ action: await actionView(prisma, ctx.deployment, action) }, 201);
    },
  );

  app.openapi(
    createRoute(
      custodianOnly(ctx, communityFromPath, {
        method: "post",
        path: "/communities/{id}/custodian-drafts",
        tags: ["custodian", "fund"],
        summary: "Draft a custodian action (a movement of real money it confirms with its bank record): deposits, top-ups, interest, common income, posting or voiding a payment, a reversal, a refund, a statement's bank balance",
        request: { params: IdParam, headers, body: jsonBody(CustodianDraftBody) },
        responses: {
          201: json(ActionAnswer, "The action to sign"),
          200: json(ActionAnswer, "The same request again (same Idempotency-Key): the action made the first time"),
          ...errors,
          ...bodyErrors,
          422: json(ErrorBody, "The contract would refuse it (FUND_FIRST_DEPOSIT_DONE, FUND_NO_ACCOUNT, …)"),
        },
      }),
    ),
    async (c) => {
      const communityId = BigInt(c.req.valid("param").id);
      const b = c.req.valid("json");
      const idem = idempotencyOf(c, b);
      const existing = await earlierDraft(prisma, idem);
      if (existing) return c.json({ action: await actionView(prisma, ctx.deployment, existing) }, 200);
      const { fund } = await freshFund(communityId);
      const state = fund.state;
      const heldPayment = (paymentId: bigint) => {
        const p = state.payments.get(paymentId);
        if (!p) throw new ApiError("FUND_PAYMENT_NOT_FOUND", { paymentId: paymentId.toString() });
        if (p.status !== "held") throw new ApiError("FUND_PAYMENT_NOT_HELD", { paymentId: paymentId.toString(), status: p.status });
        return p;
      };
      let d: Draft;
      switch (b.action) {
        case "recordFirstDeposits": {
          const rate = state.settings.depositRateFenPerM2;
          if (rate === 0n) throw new ApiError("FUND_NO_RATE");
          const unitIds = [...new Set(b.unitIds)];
          const units = await prisma.unit.findMany({ where: { communityId, unitId: { in: unitIds } } });
          const missing = unitIds.filter((id) => !units.some((u) => u.unitId === id));
          if (missing.length > 0) throw new ApiError("UNIT_NOT_FOUND", { unitIds: missing });
          const done = unitIds.filter((id) => (state.accountOfUnit.get(id)?.firstDepositFen ?? 0n) > 0n);
          if (done.length > 0) throw new ApiError("FUND_FIRST_DEPOSIT_DONE", { unitIds: done });
          const lines = unitIds.map((id) => ({ unitId: id, amountFen: firstDepositFen(units.find((u) => u.unitId === id)!.areaCm2, rate) }));
          const total = lines.reduce((s, l) => s + l.amountFen, 0n);
          d = {
            kind: CommitteeKind.RecordDeposits,
            values: [communityId, 1, lines, b.bankRecordHash],
            zh: `确认 ${lines.length} 户首期缴存，合计 ${yuan(total)} 元（面积 × 每平方米 ${yuan(rate)} 元）`,
            en: `Confirm ${lines.length} first deposit(s), ${yuan(total)} yuan in all (area × ${yuan(rate)} yuan per m²)`,
          };
          break;
        }
        case "recordTopUps": {
          const noAccount = b.lines.filter((l) => !state.accountOfUnit.get(l.unitId) || state.accountOfUnit.get(l.unitId)!.closed).map((l) => l.unitId);
          if (noAccount.length > 0) throw new ApiError("FUND_NO_ACCOUNT", { unitIds: noAccount });
          const total = b.lines.reduce((s, l) => s + l.amountFen, 0n);
          d = {
            kind: CommitteeKind.RecordDeposits,
            values: [communityId, 2, b.lines, b.bankRecordHash],
            zh: `确认 ${b.lines.length} 户续筹，合计 ${yuan(total)} 元`,
            en: `Confirm ${b.lines.length} top-up(s), ${yuan(total)} yuan in all`,
          };
          break;
        }
        case "recordInterest":
          if (state.accounts.every((a) => a.balanceFen === 0n)) throw new ApiError("FUND_NO_ACCOUNT");
          d = {
            kind: CommitteeKind.RecordInterest,
            values: [communityId, b.amountFen, b.bankRecordHash],
            zh: `确认增值收益（利息）${yuan(b.amountFen)} 元，按余额比例分配到各分户账`,
            en: `Confirm ${yuan(b.amountFen)} yuan of interest, allocated to the unit accounts pro rata to their balances`,
          };
          break;
        case "recordCommonIncome": {
          const sourceHash = textHashOf(b.source);
          // Only the source's hash goes on chain; its text is kept for the quarterly common-income statement.
          await prisma.document.upsert({ where: { hash: sourceHash }, create: { hash: sourceHash, kind: "common-income-source", body: b.source }, update: {} });
          d = {
            kind: CommitteeKind.RecordCommonIncome,
            values: [communityId, b.amountFen, sourceHash, b.bankRecordHash],
            zh: `确认公共收益入账 ${yuan(b.amountFen)} 元：${b.source}`,
            en: `Confirm ${yuan(b.amountFen)} yuan of common income: ${b.source}`,
          };
          break;
        }
        case "postPayment": {
          const p = heldPayment(b.paymentId);
          const plan = state.plans.get(p.planId)!;
          d = {
            kind: CommitteeKind.PostPayment,
            values: [b.paymentId, b.bankRecordHash],
            zh: `确认已向 ${plan.payee} 付款 ${yuan(p.amountFen)} 元（方案 ${p.planId} 第 ${p.seq} 笔）`,
            en: `Confirm ${yuan(p.amountFen)} yuan paid to ${plan.payee} (payment ${p.seq} of plan ${p.planId})`,
          };
          break;
        }
        case "voidPayment": {
          const p = heldPayment(b.paymentId);
          const plan = state.plans.get(p.planId)!;
          d = {
            kind: CommitteeKind.VoidPayment,
            values: [b.paymentId, encodeScope(plan.scope), b.bankRecordHash],
            zh: `撤销付款 ${yuan(p.amountFen)} 元（方案 ${p.planId} 第 ${p.seq} 笔），冻结金额退回 ${plan.scope.length} 户`,
            en: `Void the payment of ${yuan(p.amountFen)} yuan (payment ${p.seq} of plan ${p.planId}): the held shares go back to ${plan.scope.length} units`,
          };
          break;
        }
        case "reverseDeposit": {
          const i = fund.state.contexts.findIndex((x) => x.event.type === "Deposited" && x.event.entryId === b.entryId);
          const ev = i >= 0 ? fund.state.contexts[i]!.event : null;
          if (!ev || ev.type !== "Deposited") throw new ApiError("VALIDATION_FAILED", { problem: `no deposit entry ${b.entryId}` });
          d = {
            kind: CommitteeKind.ReverseDeposit,
            values: [communityId, b.entryId, ev.kind === "first" ? 1 : 2, ev.lines, b.bankRecordHash],
            zh: `冲正第 ${b.entryId} 号缴存分录（${ev.lines.length} 户，${yuan(ev.totalFen)} 元）`,
            en: `Reverse deposit entry ${b.entryId} (${ev.lines.length} units, ${yuan(ev.totalFen)} yuan)`,
          };
          break;
        }
        case "refundUnit": {
          const a = state.accountOfUnit.get(b.unitId);
          if (!a || a.closed) throw new ApiError("FUND_NO_ACCOUNT", { unitId: b.unitId });
          d = {
            kind: CommitteeKind.RefundUnit,
            values: [communityId, b.unitId, b.bankRecordHash],
            zh: `房屋 ${b.unitId} 已拆除：退还分户账余额 ${yuan(a.balanceFen)} 元并销户`,
            en: `Unit ${b.unitId} demolished: refund its balance of ${yuan(a.balanceFen)} yuan and close the account`,
          };
          break;
        }
        case "confirmStatement": {
          const s = statementsOf(fund.reports).find((x) => x.statementId === b.statementId.toString());
          if (!s) throw new ApiError("FUND_STATEMENT_NOT_FOUND", { statementId: b.statementId.toString() });
          const ledger = BigInt(s.ledgerBalanceFen);
          d = {
            kind: CommitteeKind.ConfirmStatement,
            values: [b.statementId, b.bankBalanceFen, ledger, b.bankRecordHash],
            zh: `确认第 ${b.statementId} 期账目的银行余额 ${yuan(b.bankBalanceFen)} 元（账面 ${yuan(ledger)} 元${b.bankBalanceFen === ledger ? "，相符" : "，不符"}）`,
            en: `Confirm statement ${b.statementId}'s bank balance of ${yuan(b.bankBalanceFen)} yuan (ledger ${yuan(ledger)} yuan${b.bankBalanceFen === ledger ? ", reconciled" : ", a difference"})`,
          };
          break;
        }
      }
      const action = await createDraft(prisma, await ctx.chainTime(), communityId, d.kind, d.values, { "zh-CN": d.zh, en: d.en }, ctx.bounds, idem);
      return c.json({ action: await actionView(prisma, ctx.deployment, action) }, 201);
    },
  );

  return app;
}
