/**
 * The committee console's sign-in card (Sign-In with Ethereum): drafting needs a session. The
 * message to sign is built first and shown in full, and decoded field by field, before the user
 * signs it; nothing else is signed. Once signed in, the card says as whom and until when.
 */
import { completeSignIn, currentSession, decodeSignIn, onSessionChange, prepareSignIn, signOut, SIGN_IN_STATEMENT, type PreparedSignIn } from "../auth";
import { busy, h, messageBox, replace } from "../dom";
import { formatTime, shortAddress } from "../format";
import { errorText, t } from "../i18n";
import type { Page } from "../page";

const seconds = (d: Date | string) => Math.floor(new Date(d).getTime() / 1000);

export function signInPanel(page: Page): HTMLElement {
  const body = h("div", { class: "stack" });
  const msg = messageBox("siwe-feedback");
  const card = h("section", { class: "card", testid: "siwe-card" }, h("h2", null, t("auth.title")), body, msg.el);

  function render(): void {
    const s = currentSession();
    if (s) {
      const out = h("button", { type: "button", class: "button secondary", testid: "siwe-signout" }, t("auth.signOut"));
      out.addEventListener(
        "click",
        busy(out, async () => {
          await signOut();
          msg.show(t("auth.signedOut"), "info");
        }),
      );
      replace(
        body,
        h("p", { class: "message message-ok", testid: "siwe-status", "data-signed-in": "true" }, t("auth.signedIn", { address: shortAddress(s.address), time: formatTime(seconds(s.expiresAt)) })),
        h("div", { class: "buttons" }, out),
      );
      return;
    }
    const prepare = h("button", { type: "button", class: "button", testid: "siwe-prepare" }, t("auth.prepare"));
    prepare.addEventListener(
      "click",
      busy(prepare, async () => {
        msg.clear();
        try {
          review(await prepareSignIn());
        } catch (err) {
          msg.show(errorText(err), "error");
        }
      }),
    );
    replace(body, h("p", { testid: "siwe-status", "data-signed-in": "false" }, t("auth.why")), prepare);
  }

  /** Shows the whole message and what each line means; only then can it be signed. */
  function review(p: PreparedSignIn): void {
    const fields = decodeSignIn(p.message);
    const row = (label: string, value: string, testid: string) => [h("dt", null, label), h("dd", null, h("code", { class: "wrap", testid }, value))];
    const sign = h("button", { type: "button", class: "button", testid: "siwe-sign" }, t("auth.sign"));
    const cancel = h("button", { type: "button", class: "button secondary", testid: "siwe-cancel", on: { click: () => render() } }, t("auth.cancel"));
    sign.addEventListener(
      "click",
      busy(sign, async () => {
        msg.clear();
        try {
          await completeSignIn(p);
        } catch (err) {
          msg.show(errorText(err), "error");
          render();
        }
      }),
    );
    replace(
      body,
      h("p", null, t("auth.review")),
      h("pre", { class: "siwe-message", testid: "siwe-message" }, p.message),
      h(
        "dl",
        { class: "facts", testid: "siwe-fields" },
        row(t("auth.field.domain"), `${fields.domain ?? "—"} (${fields.uri ?? "—"})`, "siwe-field-domain"),
        row(t("auth.field.address"), fields.address ?? "—", "siwe-field-address"),
        row(t("auth.field.statement"), fields.statement === SIGN_IN_STATEMENT ? t("auth.statementMeaning") : (fields.statement ?? "—"), "siwe-field-statement"),
        row(t("auth.field.chainId"), String(fields.chainId ?? "—"), "siwe-field-chain"),
        row(t("auth.field.nonce"), fields.nonce ?? "—", "siwe-field-nonce"),
        row(t("auth.field.issuedAt"), fields.issuedAt ? formatTime(seconds(fields.issuedAt)) : "—", "siwe-field-issued"),
        row(t("auth.field.expirationTime"), fields.expirationTime ? formatTime(seconds(fields.expirationTime)) : "—", "siwe-field-expires"),
      ),
      h("div", { class: "buttons" }, sign, cancel),
    );
  }

  render();
  page.onCleanup(onSessionChange(() => page.alive && render()));
  return card;
}
