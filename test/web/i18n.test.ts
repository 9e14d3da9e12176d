/**
 * The web client's words: every key has both languages, and every status the API can report
 * for a committee action has words (a missing key would show the key itself to the user).
 */
import { describe, expect, it } from "vitest";
import { ACTION_STATUSES } from "../../ledger-api/src/actions/committeeActions";
import { dictionaryKeys, hasKey, setLang, t } from "../../web/src/i18n";

describe("web client words", () => {
  it("names every committee action status in both languages", () => {
    for (const status of ACTION_STATUSES) {
      expect(hasKey(`actionStatus.${status}`), status).toBe(true);
    }
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
});
