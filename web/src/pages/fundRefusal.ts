/**
 * A refused fund draft in words: the refusal's message, then what it names in its details
 * (ledger-api/src/http/modules/fund/drafts.ts): for FUND_UNITS_SHORT each unit short of its share
 * (its balance, its share and the shortfall, in yuan); the committed amount, budget and cap for
 * FUND_OVER_BUDGET; the cap for FUND_OVER_EMERGENCY_CAP; the balance for FUND_INSUFFICIENT_COMMON.
 * Details not as expected are left out, never guessed at.
 */
import { ApiError } from "../api";
import { h } from "../dom";
import { yuan } from "../fund/money";
import { errorText, hasKey, t } from "../i18n";

export interface ShortUnit {
  unitId: number;
  label: string;
  balanceFen: string;
  shareFen: string;
  shortFen: string;
}

const FEN = /^-?\d{1,30}$/;
const record = (v: unknown): Record<string, unknown> | null => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const fen = (r: Record<string, unknown>, k: string): string | null => (typeof r[k] === "string" && FEN.test(r[k]) ? r[k] : null);

/** The units a FUND_UNITS_SHORT refusal lists (details.units), skipping any malformed one. */
export function shortUnitsOf(details: unknown): ShortUnit[] {
  const units = record(details)?.units;
  if (!Array.isArray(units)) return [];
  return units.flatMap((u): ShortUnit[] => {
    const r = record(u);
    if (!r || typeof r.unitId !== "number") return [];
    const balanceFen = fen(r, "balanceFen");
    const shareFen = fen(r, "shareFen");
    const shortFen = fen(r, "shortFen");
    if (balanceFen === null || shareFen === null || shortFen === null) return [];
    return [{ unitId: r.unitId, label: typeof r.label === "string" ? r.label : String(r.unitId), balanceFen, shareFen, shortFen }];
  });
}

/** The sentence a refusal's details add to its message, or null (not a fund refusal with details). */
function detailSentence(err: ApiError): string | null {
  const d = record(err.details);
  if (!d) return null;
  if (err.code === "FUND_OVER_BUDGET") {
    const [committed, amount, budget, cap] = ["committedFen", "amountFen", "budgetFen", "capFen"].map((k) => fen(d, k));
    if (committed && amount && budget && cap) return t("fundDraft.refused.overBudget", { committed: yuan(committed), amount: yuan(amount), budget: yuan(budget), cap: yuan(cap) });
  }
  if (err.code === "FUND_OVER_EMERGENCY_CAP") {
    const budget = fen(d, "budgetFen");
    const cap = fen(d, "capFen");
    if (budget && cap) return t("fundDraft.refused.overCap", { budget: yuan(budget), cap: yuan(cap) });
  }
  if (err.code === "FUND_INSUFFICIENT_COMMON") {
    const balance = fen(d, "commonBalanceFen");
    if (balance) return t("fundDraft.refused.common", { balance: yuan(balance) });
  }
  return null;
}

/** The refusal shown under a fund form (role alert): its words, what it names, and that nothing was drafted. */
export function fundRefusal(err: unknown, testid: string): HTMLElement {
  const api = err instanceof ApiError ? err : null;
  // the client's own words for a fund refusal; the server's for anything else
  const words = api && api.code.startsWith("FUND_") && hasKey(`error.${api.code}`) ? t(`error.${api.code}`) : errorText(err);
  const units = api?.code === "FUND_UNITS_SHORT" ? shortUnitsOf(api.details) : [];
  const sentence = api ? detailSentence(api) : null;
  return h(
    "div",
    { class: "message message-error", role: "alert", testid, "data-code": api?.code ?? "" },
    h("p", { testid: `${testid}-text` }, words),
    sentence ? h("p", null, sentence) : null,
    units.length > 0
      ? [
          h("p", null, t("fundDraft.refused.short", { n: units.length })),
          h(
            "ul",
            { class: "short-units", testid: `${testid}-units` },
            units.map((u) =>
              h(
                "li",
                { testid: `${testid}-unit-${u.unitId}`, "data-short-fen": u.shortFen },
                t("fundDraft.refused.shortUnit", { label: u.label, balance: yuan(u.balanceFen), share: yuan(u.shareFen), short: yuan(u.shortFen) }),
              ),
            ),
          ),
        ]
      : null,
    api && api.status >= 400 && api.status < 500 ? h("p", { class: "meta" }, t("fundDraft.refused.nothingDrafted")) : null,
  );
}
