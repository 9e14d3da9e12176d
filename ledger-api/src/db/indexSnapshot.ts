/**
 * The index's content in a canonical form, to compare two indexes of one chain (the live one and
 * a fresh rebuild): every row of every index table as JSON text, sorted. The cursor is left out
 * (two indexes may stop at different empty blocks).
 */
import type { PrismaClient } from "../generated/prisma/client";
import { INDEX_TABLES } from "./client";

export type IndexSnapshot = Record<string, string[]>;

export async function indexSnapshot(prisma: PrismaClient): Promise<IndexSnapshot> {
  const out: IndexSnapshot = {};
  for (const table of INDEX_TABLES) {
    if (table === "IndexCursor") continue;
    const rows = await prisma.$queryRawUnsafe<{ j: string }[]>(`SELECT row_to_json(t)::text AS j FROM "${table}" t ORDER BY 1`);
    out[table] = rows.map((r) => r.j);
  }
  return out;
}

/** Tables whose rows differ between two snapshots, with a count of rows only on each side. */
export function diffSnapshots(a: IndexSnapshot, b: IndexSnapshot): { table: string; onlyA: number; onlyB: number }[] {
  const diffs: { table: string; onlyA: number; onlyB: number }[] = [];
  for (const table of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const sa = new Set(a[table] ?? []);
    const sb = new Set(b[table] ?? []);
    const onlyA = [...sa].filter((r) => !sb.has(r)).length;
    const onlyB = [...sb].filter((r) => !sa.has(r)).length;
    if (onlyA > 0 || onlyB > 0) diffs.push({ table, onlyA, onlyB });
  }
  return diffs;
}
