/**
 * Pickers for the committee's forms: buildings chosen from the community's list, and a roll
 * entry found by its room number (楼栋-单元-房号, "3-1-102") among the proposal's roll, looked up
 * by the API. Nobody types a building id or an entry number from memory.
 */
import { api, type Building, type Room } from "../api";
import { field, h, replace } from "../dom";
import { formatAreaM2 } from "../format";
import { errorText, t } from "../i18n";

/** Checkboxes, one per building of the community (fetched from the API). */
export function buildingPicker(communityId: string, testid: string) {
  const box = h("div", { class: "picker", testid }, h("p", { class: "loading" }, t("common.loading")));
  const checks = new Map<number, HTMLInputElement>();
  let disabled = false;
  void api.buildings(communityId).then(
    (buildings: Building[]) => {
      if (buildings.length === 0) return replace(box, h("p", { class: "empty" }, t("picker.noBuildings")));
      replace(
        box,
        buildings.map((b) => {
          const cb = h("input", { type: "checkbox", value: String(b.buildingId), testid: `${testid}-${b.buildingId}`, disabled });
          checks.set(b.buildingId, cb);
          return h("label", { class: "option" }, cb, h("span", null, t("picker.building", { label: b.label, n: b.unitCount })));
        }),
      );
    },
    (err: unknown) => replace(box, h("p", { class: "message message-error", role: "alert" }, errorText(err))),
  );
  return {
    el: box,
    selected: (): number[] => [...checks.entries()].filter(([, cb]) => cb.checked).map(([id]) => id),
    setDisabled(d: boolean) {
      disabled = d;
      for (const cb of checks.values()) cb.disabled = d;
    },
  };
}

/**
 * A roll entry of `proposalId`, found by the room number typed or picked from the suggestions
 * (the roll's unit labels). The resolved entry is shown in words under the field.
 */
export function entryPicker(communityId: string, proposalId: string, testid: string, suggestions: HTMLDataListElement) {
  const input = h("input", { type: "text", testid, list: suggestions.id, autocomplete: "off", placeholder: "3-1-102", spellcheck: "false" });
  const out = h("p", { class: "hint", testid: `${testid}-resolved`, "aria-live": "polite" });
  let resolved: Promise<Room | string | null> = Promise.resolve(null);
  const resolve = () => {
    const text = input.value.trim();
    if (text === "") {
      out.textContent = "";
      resolved = Promise.resolve(null);
      return;
    }
    out.textContent = t("picker.looking");
    resolved = api.room(communityId, text, proposalId).then(
      (room) => {
        if (input.value.trim() === text) {
          out.textContent = t("picker.entry", { id: room.entry?.entryId ?? "?", units: room.entry?.unitLabels.join("、") ?? room.unit.label, area: formatAreaM2(room.unit.areaCm2) });
        }
        return room;
      },
      (err: unknown) => {
        const message = errorText(err);
        if (input.value.trim() === text) out.textContent = message;
        return message;
      },
    );
  };
  input.addEventListener("change", resolve);
  return {
    el: h("div", { class: "picker-entry" }, field(t("picker.room"), input, t("picker.roomHint")), out),
    /** The entry id, the refusal's words, or null when the field is empty. */
    async entryId(): Promise<number | string | null> {
      if (input.value.trim() !== "" && out.textContent === "") resolve();
      const r = await resolved;
      if (r === null || typeof r === "string") return r;
      return r.entry?.entryId ?? t("picker.notInRoll");
    },
  };
}

/** A datalist of the unit labels on a proposal's roll (its first pages), shared by a form's rows. */
export function rollSuggestions(proposalId: string, id: string): HTMLDataListElement {
  const list = h("datalist", { id });
  void (async () => {
    const seen: string[] = [];
    for (let offset = 0; offset < 1_000; offset += 200) {
      const page = await api.roll(proposalId, offset, 200);
      for (const e of page.entries) seen.push(...e.unitLabels);
      if (offset + 200 >= page.entryCount) break;
    }
    replace(list, seen.map((label) => h("option", { value: label })));
  })().catch(() => undefined);
  return list;
}
