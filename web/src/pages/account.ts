/** `#/account`: sign in with a PIN-protected key in this browser, an imported key, or a wallet. */
import { busy, field, h, messageBox, replace } from "../dom";
import { errorText, t } from "../i18n";
import {
  MIN_PIN_LENGTH,
  activeAddress,
  activeMode,
  connectInjected,
  createKey,
  exportBackup,
  hasInjectedWallet,
  importBackup,
  importPrivateKey,
  lock,
  removeKey,
  storedKeys,
  unlock,
} from "../keys";
import type { Page } from "../page";
import { addressQr } from "./addressQr";
import { recoveryCard } from "./recoveryCard";

/** A message that survives the page re-rendering itself after an action. */
let flash: { text: string; kind: "ok" | "error" | "info" } | null = null;

export function renderAccount(root: HTMLElement, page: Page): void {
  const msg = messageBox("account-message");
  if (flash) {
    msg.show(flash.text, flash.kind);
    flash = null;
  }
  const rerender = (text: string, kind: "ok" | "error" | "info" = "ok") => {
    if (!page.alive) return;
    flash = { text, kind };
    renderAccount(root, page);
  };

  const address = activeAddress();
  const keys = storedKeys();

  const pin = h("input", {
    type: "password",
    inputmode: "numeric",
    autocomplete: "off",
    testid: "pin-input",
    minlength: MIN_PIN_LENGTH,
    maxlength: 64,
  });
  const pinConfirm = h("input", {
    type: "password",
    inputmode: "numeric",
    autocomplete: "off",
    testid: "pin-confirm-input",
    maxlength: 64,
  });

  /** Runs an action that needs the PIN, with its errors shown in words. */
  const withPin = (button: HTMLButtonElement, fn: (pin: string) => Promise<string>) =>
    busy(button, async () => {
      msg.clear();
      if (pin.value.length < MIN_PIN_LENGTH) {
        msg.show(t("key.PIN_TOO_SHORT", { n: MIN_PIN_LENGTH }), "error");
        pin.focus();
        return;
      }
      msg.show(t("account.working"), "info");
      try {
        const text = await fn(pin.value);
        pin.value = "";
        rerender(text);
      } catch (err) {
        msg.show(errorText(err), "error");
      }
    });

  // ── who is signed in ──
  const current = h(
    "section",
    { class: "card", testid: "account-current" },
    h("h2", null, t("account.current")),
    address
      ? [
          h("p", null, t("account.signedInAs")),
          h("p", { class: "address-big" }, h("code", { testid: "account-address" }, address)),
          addressQr(address),
          h("p", { class: "meta" }, activeMode() === "injected" ? t("account.modeInjected") : t("account.modeLocal")),
          h("button", { type: "button", class: "button secondary", testid: "lock-submit", on: { click: () => { lock(); rerender(t("account.locked"), "info"); } } }, t("account.lock")),
        ]
      : h("p", { testid: "account-none" }, t("account.none")),
  );

  // ── the PIN, used by every action below ──
  const pinBox = h(
    "section",
    { class: "card pin-box" },
    h("h2", null, t("account.pinTitle")),
    field(t("account.pin"), pin, t("account.pinHint", { n: MIN_PIN_LENGTH })),
  );

  // ── stored keys ──
  const keyList =
    keys.length === 0
      ? null
      : h(
          "section",
          { class: "card" },
          h("h2", null, t("account.storedKeys")),
          h("p", { class: "hint" }, t("account.storedHint")),
          h(
            "ul",
            { class: "keys" },
            keys.map((k) => {
              const a = k.address.toLowerCase();
              const isActive = address === a;
              const unlockButton = h("button", { type: "button", class: "button", testid: `unlock-${a}`, disabled: isActive }, isActive ? t("account.inUse") : t("account.unlock"));
              unlockButton.addEventListener("click", withPin(unlockButton, async (p) => {
                await unlock(a, p);
                return t("account.unlocked");
              }));
              const exportButton = h("button", { type: "button", class: "button secondary", testid: `export-${a}` }, t("account.export"));
              exportButton.addEventListener("click", () => {
                const { filename, json } = exportBackup(a);
                const url = URL.createObjectURL(new Blob([json], { type: "application/json" }));
                const link = h("a", { href: url, download: filename });
                document.body.appendChild(link);
                link.click();
                link.remove();
                setTimeout(() => URL.revokeObjectURL(url), 10_000);
                msg.show(t("account.exported", { file: filename }), "ok");
              });
              const removeButton = h("button", { type: "button", class: "button danger", testid: `remove-${a}` }, t("account.remove"));
              let armed = false;
              removeButton.addEventListener("click", () => {
                if (!armed) {
                  armed = true;
                  removeButton.textContent = t("account.removeConfirm");
                  return;
                }
                removeKey(a);
                rerender(t("account.removed"), "info");
              });
              return h(
                "li",
                { class: isActive ? "key active" : "key" },
                h("code", { class: "wrap" }, a),
                h("div", { class: "buttons" }, unlockButton, exportButton, removeButton),
              );
            }),
          ),
        );

  // ── (a) create ──
  const createButton = h("button", { type: "button", class: "button", testid: "create-key-submit" }, t("account.create"));
  createButton.addEventListener(
    "click",
    withPin(createButton, async (p) => {
      if (pinConfirm.value !== p) throw new Error(t("account.pinMismatch"));
      await createKey(p);
      pinConfirm.value = "";
      return t("account.created");
    }),
  );
  const create = h(
    "section",
    { class: "card" },
    h("h2", null, t("account.createTitle")),
    h("p", null, t("account.createHint")),
    field(t("account.pinConfirm"), pinConfirm),
    createButton,
  );

  // ── (b) import a private key ──
  const keyInput = h("textarea", {
    testid: "import-key-input",
    rows: 2,
    autocomplete: "off",
    spellcheck: "false",
    placeholder: "0x…",
  });
  const importButton = h("button", { type: "button", class: "button", testid: "import-key-submit" }, t("account.import"));
  importButton.addEventListener(
    "click",
    withPin(importButton, async (p) => {
      await importPrivateKey(keyInput.value, p);
      keyInput.value = "";
      return t("account.imported");
    }),
  );
  const importKey = h(
    "section",
    { class: "card" },
    h("h2", null, t("account.importTitle")),
    h("p", null, t("account.importHint")),
    field(t("account.privateKey"), keyInput),
    importButton,
  );

  // ── backup file ──
  const fileInput = h("input", { type: "file", accept: "application/json,.json", testid: "import-backup-input" });
  const backupButton = h("button", { type: "button", class: "button secondary", testid: "import-backup-submit" }, t("account.importBackup"));
  backupButton.addEventListener(
    "click",
    busy(backupButton, async () => {
      msg.clear();
      const file = fileInput.files?.[0];
      if (!file) {
        msg.show(t("account.pickFile"), "error");
        return;
      }
      if (file.size > 64 * 1024) {
        msg.show(t("key.BAD_BACKUP"), "error");
        return;
      }
      try {
        const p = pin.value;
        await importBackup(await file.text(), p.length >= MIN_PIN_LENGTH ? p : undefined);
        rerender(p.length >= MIN_PIN_LENGTH ? t("account.backupUnlocked") : t("account.backupStored"));
      } catch (err) {
        msg.show(errorText(err), "error");
      }
    }),
  );
  const backup = h(
    "section",
    { class: "card" },
    h("h2", null, t("account.backupTitle")),
    h("p", null, t("account.backupHint")),
    field(t("account.backupFile"), fileInput),
    backupButton,
  );

  // ── (c) wallet ──
  const walletButton = h("button", { type: "button", class: "button secondary", testid: "injected-connect", disabled: !hasInjectedWallet() }, t("account.wallet"));
  walletButton.addEventListener(
    "click",
    busy(walletButton, async () => {
      try {
        await connectInjected();
        rerender(t("account.walletConnected"));
      } catch (err) {
        msg.show(errorText(err), "error");
      }
    }),
  );
  const wallet = h(
    "section",
    { class: "card" },
    h("h2", null, t("account.walletTitle")),
    h("p", null, hasInjectedWallet() ? t("account.walletHint") : t("account.noWallet")),
    walletButton,
  );

  replace(
    root,
    h("h1", null, t("account.title")),
    h("p", { class: "lead" }, t("account.lead")),
    msg.el,
    current,
    pinBox,
    keyList,
    importKey,
    create,
    backup,
    recoveryCard((text) => rerender(text)),
    wallet,
  );
}
