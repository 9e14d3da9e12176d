/**
 * Committee actions collect the EIP-712 signatures of committee members in the database.
 * When `threshold` distinct current members have signed, the action is queued for the relayer
 * with the signatures in ascending signer order (the contract's rule).
 */
import { hashTypedData, keccak256, recoverTypedDataAddress, toHex, type Address, type Hex } from "viem";
import { actionTypedDataOf, payloadToJson, signedTextHash, supervisorTypedData, type ActionPayloadJson } from "../../../chain/actionPayload";
import { moduleOfKind } from "../../../chain/modules";
import { committeeActionTarget, committeePayloadHash, signedValuesOf } from "../../../chain/payloads";
import { CommitteeKind, needsSupervisor, signerOfKind } from "../../../chain/typedData";
import type { Deployment } from "../chain/deployment";
import { isUniqueViolation } from "../db/client";
import { ApiError } from "../errors";
import type { PendingAction, PrismaClient } from "../generated/prisma/client";
import { ActionStatus, type Action } from "../http/schemas";
import { decodeTagged, encodeTagged, jsonSafe } from "../json";
import type { CallPayload } from "../relayer/jobs";
import { canonicalOrThrow, SignatureError } from "../relayer/recoverSigner";

export { ACTION_STATUSES, type ActionStatus } from "../relayer/jobs";

export const KIND_NAMES: Record<number, { "zh-CN": string; en: string }> = {
  [CommitteeKind.RegisterBuildings]: { "zh-CN": "登记楼栋", en: "Register buildings" },
  [CommitteeKind.RegisterUnits]: { "zh-CN": "登记房屋", en: "Register units" },
  [CommitteeKind.UpdateUnitArea]: { "zh-CN": "更正面积", en: "Update a unit's area" },
  [CommitteeKind.DeliverUnits]: { "zh-CN": "确认交付", en: "Deliver units" },
  [CommitteeKind.BindOwners]: { "zh-CN": "绑定业主", en: "Bind owners" },
  [CommitteeKind.UnbindOwner]: { "zh-CN": "解除业主绑定", en: "Unbind an owner" },
  [CommitteeKind.ChangeSettings]: { "zh-CN": "修改小区规则", en: "Change settings" },
  [CommitteeKind.SetDeveloper]: { "zh-CN": "指定开发建设单位的签名地址", en: "Set the developer's signing address" },
  [CommitteeKind.PublishProposal]: { "zh-CN": "发布表决事项", en: "Publish a proposal" },
  [CommitteeKind.EnterPaperBallots]: { "zh-CN": "录入纸质票", en: "Enter paper ballots" },
  [CommitteeKind.RegisterMandates]: { "zh-CN": "登记委托投票", en: "Register proxy mandates" },
  [CommitteeKind.ExtendVoting]: { "zh-CN": "延长投票期", en: "Extend voting" },
  [CommitteeKind.AnswerObjection]: { "zh-CN": "答复询异", en: "Answer an objection" },
  [CommitteeKind.ChangeFundSettings]: { "zh-CN": "修改维修资金规则", en: "Change the fund's settings" },
  [CommitteeKind.CreatePlan]: { "zh-CN": "制定维修资金使用方案", en: "Create a spending plan" },
  [CommitteeKind.CreateEmergencyPlan]: { "zh-CN": "应急使用维修资金", en: "Authorise emergency use" },
  [CommitteeKind.RequestPayment]: { "zh-CN": "申请支付（冻结分摊金额）", en: "Request a payment (hold the shares)" },
  [CommitteeKind.PublishEmergencyReport]: { "zh-CN": "公布应急使用情况", en: "Publish an emergency statement" },
  [CommitteeKind.MoveCommonIncome]: { "zh-CN": "公共收益转入分户账", en: "Move common income to unit accounts" },
  [CommitteeKind.RecordDeposits]: { "zh-CN": "确认缴存", en: "Confirm deposits" },
  [CommitteeKind.RecordInterest]: { "zh-CN": "确认增值收益（利息）", en: "Confirm interest" },
  [CommitteeKind.RecordCommonIncome]: { "zh-CN": "确认公共收益入账", en: "Confirm common income" },
  [CommitteeKind.PostPayment]: { "zh-CN": "确认已付款", en: "Post a payment" },
  [CommitteeKind.VoidPayment]: { "zh-CN": "撤销付款", en: "Void a payment" },
  [CommitteeKind.ReverseDeposit]: { "zh-CN": "冲正缴存", en: "Reverse a deposit" },
  [CommitteeKind.RefundUnit]: { "zh-CN": "退还房屋维修资金", en: "Refund a unit" },
  [CommitteeKind.PublishStatement]: { "zh-CN": "公布维修资金账目", en: "Publish a statement" },
  [CommitteeKind.ConfirmStatement]: { "zh-CN": "确认银行余额", en: "Confirm a statement's bank balance" },
};

/** Signatures stay valid this long after a draft is made. */
const ACTION_LIFETIME_S = 7n * 24n * 3600n;

export interface SignatureEntry {
  signer: Address;
  signature: Hex;
}

/** What the signers of this action sign: the committee's CommitteeAction or the custodian's CustodianAction. */
export function actionTypedData(deployment: Deployment, a: PendingAction) {
  return actionTypedDataOf(
    { chainId: deployment.chainId, registry: deployment.registry, communityId: a.communityId, kind: a.kind, salt: a.salt as Hex, deadline: a.deadline },
    a.payloadHash as Hex,
  );
}

/** What the supervisor signs beside the committee (an emergency plan), or null. */
export function supervisorTypedDataOf(deployment: Deployment, a: PendingAction) {
  if (!needsSupervisor(a.kind)) return null;
  return supervisorTypedData(
    { chainId: deployment.chainId, registry: deployment.registry, communityId: a.communityId, kind: a.kind, salt: a.salt as Hex, deadline: a.deadline },
    a.payloadHash as Hex,
  );
}

/** A committee action as the API shows it (the `Action` schema of http/schemas.ts). */
export async function actionView(prisma: PrismaClient, deployment: Deployment, a: PendingAction): Promise<Action> {
  const community = await prisma.community.findUnique({ where: { id: a.communityId } });
  const payload = a.payload as { summary?: { "zh-CN": string; en: string }; values: unknown };
  const kindName = KIND_NAMES[a.kind] ?? { "zh-CN": String(a.kind), en: String(a.kind) };
  const kind = a.kind as CommitteeKind;
  // A stored payload that does not decode (a row edited by hand) is shown as such, never a 500:
  // the console then refuses to sign it.
  let decoded: ActionPayloadJson | null = null;
  try {
    decoded = payloadToJson(kind, signedArgs(kind, decodeTagged(payload.values) as unknown[]));
  } catch {
    decoded = null;
  }
  return {
    id: a.id,
    communityId: a.communityId.toString(),
    kind: a.kind,
    kindName,
    summary: payload.summary ?? kindName,
    payload: decoded,
    signedText: decoded ? await signedTextOf(prisma, kind, decoded) : null,
    signer: signerOfKind(a.kind),
    // (the typed data's shape is the schema's: a CommitteeAction, a CustodianAction or a SupervisorAction)
    typedData: jsonSafe(actionTypedData(deployment, a)) as Action["typedData"],
    supervisor: needsSupervisor(a.kind)
      ? {
          address: community?.supervisor ?? null,
          typedData: jsonSafe(supervisorTypedDataOf(deployment, a)!) as NonNullable<Action["supervisor"]>["typedData"],
          signature: a.supervisorSignature,
        }
      : null,
    signatures: a.signatures as unknown as SignatureEntry[],
    threshold: signerOfKind(a.kind) === "custodian" ? 1 : (community?.threshold ?? 0),
    // the statuses the API documents; a row with another would be a bug, answered as an error
    status: ActionStatus.parse(a.status),
    txHash: a.txHash,
    error: a.error,
  };
}

/** The stored text the action's payload stands for (a proposal's, an answer's); null if none or not stored. */
async function signedTextOf(prisma: PrismaClient, kind: number, payload: ActionPayloadJson): Promise<string | null> {
  const hash = signedTextHash(kind, payload);
  if (!hash) return null;
  const doc = await prisma.document.findUnique({ where: { hash } });
  return doc?.body ?? null;
}

/**
 * Makes a draft. `values` are the contract function's arguments before the auth struct;
 * the payload hash covers exactly those named in the contract's NatSpec.
 */
export async function createDraft(
  prisma: PrismaClient,
  chainTime: bigint,
  communityId: bigint,
  kind: CommitteeKind,
  values: readonly unknown[],
  summary: { "zh-CN": string; en: string },
  bounds: DraftBounds,
  /** The request's Idempotency-Key and a hash of what it asked for: a retry gets the same draft back. */
  idempotency?: { key: string; requestHash: Hex },
): Promise<PendingAction> {
  const earlier = idempotency ? await earlierDraft(prisma, idempotency) : null;
  if (earlier) return earlier;
  await assertRoomForDraft(prisma, chainTime, communityId, bounds);
  const target = committeeActionTarget(kind);
  const signedValues = signedArgs(kind, values);
  const payloadHash = committeePayloadHash(kind, signedValues);
  const salt = keccak256(toHex(`${communityId}:${kind}:${payloadHash}:${Date.now()}:${Math.random()}`));
  const data = {
    id: crypto.randomUUID(),
    communityId,
    kind,
    payload: { fn: target.fn, values: encodeTagged(values), summary } as object,
    payloadHash,
    salt,
    deadline: chainTime + ACTION_LIFETIME_S,
    signatures: [],
    status: "collecting",
    idempotencyKey: idempotency?.key ?? null,
    requestHash: idempotency?.requestHash ?? null,
  };
  try {
    return await prisma.pendingAction.create({ data });
  } catch (err) {
    // Two requests with one Idempotency-Key at once: the one that lost the race gets the other's draft.
    const winner = idempotency && isUniqueViolation(err) ? await earlierDraft(prisma, idempotency) : null;
    if (winner) return winner;
    throw err;
  }
}

/**
 * The draft an earlier request with this Idempotency-Key made, or null; the same key with another
 * request is IDEMPOTENCY_CONFLICT.
 */
export async function earlierDraft(prisma: PrismaClient, idempotency: { key: string; requestHash: Hex }): Promise<PendingAction | null> {
  const earlier = await prisma.pendingAction.findUnique({ where: { idempotencyKey: idempotency.key } });
  if (earlier && earlier.requestHash !== idempotency.requestHash) {
    throw new ApiError("IDEMPOTENCY_CONFLICT", { key: idempotency.key, action: earlier.id });
  }
  return earlier;
}

export interface DraftBounds {
  /** Drafts collecting signatures, not yet expired, that one community may have at once. */
  openDraftsPerCommunity: number;
}

/**
 * Refuses a new draft while the community already has `openDraftsPerCommunity` drafts that
 * still collect signatures and have not expired: drafts are stored by the API for anyone who
 * asks, so their number is bounded. An expired draft no longer counts.
 */
async function assertRoomForDraft(prisma: PrismaClient, chainTime: bigint, communityId: bigint, bounds: DraftBounds) {
  const open = await prisma.pendingAction.count({
    where: { communityId, status: "collecting", deadline: { gt: chainTime } },
  });
  if (open >= bounds.openDraftsPerCommunity) {
    throw new ApiError("TOO_MANY_OPEN_DRAFTS", { open, limit: bounds.openDraftsPerCommunity });
  }
}

/** The function arguments that form the payload (see chain/payloads.ts signedValuesOf). */
function signedArgs(kind: CommitteeKind, values: readonly unknown[]): readonly unknown[] {
  return signedValuesOf(kind, values);
}

export async function addSignature(
  prisma: PrismaClient,
  deployment: Deployment,
  id: string,
  signature: string,
  /** the chain's time: signatures past the action's deadline could never be relayed */
  now: bigint,
): Promise<{ action: PendingAction; queued: boolean }> {
  const action = await prisma.pendingAction.findUnique({ where: { id } });
  if (!action) throw new ApiError("ACTION_NOT_FOUND");
  if (action.status !== "collecting") throw new ApiError("ACTION_CLOSED", { status: action.status });
  if (now > action.deadline) throw new ApiError("ACTION_EXPIRED", { deadline: action.deadline.toString() });
  // Stored, and later relayed, in the one form the contract's ECDSA.recover takes (v 27/28,
  // low s): a member's signature in another encoding must not make the whole batch revert.
  let signer: Address;
  let canonical: Hex;
  try {
    canonical = canonicalOrThrow(signature);
    signer = await recoverTypedDataAddress({ ...actionTypedData(deployment, action), signature: canonical });
  } catch (err) {
    throw new ApiError("BAD_SIGNATURE", err instanceof SignatureError ? { problem: err.problem } : undefined, err);
  }
  const community = await prisma.community.findUnique({ where: { id: action.communityId } });
  const role = signerOfKind(action.kind);
  const members = (community?.members as string[] | undefined) ?? [];
  let supervisorSignature = action.supervisorSignature;
  let next = action.signatures as unknown as SignatureEntry[];
  if (role === "custodian") {
    if (!community?.custodian) throw new ApiError("FUND_NO_CUSTODIAN");
    if (signer.toLowerCase() !== community.custodian) throw new ApiError("FUND_NOT_CUSTODIAN", { signer });
    next = [{ signer: signer.toLowerCase() as Address, signature: canonical }];
  } else if (!members.includes(signer.toLowerCase())) {
    // Not a member's CommitteeAction: the supervisor's SupervisorAction of an emergency plan?
    const supervisorData = supervisorTypedDataOf(deployment, action);
    const asSupervisor = supervisorData ? await recoverTypedDataAddress({ ...supervisorData, signature: canonical }) : null;
    if (!asSupervisor || asSupervisor.toLowerCase() !== community?.supervisor) {
      throw new ApiError("NOT_COMMITTEE_MEMBER", { signer });
    }
    if (supervisorSignature) throw new ApiError("ALREADY_SIGNED", { signer: asSupervisor });
    supervisorSignature = canonical;
  } else {
    if (next.some((s) => s.signer.toLowerCase() === signer.toLowerCase())) throw new ApiError("ALREADY_SIGNED", { signer });
    next = [...next, { signer: signer.toLowerCase() as Address, signature: canonical }].sort((a, b) =>
      BigInt(a.signer) < BigInt(b.signer) ? -1 : 1,
    );
  }
  const enough =
    community !== null &&
    (role === "custodian" ? next.length === 1 : next.length >= community.threshold && (!needsSupervisor(action.kind) || supervisorSignature !== null));
  const updated = await prisma.$transaction(async (tx) => {
    const u = await tx.pendingAction.update({
      where: { id },
      data: { signatures: next as unknown as object, supervisorSignature, status: enough ? "queued" : "collecting" },
    });
    if (enough) {
      const payload = action.payload as { fn: string; values: unknown };
      const values = decodeTagged(payload.values) as unknown[];
      const salt = action.salt as Hex;
      // The contract's auth structs: the custodian's one signature, or the committee's (and the supervisor's).
      const auths: unknown[] =
        role === "custodian"
          ? [{ salt, deadline: action.deadline, signature: next[0]!.signature }]
          : [{ salt, deadline: action.deadline, signatures: next.map((s) => s.signature) }];
      if (needsSupervisor(action.kind)) auths.push({ salt, deadline: action.deadline, signature: supervisorSignature });
      const call: CallPayload = {
        contract: moduleOfKind(action.kind).name,
        functionName: payload.fn,
        args: encodeTagged([...values, ...auths]),
        actionId: id,
      };
      await tx.relayJob.create({
        data: {
          digest: hashTypedData(actionTypedData(deployment, action)),
          kind: "action",
          payload: call as unknown as object,
          status: "accepted",
        },
      });
    }
    return u;
  });
  return { action: updated, queued: enough };
}
