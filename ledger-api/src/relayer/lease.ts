/**
 * One sender per relayer key and database: an instance sends relay transactions only while it
 * holds the lease row. Two API instances on one database then never both send (no doubled
 * transactions and no nonce races); if the holder dies, another takes over once the lease
 * expires. Times are the database's own clock, shared by every instance.
 */
import type { PrismaClient } from "../generated/prisma/client";

export const LEASE_TTL_S = 15;

export class RelayLease {
  readonly holder = crypto.randomUUID();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly name: string,
    private readonly ttlSeconds = LEASE_TTL_S,
  ) {}

  /** Takes or renews the lease; true while this instance holds it. */
  async hold(): Promise<boolean> {
    const n = await this.prisma.$executeRawUnsafe(
      `INSERT INTO "RelayLease" ("name", "holder", "expiresAt")
       VALUES ($1, $2, now() + make_interval(secs => $3))
       ON CONFLICT ("name") DO UPDATE SET "holder" = EXCLUDED."holder", "expiresAt" = EXCLUDED."expiresAt"
        WHERE "RelayLease"."holder" = EXCLUDED."holder" OR "RelayLease"."expiresAt" < now()`,
      this.name,
      this.holder,
      this.ttlSeconds,
    );
    return n === 1;
  }

  /** Gives the lease up (on a clean stop), so another instance need not wait for it to expire. */
  async release(): Promise<void> {
    await this.prisma.$executeRawUnsafe(`DELETE FROM "RelayLease" WHERE "name" = $1 AND "holder" = $2`, this.name, this.holder);
  }
}
