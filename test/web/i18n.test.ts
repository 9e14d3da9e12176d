/**
 * The web client's words: every key has both languages, and every status the API can report
 * for a committee action has words (a missing key would show the key itself to the user).
 */
import { describe, expect, it } from "vitest";
import { ACTION_STATUSES } from "../../ledger-api/src/actions/committeeActions";
import { ERRORS } from "../../ledger-api/src/errors";
import { dictionaryKeys, hasKey, setLang, t } from "../../web/src/i18n";

describe("web client words", () => {
  it("names every committee action status in both languages", () => {
    for (const status of ACTION_STATUSES) {
      expect(hasKey(`actionStatus.${status}`), status).toBe(true);
    }
  });

  it("has words of its own for every refusal of the fund's drafts (an answer without a message, the fund forms)", () => {
    for (const code of Object.keys(ERRORS).filter((c) => /^(FUND|IDEMPOTENCY)_/.test(c))) expect(hasKey(`error.${code}`), code).toBe(true);
  });

  it("has a zh-CN and an English text for every key", () => {
    for (const lang of ["zh-CN", "en"] as const) {
      setLang(lang);
      for (const key of dictionaryKeys()) expect(t(key).trim(), `${lang} ${key}`).not.toBe("");
    }
    setLang("zh-CN");
    const zh = t("actionStatus.queued");
    setLang("en");
    expect(t("actionStatus.queued")).not.toBe(zh);
    setLang("zh-CN");
  });

  it("writes English plurals right and leaves Chinese alone", () => {
    setLang("en");
    expect(t("list.electorate", { count: 1, area: "80.00 m²" })).toBe("1 owner, 80.00 m² in total");
    expect(t("list.electorate", { count: "1,204", area: "80.00 m²" })).toBe("1,204 owners, 80.00 m² in total");
    expect(t("progress.people", { a: 0, b: 1 })).toBe("0 / 1 owner");
    expect(t("scope.buildings", { ids: "3" })).toBe("Owners in building(s) 3");
    setLang("zh-CN");
    expect(t("list.electorate", { count: 1, area: "80.00 m²" })).toBe("1 名业主，共 80.00 m²");
  });
});
