/**
 * The account page's recovery card: make a recovery code for the unlocked key (shown once, to
 * be written down), and, when the PIN is forgotten, restore a stored key (in this browser or
 * imported from its backup file) with that code and set a new PIN.
 */
import { busy, field, h, messageBox } from "../dom";
import { errorText, t } from "../i18n";
import { MIN_PIN_LENGTH, activeAddress, activeMode, createRecoveryCode, hasRecovery, recoverWithCode, storedKeys } from "../keys";

export function recoveryCard(onRecovered: (text: string) => void): HTMLElement {
  const msg = messageBox("recovery-message");
  const address = activeAddress();

  // ── make a code for the unlocked key ──
  const codeOut = h("p", { class: "address-big", hidden: true }, h("code", { testid: "recovery-code" }));
  const make = h("button", { type: "button", class: "button secondary", testid: "recovery-create" }, t("recovery.create"));
  make.addEventListener(
    "click",
    busy(make, async () => {
      msg.clear();
      if (address === null || activeMode() !== "local") return msg.show(t("key.LOCKED"), "error");
      try {
        const code = await createRecoveryCode(address);
        (codeOut.firstChild as HTMLElement).textContent = code;
        codeOut.hidden = false;
        msg.show(t("recovery.created"), "ok");
      } catch (err) {
        msg.show(errorText(err), "error");
      }
    }),
  );

  // ── restore with the code ──
  const restorable = storedKeys().filter((k) => hasRecovery(k.address));
  const which = h(
    "select",
    { testid: "recovery-address" },
    restorable.map((k) => h("option", { value: k.address.toLowerCase() }, k.address)),
  );
  const code = h("input", { type: "text", testid: "recovery-code-input", autocomplete: "off", spellcheck: "false", placeholder: "XXXX-XXXX-…" });
  const newPin = h("input", { type: "password", testid: "recovery-pin", autocomplete: "new-password", inputmode: "numeric" });
  const restore = h("button", { type: "button", class: "button", testid: "recovery-submit", disabled: restorable.length === 0 }, t("recovery.restore"));
  restore.addEventListener(
    "click",
    busy(restore, async () => {
      msg.clear();
      try {
        await recoverWithCode(which.value, code.value, newPin.value);
        code.value = "";
        newPin.value = "";
        onRecovered(t("recovery.restored"));
      } catch (err) {
        msg.show(errorText(err), "error");
      }
    }),
  );

  return h(
    "section",
    { class: "card", testid: "recovery-card" },
    h("h2", null, t("recovery.title")),
    h("p", null, t("recovery.hint")),
    address !== null && activeMode() === "local" ? [make, codeOut] : h("p", { class: "hint" }, t("recovery.unlockFirst")),
    h("h3", null, t("recovery.forgotTitle")),
    restorable.length === 0
      ? h("p", { class: "hint", testid: "recovery-none" }, t("recovery.none"))
      : [
          field(t("recovery.which"), which),
          field(t("recovery.code"), code),
          field(t("recovery.newPin"), newPin, t("account.pinHint", { n: MIN_PIN_LENGTH })),
          restore,
        ],
    msg.el,
  );
}
