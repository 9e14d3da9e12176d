/**
 * The printed public notice (公示) sheet every notice page lays out: a title, the facts in
 * Chinese beside the QR code of the page that checks them (its URL printed under it), what to do
 * with the code, anything the notice adds (a tally, a full text), and a print button off paper.
 */
import QRCode from "qrcode";
import { h, type Child } from "../dom";
import { t } from "../i18n";

export interface NoticeSheet {
  /** the data-testid prefix: "<prefix>", "<prefix>-title", "-facts", "-qr", "-url", "-print" */
  readonly testid: string;
  readonly title: string;
  readonly rows: readonly (readonly [string, string])[];
  /** the verify page's URL the QR code carries */
  readonly url: string;
  readonly howTo: string;
  /** data-* attributes of the sheet (what it is a notice of) */
  readonly data?: Readonly<Record<string, string>>;
  /** what follows the facts on the sheet */
  readonly extra?: Child;
}

/** The sheet and its print button (the QR code drawn first). */
export async function noticeSheet(n: NoticeSheet): Promise<HTMLElement[]> {
  const qr = await QRCode.toDataURL(n.url, { errorCorrectionLevel: "M", margin: 4, scale: 6 });
  const data = Object.fromEntries(Object.entries(n.data ?? {}).map(([k, v]) => [`data-${k}`, v]));
  return [
    h(
      "article",
      { class: "card notice", lang: "zh-CN", testid: n.testid, ...data },
      h("h1", { testid: `${n.testid}-title` }, n.title),
      h(
        "div",
        { class: "notice-grid" },
        h("dl", { class: "facts", testid: `${n.testid}-facts` }, n.rows.map(([k, v]) => [h("dt", null, k), h("dd", null, v)])),
        h(
          "figure",
          { class: "notice-qr" },
          h("img", { src: qr, alt: "核验页面的二维码", width: 220, height: 220, testid: `${n.testid}-qr` }),
          h("figcaption", { testid: `${n.testid}-url` }, n.url),
        ),
      ),
      h("p", { class: "notice-how" }, n.howTo),
      n.extra ?? null,
    ),
    h("p", { class: "no-print" }, h("button", { type: "button", class: "button", testid: `${n.testid}-print`, on: { click: () => window.print() } }, t("fund.print"))),
  ];
}
