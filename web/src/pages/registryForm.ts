/** The committee console's registry section: buildings, units, owners, delivery, area corrections
 *  and unbinding, as lists. */
import { api } from "../api";
import { withSession } from "../auth";
import { busy, field, h, messageBox } from "../dom";
import { errorText, lang, t } from "../i18n";
import { LineError, RoomLineError, parseRegistryLines, resolveRoomNumbers, type RegistryAction } from "../registryCsv";

const ACTIONS: RegistryAction[] = ["registerBuildings", "registerUnits", "bindOwners", "deliverUnits", "updateUnitArea", "unbindOwner"];

export function registryForm(communityId: string, onDraft: () => void): HTMLElement {
  const section = h("section", { class: "card", testid: "draft-registry" }, h("h2", null, t("registry.title")), h("p", { class: "hint" }, t("registry.hint")));
  const msg = messageBox("registry-message");
  const select = h(
    "select",
    { testid: "registry-action" },
    ...ACTIONS.map((a) => h("option", { value: a }, t(`registry.${a}`))),
  ) as HTMLSelectElement;
  const format = h("p", { class: "hint", testid: "registry-format" }, t("registry.format.registerBuildings"));
  const lines = h("textarea", { rows: "8", testid: "registry-lines" }) as HTMLTextAreaElement;
  const salt = h("input", { type: "password", testid: "registry-salt", autocomplete: "off" }) as HTMLInputElement;
  const saltField = field(t("registry.salt"), salt);
  saltField.hidden = true;
  select.addEventListener("change", () => {
    format.textContent = t(`registry.format.${select.value}`);
    saltField.hidden = select.value !== "bindOwners" && select.value !== "unbindOwner";
  });
  const submit = h("button", { type: "button", class: "button", testid: "registry-submit" }, t("extension.submit"));
  submit.addEventListener(
    "click",
    busy(submit, async () => {
      msg.clear();
      let body: Record<string, unknown>;
      try {
        // a unit may be written by its room number (楼栋-单元-房号): looked up by the API first
        const text = await resolveRoomNumbers(select.value as RegistryAction, lines.value, async (room) => (await api.room(communityId, room)).unit.unitId);
        body = parseRegistryLines(select.value as RegistryAction, text, salt.value);
      } catch (err) {
        if (err instanceof LineError) return msg.show(t("registry.badLine", { line: String(err.line), reason: lang() === "en" ? err.reason : err.reasonZh }), "error");
        if (err instanceof RoomLineError) return msg.show(t("registry.badLine", { line: String(err.line), reason: errorText(err.cause) }), "error");
        throw err;
      }
      try {
        await withSession((token) => api.draftRegistry(communityId, body, token));
        msg.show(t("draft.created"), "ok");
        onDraft();
      } catch (err) {
        msg.show(errorText(err), "error");
      }
    }),
  );
  section.append(field(t("registry.action"), select), format, field(t("registry.lines"), lines, t("registry.roomHint")), saltField, submit, msg.el);
  return section;
}
