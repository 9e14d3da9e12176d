/**
 * Sign-In with Ethereum (EIP-4361): a single-use nonce, a signed message in exchange for a
 * session token, who the session's address is on the chain, and sign-out.
 */
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Hex } from "viem";
import { rolesOf } from "../auth/roles";
import { verifySignIn } from "../auth/siwe";
import type { LedgerContext } from "../context";
import { ApiError } from "../errors";
import { SECURITY, authErrors, bearerToken, signedInOnly } from "./auth";
import { ErrorBody, NonceAnswer, SessionAnswer, SignInAnswer, SignedOutAnswer, Signature, errors, json, type HookOptions } from "./schemas";

const SignInBody = z
  .object({
    message: z.string().min(1).max(4000).openapi({ description: "The EIP-4361 message, exactly as signed" }),
    signature: Signature.openapi({ description: "EIP-191 personal_sign signature of the message by its address" }),
  })
  .strict()
  .openapi("SignIn");

export function authRoutes(ctx: LedgerContext, hook: HookOptions) {
  const app = new OpenAPIHono(hook);

  /** The origin a sign-in message must be for: PUBLIC_ORIGIN, or the one the request came to. */
  const originOf = (c: Context) => ctx.auth.publicOrigin ?? new URL(c.req.url).origin;

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/nonce",
      tags: ["auth"],
      summary: "A single-use nonce for a Sign-In with Ethereum message, with what the message must name",
      responses: { 201: json(NonceAnswer, "A nonce and what the message must name") },
    }),
    async (c) => {
      const now = new Date();
      const { nonce, expiresAt } = await ctx.sessions.issueNonce(now, ctx.auth.nonceLifetimeSeconds);
      const origin = new URL(originOf(c));
      return c.json(
        {
          nonce,
          expiresAt: expiresAt.toISOString(),
          // a client whose clock is off can take this as the message's Issued At
          serverTime: now.toISOString(),
          domain: origin.host,
          uri: origin.origin,
          chainId: ctx.deployment.chainId,
          version: "1" as const,
          sessionLifetimeSeconds: ctx.auth.sessionLifetimeSeconds,
        },
        201,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/sign-in",
      tags: ["auth"],
      summary: "Sign in with an EIP-4361 message signed by the user's key; returns a bearer session token",
      request: { body: { content: { "application/json": { schema: SignInBody } }, required: true } },
      responses: {
        201: json(SignInAnswer, "A bearer session token"),
        ...errors,
        401: json(ErrorBody, "The signature is not the message's address's (SIWE_SIGNATURE_MISMATCH)"),
      },
    }),
    async (c) => {
      const { message, signature } = c.req.valid("json");
      const now = new Date();
      const verified = await verifySignIn(message, signature as Hex, {
        origin: originOf(c),
        chainId: ctx.deployment.chainId,
        now,
        maxAgeMs: ctx.auth.nonceLifetimeSeconds * 1000,
      });
      await ctx.sessions.consumeNonce(verified.nonce, now);
      const lifetimeEnd = now.getTime() + ctx.auth.sessionLifetimeSeconds * 1000;
      const end = verified.expirationTime ? Math.min(lifetimeEnd, verified.expirationTime.getTime()) : lifetimeEnd;
      const { token, session } = await ctx.sessions.createSession(verified.address, new Date(end));
      return c.json({ token, tokenType: "Bearer" as const, address: session.address, expiresAt: session.expiresAt.toISOString() }, 201);
    },
  );

  app.openapi(
    createRoute(
      signedInOnly(ctx, {
        method: "get",
        path: "/auth/session",
        tags: ["auth"],
        summary: "Who is signed in: the address, the session's expiry and the roles read from the chain",
        responses: { 200: json(SessionAnswer, "The session and the roles of its address") },
      }),
    ),
    async (c) => {
      const session = c.get("session");
      const roles = await rolesOf(ctx, session.address);
      return c.json({ address: session.address, expiresAt: session.expiresAt.toISOString(), roles }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/auth/sign-out",
      tags: ["auth"],
      summary: "End the session of the bearer token (an expired one too)",
      security: SECURITY,
      responses: { 200: json(SignedOutAnswer, "Signed out"), ...authErrors },
    }),
    async (c) => {
      const token = bearerToken(c);
      if (!token || !(await ctx.sessions.endSession(token))) {
        throw new ApiError("AUTH_REQUIRED", { problem: token ? "unknown or ended session" : "no bearer token" });
      }
      return c.json({ signedOut: true as const }, 200);
    },
  );

  return app;
}
