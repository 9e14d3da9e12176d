/**
 * The document store: files kept once by their SHA-256 content hash, behind an interface that
 * any backend implements. The local-disk store is the default (DOCUMENT_STORE=local, files under
 * DOCUMENT_DIR, by default `documents` in the data folder); an S3-compatible store would
 * implement the same interface (not built here).
 *
 * `put` streams the body to a temporary file in the store's own folder while hashing it in one
 * pass (SHA-256, the store's key, and keccak256, the hash on-chain records carry),
 * then renames it to its hash (atomic on one file system). A refusal while streaming (too large,
 * the client gone, a check by the caller) removes the temporary file: nothing is left behind.
 */
import { keccak_256 } from "@noble/hashes/sha3";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Hex } from "viem";

export interface StoredFile {
  /** SHA-256 of the content, lowercase 0x-hex */
  sha256: Hex;
  /**
   * keccak256 of the content, lowercase 0x-hex: the hash the chain's records carry for a file
   * (a payment's invoiceHash, a paper ballot's scanHash), computed in the same pass
   */
  keccak256: Hex;
  size: number;
  /** the first bytes of the content (for its media type), at most 16 */
  head: Uint8Array;
}

/** A put not yet committed: the caller checks it, then keeps it (commit) or drops it (discard). */
export interface PendingPut extends StoredFile {
  commit(): Promise<void>;
  discard(): Promise<void>;
}

export class TooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the file is larger than ${maxBytes} bytes`);
    this.name = "TooLargeError";
  }
}

export interface DocumentStore {
  /** Streams `body` in, hashing it once; refuses (TooLargeError) past maxBytes, leaving nothing. */
  put(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<PendingPut>;
  /** The file's content as a stream, or null when the store does not have it. */
  get(sha256: string): Promise<ReadableStream<Uint8Array> | null>;
  has(sha256: string): Promise<boolean>;
  delete(sha256: string): Promise<void>;
  /** Names every file the store holds (for the audit). */
  list(): Promise<string[]>;
}

const HASH = /^0x[0-9a-f]{64}$/;
const TEMP_PREFIX = ".upload-";

export class LocalDiskStore implements DocumentStore {
  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
  }

  /** Where the file of `sha256` lives (sha256 is checked: no path can be named). */
  pathOf(sha256: string): string {
    const h = sha256.toLowerCase();
    if (!HASH.test(h)) throw new RangeError(`not a SHA-256 hash: ${sha256}`);
    return path.join(this.dir, h.slice(2));
  }

  async put(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<PendingPut> {
    const temp = path.join(this.dir, `${TEMP_PREFIX}${randomBytes(12).toString("hex")}`);
    // Opened (and created) before anything else, so that a refusal can never race the file's creation.
    const file = await fs.promises.open(temp, "wx");
    const hash = createHash("sha256");
    const keccak = keccak_256.create();
    const head = new Uint8Array(16);
    let size = 0;
    try {
      if (body) {
        const reader = body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          if (size < head.length) head.set(value.subarray(0, head.length - size), size);
          size += value.byteLength;
          if (size > maxBytes) {
            await reader.cancel().catch(() => undefined);
            throw new TooLargeError(maxBytes);
          }
          hash.update(value);
          keccak.update(value);
          await file.write(value);
        }
      }
      await file.close();
    } catch (err) {
      await file.close().catch(() => undefined);
      await fs.promises.rm(temp, { force: true });
      throw err;
    }
    const sha256 = `0x${hash.digest("hex")}` as Hex;
    const final = this.pathOf(sha256);
    return {
      sha256,
      keccak256: `0x${Buffer.from(keccak.digest()).toString("hex")}` as Hex,
      size,
      head: head.slice(0, Math.min(size, head.length)),
      commit: async () => {
        // Stored once: an existing file of this hash has these bytes already.
        if (fs.existsSync(final)) await fs.promises.rm(temp, { force: true });
        else await fs.promises.rename(temp, final);
      },
      discard: () => fs.promises.rm(temp, { force: true }),
    };
  }

  async get(sha256: string): Promise<ReadableStream<Uint8Array> | null> {
    const p = this.pathOf(sha256);
    if (!fs.existsSync(p)) return null;
    const { Readable } = await import("node:stream");
    return Readable.toWeb(fs.createReadStream(p)) as ReadableStream<Uint8Array>;
  }

  async has(sha256: string): Promise<boolean> {
    return fs.existsSync(this.pathOf(sha256));
  }

  async delete(sha256: string): Promise<void> {
    await fs.promises.rm(this.pathOf(sha256), { force: true });
  }

  async list(): Promise<string[]> {
    return (await fs.promises.readdir(this.dir)).filter((n) => /^[0-9a-f]{64}$/.test(n)).map((n) => `0x${n}`);
  }
}

/** The store's configuration (DOCUMENT_STORE, DOCUMENT_DIR). */
export interface DocumentStoreOptions {
  /** "local" (default); another value is refused until its store exists */
  kind?: string;
  /** the local store's folder (default: `documents` beside the database's data folder) */
  dir?: string;
}

export function openDocumentStore(o: DocumentStoreOptions, defaultDir: string): DocumentStore {
  const kind = o.kind ?? "local";
  if (kind !== "local") throw new Error(`DOCUMENT_STORE=${kind}: only "local" is built (an S3-compatible store would implement DocumentStore)`);
  return new LocalDiskStore(path.resolve(o.dir ?? defaultDir));
}

/** The media type from the content's first bytes (PDF, JPEG, PNG), or null for anything else. */
export function mediaTypeOf(head: Uint8Array): "application/pdf" | "image/jpeg" | "image/png" | null {
  const starts = (sig: number[]) => sig.every((b, i) => head[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return "application/pdf";
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  return null;
}
