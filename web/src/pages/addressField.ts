/**
 * An address field (0x…, 20 bytes) that reads the owner's QR code: pasted or typed, from an
 * image of the code (a photo or a screenshot of the account page), or from the camera where the
 * device has one. Every address field of the committee's forms is built here.
 */
import { busy, field, h, messageBox } from "../dom";
import { t } from "../i18n";
import { addressFromQrText, hasCamera, readQrFromImage, scanCamera } from "../qr";

export function addressField(testid: string, label: string, hint?: string): { el: HTMLElement; input: HTMLInputElement } {
  const input = h("input", { type: "text", testid, placeholder: "0x…", spellcheck: "false", autocomplete: "off" });
  const msg = messageBox(`${testid}-qr-message`);
  const fill = (text: string | null): boolean => {
    const address = text === null ? null : addressFromQrText(text);
    if (address === null) {
      msg.show(text === null ? t("qr.noneFound") : t("qr.notAddress"), "error");
      return false;
    }
    input.value = address;
    input.dispatchEvent(new Event("change", { bubbles: true }));
    msg.show(t("qr.read", { address }), "ok");
    return true;
  };

  const file = h("input", { type: "file", accept: "image/*", testid: `${testid}-qr-file` });
  file.addEventListener("change", () => {
    const f = file.files?.[0];
    if (!f) return;
    msg.clear();
    readQrFromImage(f).then(fill, () => msg.show(t("qr.badImage"), "error"));
  });

  const video = h("video", { class: "qr-video", hidden: true, "aria-label": t("qr.cameraView") });
  let stop: (() => void) | null = null;
  const camera = h("button", { type: "button", class: "button secondary", testid: `${testid}-qr-camera` }, t("qr.camera"));
  camera.addEventListener(
    "click",
    busy(camera, async () => {
      msg.clear();
      if (stop) {
        stop();
        stop = null;
        video.hidden = true;
        return;
      }
      try {
        video.hidden = false;
        stop = await scanCamera(video, (text) => {
          const ok = addressFromQrText(text) !== null && fill(text);
          if (ok) {
            video.hidden = true;
            stop = null;
          }
          return ok;
        });
      } catch {
        video.hidden = true;
        msg.show(t("qr.noCamera"), "error");
      }
    }),
  );

  return {
    el: h(
      "div",
      { class: "address-field" },
      field(label, input, hint ?? t("qr.hint")),
      h("div", { class: "qr-read" }, field(t("qr.fromImage"), file), hasCamera() ? camera : null, video),
      msg.el,
    ),
    input,
  };
}
