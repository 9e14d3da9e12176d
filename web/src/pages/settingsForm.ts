/** The committee console's settings section: the community's own rules where the law leaves room. */
import { api, type Community } from "../api";
import { withSession } from "../auth";
import { busy, field, h, messageBox } from "../dom";
import { errorText, t } from "../i18n";

/** Bounds the API enforces (SettingsBody); checked here first so the committee learns at once. */
const DAY_FIELDS = [
  { key: "noticeDays", min: 7, max: 60 },
  { key: "adHocNoticeDays", min: 1, max: 60 },
  { key: "objectionDays", min: 1, max: 60 },
] as const;

export function settingsForm(c: Community, onDraft: () => void): HTMLElement {
  const msg = messageBox("settings-message");
  const days = DAY_FIELDS.map((d) => ({
    ...d,
    input: h("input", { type: "number", min: d.min, max: d.max, step: 1, testid: `settings-${d.key}`, value: String(c.settings[d.key]) }) as HTMLInputElement,
  }));
  const change = h("input", { type: "checkbox", testid: "settings-allowBallotChange", checked: c.settings.allowBallotChange }) as HTMLInputElement;
  const parking = h("input", { type: "checkbox", testid: "settings-excludeParkingArea", checked: c.settings.excludeParkingArea }) as HTMLInputElement;
  const openObjections = h("input", { type: "checkbox", testid: "settings-finalWithOpenObjections", checked: c.settings.finalWithOpenObjections }) as HTMLInputElement;
  const submit = h("button", { type: "button", class: "button", testid: "settings-submit" }, t("extension.submit"));
  submit.addEventListener(
    "click",
    busy(submit, async () => {
      msg.clear();
      const values: Record<string, number> = {};
      for (const d of days) {
        const v = Number(d.input.value);
        if (!Number.isInteger(v) || v < d.min || v > d.max) {
          return msg.show(t("settings.badDays", { what: t(`settings.${d.key}`), min: d.min, max: d.max }), "error");
        }
        values[d.key] = v;
      }
      try {
        const settings = { ...values, allowBallotChange: change.checked, excludeParkingArea: parking.checked, finalWithOpenObjections: openObjections.checked };
        await withSession((token) => api.draftRegistry(c.id, { action: "changeSettings", settings }, token));
        msg.show(t("draft.created"), "ok");
        onDraft();
      } catch (err) {
        msg.show(errorText(err), "error");
      }
    }),
  );
  return h(
    "section",
    { class: "card", testid: "draft-settings" },
    h("h2", null, t("settings.title")),
    h("p", { class: "hint" }, t("settings.hint")),
    ...days.map((d) => field(t(`settings.${d.key}`), d.input, t("settings.range", { min: d.min, max: d.max }))),
    h("label", { class: "check" }, change, h("span", null, t("settings.allowBallotChange"))),
    h("label", { class: "check" }, parking, h("span", null, t("settings.excludeParkingArea"))),
    h("label", { class: "check" }, openObjections, h("span", null, t("settings.finalWithOpenObjections"))),
    submit,
    msg.el,
  );
}
