/**
 * The supervisor's page (居委会 / 街道): its tasks first (an emergency use of the fund to co-sign,
 * supervisorTasks.ts), then creating a community with its first committee, or installing a newly
 * elected committee. The supervisor signs (EIP-712) in the browser; the API relays, and the
 * contract checks that the signer holds the supervisor role.
 */
import { isAddress, type Hex } from "viem";
import { api } from "../api";
import { busy, field, h, messageBox, replace } from "../dom";
import { errorText, t } from "../i18n";
import { activeAddress, signTypedData } from "../keys";
import type { Page } from "../page";
import { typedDataFromJson } from "../typedData";
import { supervisorTasks } from "./supervisorTasks";

function parseMembers(text: string): string[] | null {
  const list = text.split(/[\s,，]+/).filter((x) => x.length > 0);
  return list.length > 0 && list.every((a) => isAddress(a)) ? list : null;
}

export function renderSupervisor(root: HTMLElement, page: Page): void {
  const card = h("section", { class: "card", testid: "supervisor" }, h("h1", null, t("supervisor.title")), h("p", { class: "hint" }, t("supervisor.hint")));
  const msg = messageBox("supervisor-message");
  const mode = h(
    "select",
    { testid: "supervisor-action" },
    h("option", { value: "createCommunity" }, t("supervisor.create")),
    h("option", { value: "installCommittee" }, t("supervisor.install")),
  ) as HTMLSelectElement;
  const name = h("input", { type: "text", testid: "supervisor-name", maxlength: "100" }) as HTMLInputElement;
  const communityId = h("input", { type: "number", min: "1", testid: "supervisor-community" }) as HTMLInputElement;
  const members = h("textarea", { rows: "5", testid: "supervisor-members" }) as HTMLTextAreaElement;
  const threshold = h("input", { type: "number", min: "2", max: "21", value: "3", testid: "supervisor-threshold" }) as HTMLInputElement;
  const notice = h("input", { type: "number", min: "7", max: "60", value: "15", testid: "supervisor-notice" }) as HTMLInputElement;
  const allowChange = h("input", { type: "checkbox", checked: true, testid: "supervisor-allow-change" }) as HTMLInputElement;
  const excludeParking = h("input", { type: "checkbox", testid: "supervisor-exclude-parking" }) as HTMLInputElement;
  const nameField = field(t("supervisor.name"), name);
  const idField = field(t("supervisor.communityId"), communityId);
  const settingsBox = h(
    "div",
    null,
    field(t("supervisor.noticeDays"), notice),
    h("label", { class: "check" }, allowChange, t("supervisor.allowChange")),
    h("label", { class: "check" }, excludeParking, t("supervisor.excludeParking")),
  );
  const sync = () => {
    const create = mode.value === "createCommunity";
    nameField.hidden = !create;
    settingsBox.hidden = !create;
    idField.hidden = create;
  };
  mode.addEventListener("change", sync);
  sync();
  const status = h("p", { testid: "supervisor-receipt" });
  const submit = h("button", { type: "button", class: "button big", testid: "supervisor-submit" }, t("supervisor.submit"));
  submit.addEventListener(
    "click",
    busy(submit, async () => {
      msg.clear();
      if (!activeAddress()) return msg.show(t("supervisor.signIn"), "error");
      const list = parseMembers(members.value);
      if (!list) return msg.show(t("supervisor.badMembers"), "error");
      const body: Record<string, unknown> =
        mode.value === "createCommunity"
          ? {
              action: "createCommunity",
              name: name.value.trim(),
              settings: {
                noticeDays: Number(notice.value),
                adHocNoticeDays: 7,
                objectionDays: 7,
                allowBallotChange: allowChange.checked,
                excludeParkingArea: excludeParking.checked,
                finalWithOpenObjections: false,
              },
              members: list,
              threshold: Number(threshold.value),
            }
          : { action: "installCommittee", communityId: communityId.value.trim(), members: list, threshold: Number(threshold.value) };
      try {
        const td = await api.supervisorTypedData(body);
        const signature = await signTypedData(typedDataFromJson(td));
        const message = td.message as { salt: Hex; deadline: string };
        const r = await api.supervisorAction({ ...body, salt: message.salt, deadline: message.deadline, signature });
        msg.show(t("supervisor.sent"), "ok");
        for (let i = 0; i < 60 && page.alive; i++) {
          const receipt = await api.receipt(r.id);
          replace(status, `${t("supervisor.status")}: ${receipt.status}${receipt.reason ? ` (${receipt.reason})` : ""}`);
          if (receipt.status !== "accepted" && receipt.status !== "submitted") break;
          await new Promise((res) => setTimeout(res, 1000));
        }
      } catch (err) {
        msg.show(errorText(err), "error");
      }
    }),
  );
  card.append(
    field(t("registry.action"), mode),
    nameField,
    idField,
    field(t("supervisor.members"), members),
    field(t("supervisor.threshold"), threshold),
    settingsBox,
    submit,
    msg.el,
    status,
  );
  replace(root, supervisorTasks(page), card);
}

