/**
 * The files a committee member chooses in a form are kept: before the form's draft is sent, each
 * chosen file goes to the document store (POST /api/communities/{id}/documents, the session the
 * form already uses) for the record it supports, so that the file whose keccak256 the draft puts
 * on chain can be read and proven later (the record's documents, its proof bundle). A refusal
 * (not a PDF, JPEG or PNG, too large, no right to upload) stops the form: nothing is drafted.
 */
import { api, type DocumentKindName } from "../api";
import { withSession } from "../auth";
import { t } from "../i18n";

/** The largest file the store takes by default (DOCUMENT_MAX_BYTES, 20 MB), until /api/config says. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
let maxBytes = DEFAULT_MAX_DOCUMENT_BYTES;
let asked: Promise<number> | null = null;

/** The store's limit as /api/config gives it (DOCUMENT_MAX_BYTES); asked once, the default if it cannot be read. */
export function documentLimit(): Promise<number> {
  asked ??= api.config().then(
    (c) => (maxBytes = c.documentMaxBytes),
    () => maxBytes,
  );
  return asked;
}

/** The limit known now (the default until documentLimit has answered). */
export const maxDocumentBytes = (): number => maxBytes;

/** What goes on the input's `accept`: the types the store takes (it judges the content, not this). */
export const DOCUMENT_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png";

/** One chosen file, what it is and the record it is kept for (`type:id`). */
export interface KeptFile {
  readonly file: Blob;
  readonly kind: DocumentKindName;
  readonly record: string;
  /** the words naming it in the form (发票, 纸质票扫描件 …) */
  readonly what: string;
}

/** A refusal of one file's upload: which file, and the API's refusal (`refusal`). */
export class UploadRefused extends Error {
  constructor(
    readonly what: string,
    readonly refusal: unknown,
  ) {
    super(`upload of ${what} refused`);
    this.name = "UploadRefused";
  }
}

/**
 * Uploads the files one after another, saying which one is being sent (`progress`); the first
 * refusal is thrown as UploadRefused and the files after it are not sent. A file already kept for
 * the same record is answered 200 with its metadata: sending a form again is harmless.
 */
export async function uploadFiles(communityId: string, files: readonly KeptFile[], progress: (text: string) => void): Promise<void> {
  for (const [i, f] of files.entries()) {
    progress(t("upload.uploading", { what: f.what, n: i + 1, total: files.length }));
    try {
      await withSession((token) => api.uploadDocument(communityId, f.file, f.kind, f.record, token));
    } catch (err) {
      throw new UploadRefused(f.what, err);
    }
  }
}
