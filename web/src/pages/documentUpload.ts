/**
 * The document upload form of the committee console and the custodian's console: a file (PDF,
 * JPEG or PNG; the server judges the type from its content), its kind, the record it belongs to
 * and its visibility (the kind's own, or stricter: domain/documents/kinds.ts). The file is sent
 * with the signed-in session while a progress bar says it is on its way (a scan can be 20 MB on a slow line); the
 * answer names its fingerprint and where its anchoring is, with a link to check it. A refusal
 * (a wrong type, too large, an unknown record, not this member's community) is shown in words.
 */
import { DOCUMENT_KINDS, RECORD_TYPES, VISIBILITIES, allowedVisibility, type DocumentKind, type RecordType, type Visibility } from "../../../domain/documents/kinds";
import { api } from "../api";
import { withSession } from "../auth";
import { busy, field, h, messageBox, replace } from "../dom";
import { documentLinkHash } from "../documentLink";
import { DOCUMENT_ACCEPT, documentLimit } from "./documentUploads";
import { errorText, t } from "../i18n";

const KINDS = Object.keys(DOCUMENT_KINDS) as DocumentKind[];
/** What a person enters for a record's id, by type (the community's own id needs none). */
const ID_HINT: Record<RecordType, string> = {
  community: "",
  proposal: "12",
  objection: "12/1",
  plan: "3",
  payment: "12884901889",
  statement: "1",
  "paper-ballot": "12/40",
  mandate: "12/40",
};

/** The form for community `communityId`. */
export function documentUploadForm(communityId: string): HTMLElement {
  const fileInput = h("input", { type: "file", accept: DOCUMENT_ACCEPT, testid: "upload-file" }) as HTMLInputElement;
  const kind = h("select", { testid: "upload-kind" }, KINDS.map((k) => h("option", { value: k }, t(`docs.kind.${k}`)))) as HTMLSelectElement;
  const recordType = h("select", { testid: "upload-record-type" }) as HTMLSelectElement;
  const recordId = h("input", { type: "text", inputmode: "numeric", autocomplete: "off", testid: "upload-record-id" }) as HTMLInputElement;
  const visibility = h("select", { testid: "upload-visibility" }) as HTMLSelectElement;
  const idField = field(t("upload.recordId"), recordId, t("upload.recordIdHint"));
  const submit = h("button", { type: "submit", class: "button", testid: "upload-submit" }, t("upload.submit"));
  // indeterminate while the file is sent (fetch reports no upload progress)
  const progress = h("progress", { hidden: true, testid: "upload-progress", "aria-label": t("upload.progress") }) as HTMLProgressElement;
  const msg = messageBox("upload-message");
  const result = h("div", { testid: "upload-result" });
  const limit = h("p", { class: "hint", testid: "upload-limit" });
  void documentLimit().then((max) => (limit.textContent = t("upload.limit", { mb: (max / 1024 / 1024).toFixed(0) })));

  const refresh = () => {
    const k = kind.value as DocumentKind;
    const types = DOCUMENT_KINDS[k].records as readonly RecordType[];
    const before = recordType.value;
    replace(recordType, ...types.map((r) => h("option", { value: r }, t(`docVerify.recordType.${r}`))));
    if (types.includes(before as RecordType)) recordType.value = before;
    const vs = VISIBILITIES.filter((v) => allowedVisibility(k, v));
    const vBefore = visibility.value;
    replace(visibility, ...vs.map((v) => h("option", { value: v }, t(`upload.visibility.${v}`))));
    if (vs.includes(vBefore as Visibility)) visibility.value = vBefore;
    refreshId();
  };
  const refreshId = () => {
    const r = recordType.value as RecordType;
    idField.hidden = r === "community";
    recordId.placeholder = ID_HINT[r];
  };
  kind.addEventListener("change", refresh);
  recordType.addEventListener("change", refreshId);
  refresh();

  const form = h(
    "form",
    { class: "stack", testid: "upload-form", novalidate: true },
    field(t("upload.file"), fileInput),
    limit,
    field(t("upload.kind"), kind),
    field(t("upload.recordType"), recordType),
    idField,
    field(t("upload.visibility"), visibility, t("upload.visibilityHint")),
    submit,
    progress,
    msg.el,
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    run();
  });
  const run = busy(submit, async () => {
    msg.clear();
    replace(result);
    const file = fileInput.files?.[0];
    if (!file) return msg.show(t("upload.noFile"), "error");
    if (file.size === 0) return msg.show(t("upload.empty"), "error");
    const max = await documentLimit();
    if (file.size > max) return msg.show(t("upload.tooLarge", { mb: (max / 1024 / 1024).toFixed(0) }), "error");
    const type = recordType.value as RecordType;
    const id = type === "community" ? communityId : recordId.value.trim();
    if (!RECORD_TYPES[type].test(id)) return msg.show(t("upload.badRecordId", { example: ID_HINT[type] }), "error");
    progress.hidden = false;
    try {
      const doc = await withSession((token) => api.uploadDocument(communityId, file, kind.value as DocumentKind, `${type}:${id}`, token, visibility.value as Visibility));
      msg.show(t("upload.done"), "ok");
      replace(
        result,
        h(
          "dl",
          { class: "facts", testid: "upload-facts", "data-sha256": doc.sha256 },
          h("dt", null, t("docVerify.sha256")),
          h("dd", null, h("code", { class: "wrap" }, doc.sha256)),
          h("dt", null, t("upload.anchoring")),
          h("dd", { testid: "upload-anchoring" }, t(`docs.anchoring.${doc.anchoring}`)),
        ),
        h("p", null, h("a", { href: documentLinkHash({ sha256: doc.sha256 as `0x${string}` }), testid: "upload-check-link" }, t("upload.check"))),
      );
      fileInput.value = "";
    } catch (err) {
      msg.show(errorText(err), "error");
    } finally {
      progress.hidden = true;
    }
  });

  return h("section", { class: "card", testid: "upload-card" }, h("h2", null, t("upload.title")), h("p", { class: "lead" }, t("upload.lead")), form, result);
}
