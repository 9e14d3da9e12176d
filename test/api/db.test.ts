/**
 * Storage layer: the same Prisma schema on embedded PGlite and on PostgreSQL.
 *
 * PostgreSQL: a database with a random name is created on TEST_PG_ADMIN_URL
 * (default postgresql://postgres@127.0.0.1:5432/postgres) and dropped afterwards.
 * The Prisma client is generated first if ledger-api/src/generated is missing.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { PGlite } from "@electric-sql/pglite";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
if (!fs.existsSync(path.join(root, "ledger-api/src/generated/prisma/client.ts"))) {
  const { runPrisma } = await import("../../ledger-api/prisma/prismaCli");
  const res = runPrisma(["generate"], { capture: true });
  if (res.status !== 0) throw new Error(`prisma generate failed:\n${res.stdout}\n${res.stderr}`);
}
const { openDatabase, resetDatabase, isUniqueViolation, INDEX_TABLES } = await import(
  "../../ledger-api/src/db/client"
);
const { applyMigrations, loadMigrations, MIGRATIONS_TABLE } = await import("../../ledger-api/src/db/migrate");
const { isDatabaseUnavailable } = await import("../../ledger-api/src/db/unavailable");
type Database = Awaited<ReturnType<typeof openDatabase>>;

const ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const ALL_MIGRATIONS = loadMigrations().map((m) => m.name);

function dbUrl(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function randomDbName(): string {
  return `ledger_test_${randomBytes(6).toString("hex")}`;
}

function unit(unitId: number, over: Partial<Record<string, unknown>> = {}) {
  return {
    communityId: 1n,
    unitId,
    buildingId: 1 + (unitId % 4),
    areaCm2: 8_500n + BigInt(unitId),
    areaSource: 0,
    kind: 0,
    developerHeld: false,
    label: `U-${unitId}`,
    ...over,
  };
}

interface Backend {
  name: "pglite" | "postgres";
  /** the PostgreSQL database's name */
  dbName?: string;
  setup(): Promise<void>;
  open(): Promise<Database>;
  teardown(): Promise<void>;
}

function pgliteBackend(): Backend {
  let dir = "";
  return {
    name: "pglite",
    async setup() {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "ledger-pglite-"));
    },
    open: () => openDatabase({ dataDir: path.join(dir, "db") }),
    async teardown() {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresBackend(): Backend {
  const name = randomDbName();
  let created = false;
  return {
    name: "postgres",
    dbName: name,
    async setup() {
      await adminQuery(`CREATE DATABASE "${name}"`);
      created = true;
    },
    open: () => openDatabase({ databaseUrl: dbUrl(name) }),
    async teardown() {
      if (created) await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

describe.each([pgliteBackend(), postgresBackend()])("storage on $name", (backend) => {
  let db: Database;

  beforeAll(async () => {
    await backend.setup();
  });

  afterAll(async () => {
    await db?.close();
    await backend.teardown();
  });

  it("applies the migrations to a fresh database", async () => {
    db = await backend.open();
    expect(db.kind).toBe(backend.name);
    expect(db.migrations.applied).toEqual(ALL_MIGRATIONS);
    const rows = await db.prisma.$queryRawUnsafe<{ name: string }[]>(
      `SELECT name FROM "${MIGRATIONS_TABLE}" ORDER BY name`,
    );
    expect(rows.map((r) => r.name)).toEqual(ALL_MIGRATIONS);
    expect(await db.prisma.unit.count()).toBe(0);
  });

  it("re-applying the migrations is a no-op", async () => {
    await db.close();
    db = await backend.open();
    expect(db.migrations).toEqual({ applied: [], skipped: ALL_MIGRATIONS });
    const rows = await db.prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${MIGRATIONS_TABLE}"`);
    expect(Number(rows[0].n)).toBe(ALL_MIGRATIONS.length);
  });

  it("stores and reads a Unit with a BigInt area", async () => {
    const big = 2n ** 62n + 12_345n; // far beyond Number.MAX_SAFE_INTEGER
    await db.prisma.unit.create({ data: unit(1, { areaCm2: big, buildingId: 1 }) });
    await db.prisma.unit.createMany({ data: [unit(2, { buildingId: 2 }), unit(3, { buildingId: 2 })] });
    const u = await db.prisma.unit.findUnique({ where: { communityId_unitId: { communityId: 1n, unitId: 1 } } });
    expect(u).not.toBeNull();
    expect(typeof u!.areaCm2).toBe("bigint");
    expect(u!.areaCm2).toBe(big);
    expect(u!.communityId).toBe(1n);
    const inBuilding2 = await db.prisma.unit.findMany({
      where: { communityId: 1n, buildingId: 2 },
      orderBy: { unitId: "asc" },
    });
    expect(inBuilding2.map((x) => x.unitId)).toEqual([2, 3]);
  });

  it("round-trips Json; a bigint inside Json comes back as a string", async () => {
    await db.prisma.chainLog.create({
      data: {
        blockNumber: 10n,
        logIndex: 0,
        txHash: "0xaa",
        address: "0xbb",
        eventName: "UnitRegistered",
        args: { unitId: 1, label: "A", nested: { list: [1, "two", null, true] }, amount: 5n } as never,
      },
    });
    const log = await db.prisma.chainLog.findUniqueOrThrow({
      where: { blockNumber_logIndex: { blockNumber: 10n, logIndex: 0 } },
    });
    expect(log.args).toEqual({ unitId: 1, label: "A", nested: { list: [1, "two", null, true] }, amount: "5" });
  });

  it("reports a duplicate RelayJob digest as Prisma error P2002", async () => {
    const job = { digest: "0xd1", kind: "ballot", payload: { entryId: 3 }, status: "accepted", proposalId: 7n };
    const first = await db.prisma.relayJob.create({ data: job });
    expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
    let caught: unknown;
    try {
      await db.prisma.relayJob.create({ data: job });
    } catch (err) {
      caught = err;
    }
    expect(isUniqueViolation(caught)).toBe(true);
    expect((caught as { code?: string }).code).toBe("P2002");

    // inside an interactive transaction too (rolled back as a whole)
    let caughtInTx: unknown;
    try {
      await db.prisma.$transaction(async (tx) => {
        await tx.relayJob.create({ data: { ...job, digest: "0xd2" } });
        await tx.relayJob.create({ data: job });
      });
    } catch (err) {
      caughtInTx = err;
    }
    expect((caughtInTx as { code?: string }).code).toBe("P2002");
    expect(await db.prisma.relayJob.count({ where: { digest: "0xd2" } })).toBe(0);
  });

  it("resetDatabase empties the index tables, keeping queues, documents and sessions unless told", async () => {
    await db.prisma.document.create({ data: { hash: "0x01", kind: "proposal", body: "text" } });
    await db.prisma.authSession.create({ data: { tokenHash: "0xaa", address: "0x01", expiresAt: new Date(Date.now() + 60_000) } });
    await db.prisma.authNonce.create({ data: { nonce: "abcdefgh1234", expiresAt: new Date(Date.now() + 60_000) } });
    await db.prisma.indexCursor.create({ data: { name: "main", blockNumber: 10n, blockHash: "0xcc" } });
    expect(await db.prisma.unit.count()).toBeGreaterThan(0);

    await resetDatabase(db.prisma);
    for (const table of INDEX_TABLES) {
      const rows = await db.prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${table}"`);
      expect(Number(rows[0].n), table).toBe(0);
    }
    expect(await db.prisma.relayJob.count()).toBe(1);
    expect(await db.prisma.document.count()).toBe(1);
    expect(await db.prisma.authSession.count()).toBe(1);
    expect(await db.prisma.authNonce.count()).toBe(1);

    await resetDatabase(db.prisma, { keepQueues: false, keepDocuments: false, keepSessions: false });
    expect(await db.prisma.relayJob.count()).toBe(0);
    expect(await db.prisma.document.count()).toBe(0);
    expect(await db.prisma.authSession.count()).toBe(0);
    // migrations bookkeeping is never touched
    const rows = await db.prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${MIGRATIONS_TABLE}"`);
    expect(Number(rows[0].n)).toBe(ALL_MIGRATIONS.length);
  });

  it("inserts 1,000 rows with createMany", async () => {
    const data = Array.from({ length: 1000 }, (_, i) => unit(1000 + i));
    const t0 = performance.now();
    const res = await db.prisma.unit.createMany({ data });
    const ms = performance.now() - t0;
    console.log(`[${backend.name}] createMany of 1,000 Unit rows: ${ms.toFixed(0)} ms`);
    expect(res.count).toBe(1000);
    expect(await db.prisma.unit.count()).toBe(1000);
  });

  if (backend.name === "pglite") {
    it("PGlite data persists after close and reopen", async () => {
      await db.prisma.unit.create({ data: unit(99_999, { areaCm2: 123_456_789_012n }) });
      await db.close();
      db = await backend.open();
      const u = await db.prisma.unit.findUniqueOrThrow({
        where: { communityId_unitId: { communityId: 1n, unitId: 99_999 } },
      });
      expect(u.areaCm2).toBe(123_456_789_012n);
      expect(await db.prisma.unit.count()).toBe(1001);
    });

    it("applyMigrations on a raw PGlite handle is idempotent", async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ledger-pglite-raw-"));
      const pglite = new PGlite(dir);
      try {
        expect((await applyMigrations(pglite)).applied).toEqual(ALL_MIGRATIONS);
        expect((await applyMigrations(pglite)).applied).toEqual([]);
      } finally {
        await pglite.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  } else {
    it("gives a connection back when the server drops it inside a transaction: after more drops than the pool holds, queries still run and close() returns", async () => {
      const admin = new pg.Client({ connectionString: ADMIN_URL });
      await admin.connect();
      const own = await openDatabase({ databaseUrl: dbUrl(backend.dbName!) });
      try {
        for (let i = 0; i < 12; i++) {
          // pg's default pool holds 10 connections: each drop that kept its connection would use one up.
          const dropped = own.prisma.$transaction(async (tx) => {
            const [{ pid }] = await tx.$queryRawUnsafe<{ pid: number }[]>("SELECT pg_backend_pid() AS pid");
            await admin.query("SELECT pg_terminate_backend($1)", [pid]);
            await tx.$executeRawUnsafe("SELECT 1");
          });
          const err = await dropped.then(() => null, (e: unknown) => e);
          // Answered 503 with a retry hint (the API's onError), not 500.
          expect(isDatabaseUnavailable(err), String(err)).toBe(true);
        }
        // A query that is wrong is not the database being away.
        const job = { digest: "0xdup", kind: "ballot", payload: {}, status: "accepted", proposalId: 7n };
        await own.prisma.relayJob.create({ data: job });
        const duplicate = await own.prisma.relayJob.create({ data: job }).then(() => null, (e: unknown) => e);
        expect(isUniqueViolation(duplicate) && !isDatabaseUnavailable(duplicate)).toBe(true);
        // With every connection kept by a dropped transaction, this would fail after the pool's 10 s wait.
        expect(await own.prisma.unit.count()).toBeGreaterThanOrEqual(0);
      } finally {
        await own.close();
        await admin.end();
      }
    }, 60_000);

    it("concurrent runners on PostgreSQL apply each migration exactly once", async () => {
      const name = randomDbName();
      await adminQuery(`CREATE DATABASE "${name}"`);
      const clients = [0, 1, 2].map(() => new pg.Client({ connectionString: dbUrl(name) }));
      try {
        await Promise.all(clients.map((c) => c.connect()));
        const results = await Promise.all(clients.map((c) => applyMigrations(c)));
        expect(results.flatMap((r) => r.applied).sort()).toEqual(ALL_MIGRATIONS);
        expect((await applyMigrations(clients[0])).applied).toEqual([]);
      } finally {
        await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
        await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      }
    });
  }
});
