/**
 * Who is who on the API. Public reads, ballots and committee signatures need no session (a
 * ballot's or an action's own signature is its authorisation, checked on chain); anything
 * non-public needs a session from Sign-In with Ethereum (authRoutes.ts), sent as
 * `Authorization: Bearer <token>`. Drafting a committee action also needs the signed-in address
 * to be in that community's current committee, read from the registry contract.
 *
 *   app.openapi(createRoute(committeeOnly(ctx, communityFromPath, { method, path, … })), handler)
 *
 * declares the security scheme, the 401 and 403 answers and the check in one place, so the
 * OpenAPI document and the enforcement cannot drift apart.
 */
import type { RouteConfig } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import type { Address } from "viem";
import { isCommitteeMember, isCustodian } from "../auth/roles";
import type { Session } from "../auth/sessions";
import type { LedgerContext } from "../context";
import { ApiError } from "../errors";
import { ErrorBody, IdParam, json } from "./schemas";

export type AuthEnv = { Variables: { session: Session } };

/** The name of the security scheme in the OpenAPI document. */
export const SECURITY_SCHEME = "siweSession";
export const SECURITY = [{ [SECURITY_SCHEME]: [] }];

export const securityScheme = {
  type: "http" as const,
  scheme: "bearer",
  description:
    "A session token from POST /api/auth/sign-in (Sign-In with Ethereum, EIP-4361), sent as `Authorization: Bearer <token>`.",
};

const BEARER = /^Bearer ([A-Za-z0-9_-]{16,128})$/;

/** The bearer token of the request, or null when it has none (or not in the Bearer form). */
export function bearerToken(c: Context): string | null {
  const header = c.req.header("authorization");
  return header ? (BEARER.exec(header.trim())?.[1] ?? null) : null;
}

function unauthorized(c: Context, code: "AUTH_REQUIRED" | "SESSION_EXPIRED", details?: unknown): never {
  c.header("WWW-Authenticate", `Bearer realm="community-ledger"${code === "SESSION_EXPIRED" ? ', error="invalid_token"' : ""}`);
  throw new ApiError(code, details);
}

/** The request's session; refuses with 401 AUTH_REQUIRED or SESSION_EXPIRED. */
export async function sessionOf(ctx: LedgerContext, c: Context): Promise<Session> {
  const token = bearerToken(c);
  if (!token) unauthorized(c, "AUTH_REQUIRED", c.req.header("authorization") ? { problem: "the Authorization header is not `Bearer <token>`" } : undefined);
  const found = await ctx.sessions.findSession(token, new Date());
  if (!found.ok) return found.reason === "expired" ? unauthorized(c, "SESSION_EXPIRED") : unauthorized(c, "AUTH_REQUIRED", { problem: "unknown or ended session" });
  return found.session;
}

/** Middleware: a signed-in user (any address), available as c.get("session"). */
export function requireSession(ctx: LedgerContext): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    c.set("session", await sessionOf(ctx, c));
    await next();
  };
}

/** Which community a request acts for (refusing with 400 or 404 when it cannot tell). */
export type CommunityOf = (ctx: LedgerContext, c: Context) => Promise<bigint>;

function pathId(c: Context): bigint {
  const parsed = IdParam.safeParse({ id: c.req.param("id") });
  if (!parsed.success) {
    throw new ApiError("VALIDATION_FAILED", { issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) });
  }
  return BigInt(parsed.data.id);
}

/** /communities/{id}/…: the community in the path. */
export const communityFromPath: CommunityOf = async (_ctx, c) => pathId(c);

/** /proposals/{id}/…: the community of the proposal in the path (found even if just published). */
export const communityOfProposal: CommunityOf = async (ctx, c) => {
  const id = pathId(c);
  const p = await ctx.indexer.findFresh(() => ctx.prisma.proposal.findUnique({ where: { id }, select: { communityId: true } }));
  if (!p) throw new ApiError("PROPOSAL_NOT_FOUND", { proposalId: id.toString() });
  return p.communityId;
};

/** Middleware: a signed-in address that holds a role in the community, checked on chain now. */
function requireRole(
  ctx: LedgerContext,
  communityOf: CommunityOf,
  holds: (ctx: LedgerContext, communityId: bigint, address: Address) => Promise<boolean>,
  code: "COMMITTEE_MEMBER_REQUIRED" | "CUSTODIAN_REQUIRED",
): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const session = await sessionOf(ctx, c);
    const communityId = await communityOf(ctx, c);
    if (!(await holds(ctx, communityId, session.address as Address))) {
      throw new ApiError(code, { address: session.address, communityId: communityId.toString() });
    }
    c.set("session", session);
    await next();
  };
}

/** Middleware: a signed-in member of the community's current committee (on chain now). */
export function requireCommitteeMember(ctx: LedgerContext, communityOf: CommunityOf): MiddlewareHandler<AuthEnv> {
  return requireRole(ctx, communityOf, isCommitteeMember, "COMMITTEE_MEMBER_REQUIRED");
}

/** Middleware: the signed-in custodian of the community (on chain now). */
export function requireCustodian(ctx: LedgerContext, communityOf: CommunityOf): MiddlewareHandler<AuthEnv> {
  return requireRole(ctx, communityOf, isCustodian, "CUSTODIAN_REQUIRED");
}

/** A route only the community's custodian may call. */
export function custodianOnly<R extends RouteConfig>(
  ctx: LedgerContext,
  communityOf: CommunityOf,
  route: R,
): Omit<R, "middleware"> & { middleware: [MiddlewareHandler<AuthEnv>] } {
  return {
    ...route,
    security: SECURITY,
    middleware: [requireCustodian(ctx, communityOf)],
    responses: {
      ...route.responses,
      ...authErrors,
      403: json(ErrorBody, "The signed-in address is not this community's custodian (CUSTODIAN_REQUIRED)"),
    },
  };
}

export const authErrors = {
  401: json(ErrorBody, "Not signed in (AUTH_REQUIRED) or the session has expired (SESSION_EXPIRED)"),
};

/** A route any signed-in user may call. */
export function signedInOnly<R extends RouteConfig>(ctx: LedgerContext, route: R): Omit<R, "middleware"> & { middleware: [MiddlewareHandler<AuthEnv>] } {
  return {
    ...route,
    security: SECURITY,
    middleware: [requireSession(ctx)],
    responses: { ...route.responses, ...authErrors },
  };
}

/** A route only a signed-in member of the community's committee may call (every *-drafts route). */
export function committeeOnly<R extends RouteConfig>(
  ctx: LedgerContext,
  communityOf: CommunityOf,
  route: R,
): Omit<R, "middleware"> & { middleware: [MiddlewareHandler<AuthEnv>] } {
  return {
    ...route,
    security: SECURITY,
    middleware: [requireCommitteeMember(ctx, communityOf)],
    responses: {
      ...route.responses,
      ...authErrors,
      403: json(ErrorBody, "The signed-in address is not in this community's committee (COMMITTEE_MEMBER_REQUIRED)"),
    },
  };
}
