/**
 * The demo's documents as real files: each invoice, quote, contract, acceptance report, bank
 * record and statement the seed puts a hash of on chain is a small one-page PDF, its hash
 * keccak256 of those bytes (as the committee console fingerprints a chosen file). `npm start`
 * keeps them in the document store for the community (record `community:<id>`), where each one
 * joins the record that carries its hash on chain, and is anchored like any uploaded file.
 */
import { keccak256, type Hex } from "viem";
import type { DocumentKind } from "../../domain/documents";
import { isUniqueViolation } from "../../ledger-api/src/db/client";
import type { LedgerContext } from "../../ledger-api/src/context";

/** Who the demo's files say uploaded them (no one signed in: the seed kept them). */
export const DEMO_UPLOADER = "demo-seed";

export interface DemoFile {
  readonly kind: DocumentKind;
  /** the one line the page says (ASCII: the PDF uses a standard font) */
  readonly title: string;
}

/** A minimal, valid one-page A4 PDF that says `title` (byte offsets in its cross-reference table exact). */
export function demoPdf(title: string): Uint8Array<ArrayBuffer> {
  const text = title.replace(/[^\x20-\x7e]/g, "?").replace(/([\\()])/g, "\\$1");
  const stream = `BT /F1 18 Tf 56 760 Td (${text}) Tj ET\nBT /F1 11 Tf 56 730 Td (Community Ledger demo document) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(new TextEncoder().encode(out));
}

/** The hash the seed puts on chain for a demo file. */
export function demoFileHash(f: DemoFile): Hex {
  return keccak256(demoPdf(f.title));
}

/** Keeps the demo's files in the store for the community, once (a second start finds them there). */
export async function storeDemoFiles(ctx: Pick<LedgerContext, "prisma" | "documents">, communityId: bigint, files: readonly DemoFile[], uploader: string): Promise<number> {
  let stored = 0;
  for (const f of files) {
    const bytes = demoPdf(f.title);
    const pending = await ctx.documents.store.put(new Blob([bytes]).stream(), ctx.documents.maxBytes);
    const where = { sha256_communityId_recordType_recordId: { sha256: pending.sha256, communityId, recordType: "community", recordId: communityId.toString() } };
    if (await ctx.prisma.storedDocument.findUnique({ where })) {
      await pending.discard();
      continue;
    }
    await pending.commit();
    try {
      await ctx.prisma.storedDocument.create({
        data: {
          sha256: pending.sha256,
          keccak256: pending.keccak256,
          size: pending.size,
          mediaType: "application/pdf",
          kind: f.kind,
          communityId,
          recordType: "community",
          recordId: communityId.toString(),
          visibility: f.kind === "bank-record" ? "owners" : "public",
          uploader: uploader.toLowerCase(),
        },
      });
      stored++;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }
  if (stored > 0) ctx.documents.anchorer.notify();
  return stored;
}
