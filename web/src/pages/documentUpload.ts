/**
 * The document upload form of the committee console and the custodian's console: a file (PDF,
 * JPEG or PNG; the server judges the type from its content), its kind, the record it belongs to
 * and its visibility (the kind's own, or stricter: domain/documents/kinds.ts). The file is sent
 * with the signed-in session and its progress shown (a scan can be 20 MB on a slow line); the
 * answer names its fingerprint and where its anchoring is, with a link to check it. A refusal
 * (a wrong type, too large, an unknown record, not this member's community) is shown in words.
 */
import { DOCUMENT_KINDS, RECORD_TYPES, VISIBILITIES, allowedVisibility, type DocumentKind, type RecordType, type Visibility } from "../../../domain/documents/kinds";
import { api, ApiError, type Bilingual } from "../api";
import { withSession } from "../auth";
import { busy, field, h, messageBox, replace } from "../dom";
import { documentLinkHash } from "../documentLink";
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

export interface UploadedDocument {
  sha256: string;
  kind: string;
  anchoring: string;
  record: { type: string; id: string };
}

/** Uploads `file` for `record` ("type:id") of the community with the session's token; rejects with an ApiError. */
export function uploadDocument(
  communityId: string,
  file: File,
  o: { kind: DocumentKind; record: string; visibility?: Visibility },
  token: string,
  progress: (f: number) => void = () => undefined,
): Promise<UploadedDocument> {
  const q = new URLSearchParams({ kind: o.kind, record: o.record, ...(o.visibility ? { visibility: o.visibility } : {}) });
  return send(`/api/communities/${encodeURIComponent(communityId)}/documents?${q.toString()}`, file, token, progress);
}

/** POSTs the file with progress (0..1) reported; resolves with the stored document, rejects with an ApiError. */
function send(url: string, file: File, token: string, progress: (f: number) => void): Promise<UploadedDocument> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("authorization", `Bearer ${token}`);
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) progress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, "NETWORK", null));
    xhr.onload = () => {
      type Answer = { document?: UploadedDocument; error?: { code: string; message?: Bilingual; details?: unknown } };
      const body = ((): Answer | null => {
        try {
          return JSON.parse(xhr.responseText) as Answer;
        } catch {
          return null;
        }
      })();
      if ((xhr.status === 200 || xhr.status === 201) && body?.document) return resolve(body.document);
      reject(new ApiError(xhr.status, body?.error?.code ?? `HTTP_${xhr.status}`, body?.error?.message ?? null, body?.error?.details));
    };
    xhr.send(file);
  });
}

/** The form for community `communityId`. */
export function documentUploadForm(communityId: string): HTMLElement {
  const fileInput = h("input", { type: "file", accept: ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png", testid: "upload-file" }) as HTMLInputElement;
  const kind = h("select", { testid: "upload-kind" }, KINDS.map((k) => h("option", { value: k }, t(`docKind.${k}`)))) as HTMLSelectElement;
  const recordType = h("select", { testid: "upload-record-type" }) as HTMLSelectElement;
  const recordId = h("input", { type: "text", inputmode: "numeric", autocomplete: "off", testid: "upload-record-id" }) as HTMLInputElement;
  const visibility = h("select", { testid: "upload-visibility" }) as HTMLSelectElement;
  const idField = field(t("upload.recordId"), recordId, t("upload.recordIdHint"));
  const submit = h("button", { type: "submit", class: "button", testid: "upload-submit" }, t("upload.submit"));
  const progress = h("progress", { max: 1, value: 0, hidden: true, testid: "upload-progress", "aria-label": t("upload.progress") }) as HTMLProgressElement;
  const msg = messageBox("upload-message");
  const result = h("div", { testid: "upload-result" });
  let maxBytes: number | null = null;
  void api.config().then(
    (c) => {
      maxBytes = c.documentMaxBytes;
      limit.textContent = t("upload.limit", { mb: (c.documentMaxBytes / 1024 / 1024).toFixed(0) });
    },
    () => undefined,
  );
  const limit = h("p", { class: "hint", testid: "upload-limit" });

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
    if (maxBytes !== null && file.size > maxBytes) return msg.show(t("upload.tooLarge", { mb: (maxBytes / 1024 / 1024).toFixed(0) }), "error");
    const type = recordType.value as RecordType;
    const id = type === "community" ? communityId : recordId.value.trim();
    if (!RECORD_TYPES[type].test(id)) return msg.show(t("upload.badRecordId", { example: ID_HINT[type] }), "error");
    progress.hidden = false;
    progress.value = 0;
    try {
      const o = { kind: kind.value as DocumentKind, record: `${type}:${id}`, visibility: visibility.value as Visibility };
      const doc = await withSession((token) => uploadDocument(communityId, file, o, token, (f) => (progress.value = f)));
      msg.show(t("upload.done"), "ok");
      replace(
        result,
        h(
          "dl",
          { class: "facts", testid: "upload-facts", "data-sha256": doc.sha256 },
          h("dt", null, t("docVerify.sha256")),
          h("dd", null, h("code", { class: "wrap" }, doc.sha256)),
          h("dt", null, t("upload.anchoring")),
          h("dd", { testid: "upload-anchoring" }, t(`upload.anchoring.${doc.anchoring}`)),
        ),
        h("p", null, h("a", { href: documentLinkHash({ sha256: doc.sha256 as `0x${string}` }), testid: "upload-check-link" }, t("upload.check"))),
      );
      fileInput.value = "";
    } catch (err) {
      msg.show(err instanceof ApiError && err.code === "NETWORK" ? t("error.network") : errorText(err), "error");
    } finally {
      progress.hidden = true;
    }
  });

  return h("section", { class: "card", testid: "upload-card" }, h("h2", null, t("upload.title")), h("p", { class: "lead" }, t("upload.lead")), form, result);
}
