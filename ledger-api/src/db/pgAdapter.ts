/**
 * `@prisma/adapter-pg@6.19` with interactive transactions that always give their connection back.
 *
 * Prisma 6.19 ends an interactive transaction by sending COMMIT (or ROLLBACK) through the
 * transaction and then calling its `commit()` (or `rollback()`), which is what returns the pg
 * client to the pool. When that statement fails, because the server dropped the connection
 * (a restart, a failover, `pg_terminate_backend`), the second call is never made: the client
 * stays checked out for ever. Each such loss shrinks the pool by one until every query waits
 * for a connection that never comes, and `pool.end()` waits for it too (measured: the
 * `db-dropped` fault scenario stopped progressing, then its shutdown hung).
 *
 * This wrapper gives the client back whenever the closing statement fails. After a failed COMMIT
 * PostgreSQL has ended the transaction, and a client whose connection is gone is dropped by the
 * pool rather than lent again, so no later user of the client finds a transaction open.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory } from "@prisma/client/runtime/client";
import type pg from "pg";

type SqlDriverAdapter = Awaited<ReturnType<SqlDriverAdapterFactory["connect"]>>;
type Transaction = Awaited<ReturnType<SqlDriverAdapter["startTransaction"]>>;
type Query = Parameters<Transaction["executeRaw"]>[0];

const CLOSING = /^\s*(COMMIT|ROLLBACK)\s*$/i;

/** A transaction whose connection goes back to the pool once, however it ends. */
export function closingTransaction(tx: Transaction): Transaction {
  let released = false;
  const releaseOnce = async (how: "commit" | "rollback") => {
    if (released) return;
    released = true;
    await (how === "commit" ? tx.commit() : tx.rollback());
  };
  return {
    get provider() {
      return tx.provider;
    },
    get adapterName() {
      return tx.adapterName;
    },
    get options() {
      return tx.options;
    },
    queryRaw: (query: Query) => tx.queryRaw(query),
    executeRaw: async (query: Query) => {
      try {
        return await tx.executeRaw(query);
      } catch (err) {
        // Prisma will not call commit()/rollback() after this: give the client back now.
        if (CLOSING.test(query.sql)) await releaseOnce("rollback");
        throw err;
      }
    },
    commit: () => releaseOnce("commit"),
    rollback: () => releaseOnce("rollback"),
  };
}

function withClosingTransactions(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return new Proxy(adapter, {
    get(obj, prop, receiver) {
      if (prop === "startTransaction") {
        return async (...args: Parameters<SqlDriverAdapter["startTransaction"]>) => closingTransaction(await obj.startTransaction(...args));
      }
      const value: unknown = Reflect.get(obj, prop, receiver);
      return typeof value === "function" ? value.bind(obj) : value;
    },
  });
}

/** Drop-in replacement for `new PrismaPg(pool)`. */
export class LedgerPgAdapterFactory implements SqlDriverAdapterFactory {
  readonly provider = "postgres" as const;
  readonly adapterName: string;
  private readonly inner: PrismaPg;

  constructor(pool: pg.Pool) {
    this.inner = new PrismaPg(pool);
    this.adapterName = this.inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    return withClosingTransactions(await this.inner.connect());
  }
}
