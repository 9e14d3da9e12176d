/**
 * Whether an error means the database could not be used just then (a dropped or refused
 * connection, a pool with no connection to lend, a server shutting down), rather than that the
 * query was wrong. Such an error is answered 503 with a retry hint, never 500: nothing accepted
 * is lost, and the same request a moment later may succeed.
 */

/** Prisma's codes for an unreachable server, a closed connection and a pool timeout. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** SQLSTATE: connection exceptions (08…), and the server ending the session (57P01–57P03). */
const SQLSTATE = /^(08\d{3}|57P0[123])$/;
const MESSAGES =
  /Connection terminated|terminating connection|timeout exceeded when trying to connect|Client has encountered a connection error|Server has closed the connection|Can't reach database server|the database system is (starting up|shutting down)/i;

export function isDatabaseUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e: unknown = err; e && typeof e === "object" && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const { code, meta, message } = e as { code?: unknown; meta?: { code?: unknown }; message?: unknown };
    if (typeof code === "string" && (PRISMA_CODES.has(code) || SQLSTATE.test(code))) return true;
    if (typeof meta?.code === "string" && SQLSTATE.test(meta.code)) return true;
    if (typeof message === "string" && MESSAGES.test(message)) return true;
  }
  return false;
}
