/**
 * What a committee member signs, shown in full before the sign button: every decoded field of
 * the action's payload (chain/actionPayload.ts), in the member's language, the proposal's full
 * text, the community and the signatures' deadline. The typed data to sign is rebuilt from
 * exactly these values; if its digest differs from the one the server asks for, the member is
 * told and nothing is signed.
 */
import { getAddress, hashTypedData, type Hex } from "viem";
import { checkActionToSign, type AbiJson, type ActionCheck } from "../../../chain/actionPayload";
import { contractEnums } from "../../../chain/contractEnums";
import { CommitteeKind } from "../../../chain/enums";
import type { Action } from "../api";
import { h, type Child } from "../dom";
import { formatAreaM2, formatTime, groupDigits } from "../format";
import { hasKey, t } from "../i18n";
import { typedDataFromJson } from "../typedData";
import { matterLabel } from "./common";
import { yuan } from "../fund/money";

/** Option names of the proposals a payload may name (for a ballot's `choice`), by proposal id. */
export type OptionsOf = (proposalId: string) => readonly string[] | undefined;

/**
 * What the action does, in words, by its signed kind (review.kind.*: one function name may serve
 * two kinds, as changeSettings does the community's rules and the fund's), else by its function.
 */
function whatItDoes(kind: number, fn: string): string {
  const name = Object.entries(CommitteeKind).find(([, v]) => v === kind)?.[0];
  if (name !== undefined && hasKey(`review.kind.${name}`)) return t(`review.kind.${name}`);
  return hasKey(`review.fn.${fn}`) ? t(`review.fn.${fn}`) : fn;
}

/** Recomputes the action's digest from its decoded payload and compares it with the server's. */
export function checkAction(a: Action): ActionCheck {
  const m = a.typedData.message;
  const serverDigest = hashTypedData(typedDataFromJson(a.typedData));
  return checkActionToSign(
    {
      chainId: a.typedData.domain.chainId,
      registry: getAddress(a.typedData.domain.verifyingContract),
      communityId: BigInt(m.communityId),
      kind: m.kind,
      salt: m.salt as Hex,
      deadline: BigInt(m.deadline),
      payload: a.payload,
      signedText: a.signedText,
    },
    serverDigest,
  );
}

/**
 * The supervisor's side of an action it co-signs (an emergency plan): the SupervisorAction typed
 * data rebuilt from the decoded payload shown, against the digest of the one the server asks the
 * supervisor to sign. It must name the same kind, salt and deadline as the committee's.
 */
export function checkSupervisorAction(a: Action): ActionCheck {
  if (a.supervisor === null) return { ok: false, problem: "bad-payload", detail: "this action asks for no supervisor's signature" };
  const td = a.supervisor.typedData;
  const m = td.message;
  const committee = a.typedData.message;
  if (m.kind !== committee.kind || m.salt.toLowerCase() !== committee.salt.toLowerCase() || m.deadline !== committee.deadline) {
    return { ok: false, problem: "digest-mismatch", detail: "the supervisor's message is not the committee's action" };
  }
  return checkActionToSign(
    {
      chainId: Number(td.domain.chainId),
      registry: getAddress(td.domain.verifyingContract),
      communityId: BigInt(a.communityId),
      kind: m.kind,
      salt: m.salt as Hex,
      deadline: BigInt(m.deadline),
      payload: a.payload,
      signedText: a.signedText,
    },
    hashTypedData(typedDataFromJson(td)),
    "supervisor",
  );
}

/** The refusal, in words, for a check that failed. */
export function refusalText(check: ActionCheck): string {
  return check.ok ? "" : t(`review.refused.${check.problem}`);
}

const TIMES = new Set(["votingStart", "votingEnd", "newVotingEnd", "periodStart", "periodEnd"]);
const AREAS = new Set(["areaCm2", "totalAreaCm2"]);
const CODES = new Set(["textHash", "answerHash", "rollRoot", "identityHash", "evidenceHash", "scanHash", "mandateHash", "owner", "voter", "proxy", "developer"]);

function label(name: string): string {
  return hasKey(`field.${name}`) ? t(`field.${name}`) : name;
}

/** One scalar shown in words: a time, an area, a matter, an enum, yes / no, an address or a hash. */
function scalar(name: string, value: string | boolean, ctx: { options?: readonly string[] }): Child {
  if (typeof value === "boolean") return value ? t("common.yes") : t("common.no");
  if (TIMES.has(name)) return `${formatTime(value)} (${value})`;
  if (AREAS.has(name)) return formatAreaM2(value);
  if (name === "matter") return `${matterLabel(Number(value))} (${value})`;
  if (name === "scopeKind") return t(`review.scopeKind.${contractEnums.IOwnerVoting.ScopeKind[Number(value)] ?? "unknown"}`);
  if (name === "areaSource" || name === "source") return t(`review.areaSource.${contractEnums.ICommunityRegistry.AreaSource[Number(value)] ?? "None"}`);
  if (name === "kind") return t(`review.unitKind.${contractEnums.ICommunityRegistry.UnitKind[Number(value)] ?? "None"}`);
  if (name === "category" && hasKey(`review.category.${value}`)) return `${t(`review.category.${value}`)} (${value})`;
  if (name === "choice") {
    const option = ctx.options?.[Number(value)];
    return option === undefined ? value : `${option} (${value})`;
  }
  if (CODES.has(name) || name.endsWith("Hash")) return h("code", { class: "wrap" }, value);
  // an amount of money: yuan in words beside the exact fen signed
  if (name.endsWith("Fen") && /^\d+$/.test(value)) return `${yuan(value)} (${groupDigits(value)} ${t("review.fen")})`;
  if (name.endsWith("FenPerM2") && /^\d+$/.test(value)) return `${yuan(value)}/${t("unit.m2")} (${groupDigits(value)} ${t("review.fen")})`;
  if (/^\d+$/.test(value) && value.length > 4 && !name.endsWith("Id")) return groupDigits(value);
  return value;
}

/** A decoded value as nested description lists; `path` names each leaf's data-testid. */
function valueView(name: string, value: AbiJson, path: string, ctx: { options?: readonly string[] }): Child {
  if (Array.isArray(value)) {
    if (value.length === 0) return h("span", { class: "meta" }, t("review.none"));
    if (name === "proof") {
      return h("details", null, h("summary", null, t("review.proof", { n: value.length })), h("ol", null, value.map((v) => h("li", null, h("code", { class: "wrap" }, String(v))))));
    }
    return h(
      "ol",
      { class: "review-list" },
      value.map((v, i) => h("li", { testid: `${path}-${i}` }, valueView(name, v, `${path}-${i}`, ctx))),
    );
  }
  if (typeof value === "object") {
    return h(
      "dl",
      { class: "review-fields" },
      Object.entries(value).map(([k, v]) => [h("dt", null, label(k)), h("dd", { testid: `${path}-${k}` }, valueView(k, v, `${path}-${k}`, ctx))]),
    );
  }
  return scalar(name, value, ctx);
}

/**
 * The whole action as the member will sign it. `communityName` is the console's name for the
 * signed community id; `optionsOf` gives a named proposal's options, to show a ballot's choice.
 */
export function actionReview(a: Action, check: ActionCheck, opts: { communityName?: string; optionsOf: OptionsOf }): HTMLElement {
  const m = a.typedData.message;
  const proposalId = typeof a.payload?.args.proposalId === "string" ? a.payload.args.proposalId : undefined;
  const ctx = { options: proposalId ? opts.optionsOf(proposalId) : undefined };
  const fn = a.payload?.fn ?? "?";
  const fnName = whatItDoes(m.kind, fn);
  const testid = `review-${a.id}`;
  return h(
    "div",
    { class: "review", testid, "data-ok": String(check.ok) },
    h("h3", null, t("review.title")),
    h(
      "dl",
      { class: "review-fields" },
      h("dt", null, t("review.what")),
      h("dd", { testid: `${testid}-fn` }, fnName),
      h("dt", null, t("review.community")),
      h("dd", null, opts.communityName ? `${opts.communityName} (#${m.communityId})` : `#${m.communityId}`),
      h("dt", null, t("review.deadline")),
      h("dd", null, formatTime(m.deadline)),
    ),
    a.payload ? valueView("args", a.payload.args, `${testid}-args`, ctx) : null,
    a.signedText !== null
      ? [h("h4", null, t("review.text")), h("div", { class: "review-text", testid: `${testid}-text` }, a.signedText)]
      : null,
    check.ok
      ? h("p", { class: "meta" }, `${t("review.digest")}: `, h("code", { class: "wrap", testid: `${testid}-digest` }, check.digest))
      : h("p", { class: "message message-error", role: "alert", testid: `${testid}-refused` }, refusalText(check)),
  );
}
