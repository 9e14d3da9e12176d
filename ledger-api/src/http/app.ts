/**
 * The HTTP app: feature sub-apps under /api, one validation hook and one error handler so
 * every refusal has the same shape, the OpenAPI 3.1 document and its docs page, /healthz,
 * and the web client's static files.
 */
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { serveStatic } from "@hono/node-server/serve-static";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { LedgerContext } from "../context";
import { isDatabaseUnavailable } from "../db/unavailable";
import { ApiError } from "../errors";
import { SECURITY_SCHEME, securityScheme } from "./auth";
import { authRoutes } from "./authRoutes";
import { docsPageHtml } from "./docsPage";
import { LIMITS } from "../limits";
import { bodySizeLimit, jsonBodyGuard } from "./bodyGuard";
import { DEFAULT_RATE_LIMITS, rateLimit, type RateLimitOptions } from "./rateLimit";
import { MODULE_ROUTES } from "./modules";
import { UPLOAD_PATH } from "./modules/documents/documents";
import { ConfigAnswer, HealthAnswer, HealthDownAnswer, json } from "./schemas";

/** Largest request body accepted: a 200-ballot paper batch fits comfortably. */
export const MAX_BODY_BYTES = LIMITS.bodyBytes;

import type { HookOptions } from "./schemas";

const hook: HookOptions = {
  defaultHook: (result, c) => {
    if (!result.success) {
      const issues = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
      return c.json(new ApiError("VALIDATION_FAILED", { issues }).toBody(), 400);
    }
  },
};

export interface AppOptions {
  webDist?: string;
  log?: (m: string) => void;
  /** Per-client write limits (default DEFAULT_RATE_LIMITS). */
  rateLimits?: RateLimitOptions;
}

/** A request whose body the client stopped sending (it closed, or the server's request timeout did). */
function isAbortedBody(err: unknown): boolean {
  const e = err as { name?: string; code?: string; message?: string; cause?: unknown } | null;
  if (!e) return false;
  if (e.name === "AbortError" || e.code === "ECONNRESET" || e.code === "ERR_STREAM_PREMATURE_CLOSE") return true;
  if (/^(aborted|terminated|request aborted)$/i.test(String(e.message))) return true;
  return e.cause !== undefined && e.cause !== err && isAbortedBody(e.cause);
}

export function createApp(ctx: LedgerContext, options: AppOptions = {}) {
  const app = new OpenAPIHono(hook);
  const log = options.log ?? (() => undefined);

  app.use("/api/*", rateLimit(options.rateLimits ?? DEFAULT_RATE_LIMITS));
  // A document upload's body is a file, streamed by its route under its own size limit
  // (DOCUMENT_MAX_BYTES); every other body is JSON of at most MAX_BODY_BYTES.
  const sizeLimit = bodySizeLimit(MAX_BODY_BYTES);
  const isUpload = (c: Context) => c.req.method === "POST" && UPLOAD_PATH.test(c.req.path);
  app.use("/api/*", (c, next) => (isUpload(c) ? next() : sizeLimit(c, next)));
  // A body that is not JSON is the client's mistake, not a server error.
  app.use("/api/*", (c, next) => (isUpload(c) ? next() : jsonBodyGuard(c, next)));

  app.onError((err, c) => {
    if (err instanceof ApiError) return c.json(err.toBody(), err.status as 400);
    if (err instanceof HTTPException && err.status < 500) {
      return c.json(new ApiError("VALIDATION_FAILED", { message: err.message }).toBody(), err.status);
    }
    // The client is gone (or the request timeout closed its connection): nobody reads this answer.
    if (isAbortedBody(err)) return c.json(new ApiError("REQUEST_TIMEOUT").toBody(), 408);
    if (isDatabaseUnavailable(err)) {
      log(`database unavailable: ${(err as Error).message.split("\n").filter(Boolean).pop() ?? ""}`);
      c.header("Retry-After", "1");
      return c.json(new ApiError("DATABASE_UNAVAILABLE").toBody(), 503);
    }
    const chainDown = /fetch failed|ECONNREFUSED|HTTP request failed/i.test(String((err as Error).message));
    log(`error: ${(err as Error).stack ?? String(err)}`);
    const e = new ApiError(chainDown ? "CHAIN_UNAVAILABLE" : "INTERNAL");
    if (chainDown) c.header("Retry-After", "2");
    return c.json(e.toBody(), e.status as 500);
  });

  app.openapi(
    createRoute({
      method: "get",
      path: "/healthz",
      tags: ["service"],
      summary: "Chain head, indexed block and index lag",
      responses: { 200: json(HealthAnswer, "Healthy"), 503: json(HealthDownAnswer, "The chain cannot be reached") },
    }),
    async (c) => {
      try {
        const head = await ctx.client.getBlockNumber({ cacheTime: 0 });
        const indexed = await ctx.indexer.indexedBlock();
        const queued = await ctx.prisma.relayJob.count({ where: { status: { in: ["accepted", "submitted"] } } });
        return c.json(
          {
            ok: true as const,
            chainId: ctx.deployment.chainId,
            chainHead: head.toString(),
            indexedBlock: indexed.toString(),
            indexLag: (head - indexed).toString(),
            relayQueue: queued,
          },
          200,
        );
      } catch (err) {
        return c.json({ ok: false as const, error: (err as Error).message }, 503);
      }
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/config",
      tags: ["service"],
      summary: "Chain id, contract addresses and an RPC URL the browser can verify against",
      responses: { 200: json(ConfigAnswer, "Config") },
    }),
    async (c) =>
      c.json(
        {
          chainId: ctx.deployment.chainId,
          rpcUrl: ctx.publicRpcUrl,
          registry: ctx.deployment.registry,
          voting: ctx.deployment.voting,
          fund: ctx.deployment.fund,
          reports: ctx.deployment.reports,
          documents: ctx.deployment.documents,
          deployBlock: ctx.deployment.deployBlock,
          chainTime: (await ctx.chainTime()).toString(),
          documentMaxBytes: ctx.documents.maxBytes,
        },
        200,
      ),
  );

  app.openAPIRegistry.registerComponent("securitySchemes", SECURITY_SCHEME, securityScheme);
  app.route("/api", authRoutes(ctx, hook));
  for (const routes of Object.values(MODULE_ROUTES)) for (const r of routes) app.route("/api", r(ctx, hook));

  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Community Ledger API",
      version: "0.1.0",
      description:
        "Owner voting for residential communities. Every bigint is a decimal string. Errors: " +
        '{"error":{"code","message":{"zh-CN","en"}}}.',
    },
  });

  const swaggerDir = path.dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
  app.get("/docs/assets/:file", (c) => {
    const file = path.join(swaggerDir, path.basename(c.req.param("file")));
    if (!fs.existsSync(file)) return c.json(new ApiError("NOT_FOUND").toBody(), 404);
    const type = file.endsWith(".css") ? "text/css" : file.endsWith(".js") ? "text/javascript" : "application/octet-stream";
    return c.body(fs.readFileSync(file), 200, { "content-type": type });
  });
  app.get("/docs", (c) => c.html(docsPageHtml()));

  app.all("/api/*", (c) => c.json(new ApiError("NOT_FOUND").toBody(), 404));

  const webDist = options.webDist;
  if (webDist && fs.existsSync(webDist)) {
    const root = path.relative(process.cwd(), webDist) || ".";
    app.use("/*", serveStatic({ root }));
    app.get("*", (c) => c.html(fs.readFileSync(path.join(webDist, "index.html"), "utf8")));
  }
  return app;
}
