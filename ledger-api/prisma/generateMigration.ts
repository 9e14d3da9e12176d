/**
 * Writes the next SQL migration for schema.prisma, offline.
 *
 *   npm run db:migration -- <name> [--allow-empty]
 *
 * Each migration folder ledger-api/prisma/migrations/<NNNN>_<name>/ holds
 *   migration.sql           — what src/db/migrate.ts applies, in folder order;
 *   schema.prisma.snapshot  — schema.prisma as it was when that SQL was made.
 * The next migration is the diff from the latest snapshot (or from nothing) to
 * the current schema.prisma, computed by `prisma migrate diff … --script` with
 * the WebAssembly schema engine: no database and no network needed.
 *
 * Review the SQL before committing it; never edit an applied migration, write
 * a new one instead (migrate.ts records applied migrations by folder name).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { prismaDir, runPrisma, schemaPath } from "./prismaCli";

export const migrationsDir = path.join(prismaDir, "migrations");
export const SNAPSHOT_FILE = "schema.prisma.snapshot";
const MIGRATION_DIR_RE = /^(\d{4})_[a-z0-9_]+$/;

export function listMigrationDirs(dir = migrationsDir): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && MIGRATION_DIR_RE.test(d.name))
    .map((d) => d.name)
    .sort();
}

/** True when `prisma migrate diff --script` found nothing to do. */
function isEmptyDiff(sql: string): boolean {
  const meaningful = sql
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("--"));
  return meaningful.length === 0;
}

export function generateMigration(rawName: string, opts: { allowEmpty?: boolean } = {}): string | null {
  const name = rawName
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!name) throw new Error("migration name must contain letters or digits");

  const existing = listMigrationDirs();
  const last = existing.at(-1);
  const nextNumber = last ? Number(last.slice(0, 4)) + 1 : 1;
  const dirName = `${String(nextNumber).padStart(4, "0")}_${name}`;

  let from: string[];
  if (last) {
    const snapshot = path.join(migrationsDir, last, SNAPSHOT_FILE);
    if (!fs.existsSync(snapshot)) {
      throw new Error(`${snapshot} is missing: cannot diff against the previous migration`);
    }
    from = ["--from-schema-datamodel", snapshot];
  } else {
    from = ["--from-empty"];
  }

  const res = runPrisma(["migrate", "diff", ...from, "--to-schema-datamodel", schemaPath, "--script"], {
    capture: true,
  });
  if (res.status !== 0) {
    process.stderr.write(res.stderr);
    throw new Error(`prisma migrate diff failed with exit code ${res.status}`);
  }
  const sql = res.stdout;
  if (isEmptyDiff(sql) && !opts.allowEmpty) {
    console.log("schema.prisma has not changed since the last migration: nothing written.");
    return null;
  }

  const target = path.join(migrationsDir, dirName);
  fs.mkdirSync(target, { recursive: true });
  fs.writeFileSync(path.join(target, "migration.sql"), sql.endsWith("\n") ? sql : `${sql}\n`);
  fs.copyFileSync(schemaPath, path.join(target, SNAPSHOT_FILE));
  console.log(`wrote ${path.relative(process.cwd(), path.join(target, "migration.sql"))}`);
  return target;
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const args = process.argv.slice(2);
  const allowEmpty = args.includes("--allow-empty");
  const names = args.filter((a) => !a.startsWith("--"));
  if (names.length !== 1) {
    console.error("usage: npm run db:migration -- <name> [--allow-empty]");
    process.exit(2);
  }
  try {
    generateMigration(names[0], { allowEmpty });
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
