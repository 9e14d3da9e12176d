/**
 * `pglite-prisma-adapter@0.6.1` with PostgreSQL error codes translated.
 *
 * The upstream adapter reports every database error as
 * `DriverAdapterError { kind: "postgres", code: "23505", … }`. Prisma 6.19 only
 * turns errors of known kinds (UniqueConstraintViolation, …) into
 * PrismaClientKnownRequestError with a P-code; a "postgres" kind reaches the
 * caller as a raw DriverAdapterError. `@prisma/adapter-pg` does that mapping
 * itself, so without this wrapper a duplicate `RelayJob.digest` would be P2002
 * on PostgreSQL but an untyped error on PGlite. This wrapper rewrites the error
 * kind the same way adapter-pg does (same codes, same fields), for queries run
 * directly and inside interactive transactions.
 */
import type { PGlite } from "@electric-sql/pglite";
import type { SqlDriverAdapterFactory } from "@prisma/client/runtime/client";
import { PrismaPGlite } from "pglite-prisma-adapter";

type SqlDriverAdapter = Awaited<ReturnType<SqlDriverAdapterFactory["connect"]>>;

type PgErrorCause = {
  kind: string;
  code?: string;
  message?: string;
  detail?: string;
  column?: string;
  [k: string]: unknown;
};

/** Same translation as @prisma/adapter-pg's mapDriverError (6.19). */
export function mapPostgresError(cause: PgErrorCause): Record<string, unknown> | null {
  const message = cause.message ?? "";
  const keyFields = () => cause.detail?.match(/Key \(([^)]+)\)/)?.at(1)?.split(", ");
  const quoted = () => message.split(" ").at(1)?.split('"').at(1);
  switch (cause.code) {
    case "22001":
      return { kind: "LengthMismatch", column: cause.column };
    case "22003":
      return { kind: "ValueOutOfRange", cause: message };
    case "23505": {
      const fields = keyFields();
      return { kind: "UniqueConstraintViolation", constraint: fields ? { fields } : undefined };
    }
    case "23502": {
      const fields = keyFields() ?? (cause.column ? [cause.column] : undefined);
      return { kind: "NullConstraintViolation", constraint: fields ? { fields } : undefined };
    }
    case "23503":
      return {
        kind: "ForeignKeyConstraintViolation",
        constraint: cause.column ? { fields: [cause.column] } : undefined,
      };
    case "40001":
      return { kind: "TransactionWriteConflict" };
    case "42P01":
      return { kind: "TableDoesNotExist", table: quoted() };
    case "42703":
      return { kind: "ColumnNotFound", column: quoted() };
    default:
      return null;
  }
}

function translate(err: unknown): unknown {
  if (
    err instanceof Error &&
    err.name === "DriverAdapterError" &&
    typeof (err as { cause?: unknown }).cause === "object" &&
    (err as { cause: PgErrorCause }).cause?.kind === "postgres"
  ) {
    const cause = (err as { cause: PgErrorCause }).cause;
    const mapped = mapPostgresError(cause);
    if (mapped) {
      (err as { cause: unknown }).cause = { originalCode: cause.code, originalMessage: cause.message, ...mapped };
    }
  }
  return err;
}

const QUERY_METHODS = new Set(["queryRaw", "executeRaw", "executeScript"]);

/** Wraps queryRaw/executeRaw/executeScript; wraps the Transaction that startTransaction resolves to. */
function wrapQueryable<T extends object>(target: T): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value !== "function") return value;
      if (QUERY_METHODS.has(prop as string)) {
        return async (...args: unknown[]) => {
          try {
            return await value.apply(obj, args);
          } catch (err) {
            throw translate(err);
          }
        };
      }
      if (prop === "startTransaction") {
        return async (...args: unknown[]) => {
          try {
            return wrapQueryable(await value.apply(obj, args));
          } catch (err) {
            throw translate(err);
          }
        };
      }
      return value.bind(obj);
    },
  });
}

/**
 * Drop-in replacement for `new PrismaPGlite(pglite)`.
 *
 * Typed against Prisma 6.19's adapter interface: pglite-prisma-adapter is
 * compiled against @prisma/driver-adapter-utils 6.10, whose `argTypes` type
 * differs; it never reads argTypes, so the cast is safe at run time.
 */
export class LedgerPGliteAdapterFactory implements SqlDriverAdapterFactory {
  readonly provider = "postgres" as const;
  readonly adapterName: string;
  private readonly inner: PrismaPGlite;

  constructor(client: PGlite) {
    this.inner = new PrismaPGlite(client);
    this.adapterName = this.inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    return wrapQueryable(await this.inner.connect()) as unknown as SqlDriverAdapter;
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    return wrapQueryable(await this.inner.connectToShadowDb()) as unknown as SqlDriverAdapter;
  }
}
