/**
 * Sign-in nonces and sessions in the database. A nonce is issued at random, lives a few minutes
 * and is consumed by exactly one sign-in. A session is a random bearer token of which only the
 * SHA-256 is stored, with the signed-in address and its expiry.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Address } from "viem";
import { ApiError } from "../errors";
import type { PrismaClient } from "../generated/prisma/client";

export interface Session {
  /** lowercase */
  address: Address;
  expiresAt: Date;
}

export type SessionLookup = { ok: true; session: Session } | { ok: false; reason: "unknown" | "expired" };

/** Expired nonces and sessions are deleted this long after they expire (to answer "expired"). */
const KEEP_EXPIRED_MS = 24 * 3600 * 1000;

export const hashToken = (token: string): string => createHash("sha256").update(token, "utf8").digest("hex");

export class SessionStore {
  constructor(private readonly prisma: PrismaClient) {}

  async issueNonce(now: Date, lifetimeSeconds: number): Promise<{ nonce: string; expiresAt: Date }> {
    await this.sweep(now);
    // Not viem's generateSiweNonce: it draws from Math.random, and consecutive nonces overlap.
    const nonce = randomBytes(16).toString("hex");
    const expiresAt = new Date(now.getTime() + lifetimeSeconds * 1000);
    await this.prisma.authNonce.create({ data: { nonce, expiresAt } });
    return { nonce, expiresAt };
  }

  /** Marks the nonce used, once; a second use, an unknown or an expired nonce is refused. */
  async consumeNonce(nonce: string, now: Date): Promise<void> {
    const { count } = await this.prisma.authNonce.updateMany({
      where: { nonce, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (count === 1) return;
    const row = await this.prisma.authNonce.findUnique({ where: { nonce } });
    if (!row) throw new ApiError("SIWE_NONCE_UNKNOWN");
    if (row.usedAt) throw new ApiError("SIWE_NONCE_USED");
    throw new ApiError("SIWE_NONCE_EXPIRED", { expiredAt: row.expiresAt.toISOString() });
  }

  async createSession(address: Address, expiresAt: Date): Promise<{ token: string; session: Session }> {
    const token = randomBytes(32).toString("base64url");
    const row = await this.prisma.authSession.create({
      data: { tokenHash: hashToken(token), address: address.toLowerCase(), expiresAt },
    });
    return { token, session: { address: row.address as Address, expiresAt: row.expiresAt } };
  }

  async findSession(token: string, now: Date): Promise<SessionLookup> {
    const row = await this.prisma.authSession.findUnique({ where: { tokenHash: hashToken(token) } });
    if (!row) return { ok: false, reason: "unknown" };
    if (row.expiresAt <= now) return { ok: false, reason: "expired" };
    return { ok: true, session: { address: row.address as Address, expiresAt: row.expiresAt } };
  }

  /** Ends a session; true if there was one. */
  async endSession(token: string): Promise<boolean> {
    const { count } = await this.prisma.authSession.deleteMany({ where: { tokenHash: hashToken(token) } });
    return count > 0;
  }

  /** Deletes nonces and sessions that expired more than a day ago. */
  private async sweep(now: Date): Promise<void> {
    const before = new Date(now.getTime() - KEEP_EXPIRED_MS);
    await this.prisma.authNonce.deleteMany({ where: { expiresAt: { lt: before } } });
    await this.prisma.authSession.deleteMany({ where: { expiresAt: { lt: before } } });
  }
}
