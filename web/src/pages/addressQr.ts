/** The owner's address as a QR code, for the committee to read into a form instead of typing it. */
import { getAddress } from "viem";
import { h } from "../dom";
import { t } from "../i18n";
import { addressQrDataUrl } from "../qr";

export function addressQr(address: string): HTMLElement {
  const img = h("img", { class: "address-qr", testid: "account-qr", alt: t("qr.alt", { address: getAddress(address) }), width: 264, height: 264 });
  void addressQrDataUrl(address).then((url) => (img.src = url));
  return h("figure", { class: "qr" }, img, h("figcaption", { class: "hint" }, t("qr.caption")));
}
