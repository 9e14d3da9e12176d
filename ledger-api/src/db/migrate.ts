/**
 * Applies the SQL migrations in ledger-api/prisma/migrations/<NNNN>_<name>/migration.sql,
 * in folder-name order, each inside its own transaction, recording every applied
 * migration in `_ledger_migrations(name text primary key, applied_at timestamptz)`.
 *
 * Works on an embedded PGlite database (its `exec`/`transaction` API) and on a
 * PostgreSQL server (a connected `pg` Client; not a Pool: BEGIN…COMMIT must run
 * on one connection). Prisma's own `migrate deploy` cannot be used here: the
 * native schema engine cannot be downloaded and the WebAssembly one fails on
 * PostgreSQL.
 *
 * Concurrent runners (two API processes starting against one PostgreSQL) are
 * serialised by a transaction-scoped advisory lock; each re-checks the table
 * under the lock, so a migration is never applied twice.
 *
 * Bundle safety: by default the folder is found relative to this file
 * (`../../prisma/migrations`). A bundler moves this file, so a bundled build
 * must pass `migrationsDir` (or the migrations themselves via `migrations`), or
 * set LEDGER_MIGRATIONS_DIR.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PGlite } from "@electric-sql/pglite";
import type { ClientBase } from "pg";

export const MIGRATIONS_TABLE = "_ledger_migrations";
/** Arbitrary constant key for pg_advisory_xact_lock, private to this runner. */
const LOCK_KEY = 0x1ed9e3a6;
const MIGRATION_DIR_RE = /^\d{4}_[a-z0-9_]+$/;

export interface Migration {
  /** folder name, e.g. "0001_init"; the key recorded in _ledger_migrations */
  name: string;
  sql: string;
}

/** The minimal surface the runner needs; see `pgliteExecutor` and `pgExecutor`. */
export interface MigrationExecutor {
  /** Runs `fn` inside one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: MigrationTx) => Promise<T>): Promise<T>;
}
export interface MigrationTx {
  /** A script of one or more statements, without parameters. */
  exec(sql: string): Promise<void>;
  /** One statement with $1… parameters. */
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
}

export function defaultMigrationsDir(): string {
  if (process.env.LEDGER_MIGRATIONS_DIR) return path.resolve(process.env.LEDGER_MIGRATIONS_DIR);
  return fileURLToPath(new URL("../../prisma/migrations/", import.meta.url));
}

/** Reads <dir>/<NNNN>_<name>/migration.sql, sorted by folder name. */
export function loadMigrations(dir: string = defaultMigrationsDir()): Migration[] {
  if (!fs.existsSync(dir)) throw new Error(`migrations folder not found: ${dir}`);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && MIGRATION_DIR_RE.test(d.name))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const file = path.join(dir, name, "migration.sql");
      if (!fs.existsSync(file)) throw new Error(`${file} is missing`);
      return { name, sql: fs.readFileSync(file, "utf8") };
    });
}

export function pgliteExecutor(db: PGlite): MigrationExecutor {
  return {
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          exec: async (sql) => {
            await tx.exec(sql);
          },
          query: async <R>(sql: string, params?: unknown[]) => (await tx.query<R>(sql, params)).rows,
        }),
      ),
  };
}

/** `client` must be connected and not in a transaction; it is not closed. */
export function pgExecutor(client: ClientBase): MigrationExecutor {
  return {
    async transaction(fn) {
      await client.query("BEGIN");
      try {
        const out = await fn({
          exec: async (sql) => {
            await client.query(sql); // no params → simple protocol → multi-statement OK
          },
          query: async <R>(sql: string, params?: unknown[]) =>
            (await client.query(sql, params as unknown[])).rows as R[],
        });
        await client.query("COMMIT");
        return out;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw err;
      }
    },
  };
}

function isPGlite(x: unknown): x is PGlite {
  return typeof x === "object" && x !== null && "exec" in x && "transaction" in x && "waitReady" in x;
}
function isPgClient(x: unknown): x is ClientBase {
  return typeof x === "object" && x !== null && "query" in x && "connect" in x && !("transaction" in x);
}

export interface ApplyMigrationsOptions {
  /** Folder holding <NNNN>_<name>/migration.sql; default: defaultMigrationsDir(). */
  migrationsDir?: string;
  /** Use these instead of reading a folder (e.g. migrations embedded in a bundle). */
  migrations?: Migration[];
  log?: (message: string) => void;
}

export interface ApplyMigrationsResult {
  applied: string[];
  skipped: string[];
}

/**
 * Applies every migration not yet recorded. `target` is a PGlite instance, a
 * connected pg Client, or any MigrationExecutor.
 */
export async function applyMigrations(
  target: PGlite | ClientBase | MigrationExecutor,
  options: ApplyMigrationsOptions = {},
): Promise<ApplyMigrationsResult> {
  if (typeof target === "object" && target !== null && "totalCount" in target) {
    throw new Error("applyMigrations needs a single connected pg Client, not a Pool (BEGIN/COMMIT must share a connection)");
  }
  const executor: MigrationExecutor = isPGlite(target)
    ? pgliteExecutor(target)
    : isPgClient(target)
      ? pgExecutor(target)
      : (target as MigrationExecutor);
  const migrations = options.migrations ?? loadMigrations(options.migrationsDir);
  const names = new Set<string>();
  for (const m of migrations) {
    if (names.has(m.name)) throw new Error(`duplicate migration name ${m.name}`);
    names.add(m.name);
  }

  await executor.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [LOCK_KEY]);
    await tx.exec(
      `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
  });

  const result: ApplyMigrationsResult = { applied: [], skipped: [] };
  for (const m of migrations) {
    const didApply = await executor.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock($1)", [LOCK_KEY]);
      const done = await tx.query(`SELECT 1 FROM "${MIGRATIONS_TABLE}" WHERE name = $1`, [m.name]);
      if (done.length > 0) return false;
      await tx.exec(m.sql);
      await tx.query(`INSERT INTO "${MIGRATIONS_TABLE}" (name, applied_at) VALUES ($1, now())`, [m.name]);
      return true;
    });
    (didApply ? result.applied : result.skipped).push(m.name);
    if (didApply) options.log?.(`applied migration ${m.name}`);
  }
  return result;
}
