/** Each module's HTTP routes (one entry per module of chain/modules.ts; the type makes it complete). */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ModuleName } from "../../../chain/modules";
import type { LedgerContext } from "../context";
import { ballotRoutes } from "./routes/ballots";
import { communityRoutes } from "./routes/communities";
import { proposalRoutes } from "./routes/proposals";
import { registryRoutes } from "./routes/registry";
import { supervisorRoutes } from "./routes/supervisor";
import type { HookOptions } from "./schemas";

type RouteFactory = (ctx: LedgerContext, hook: HookOptions) => OpenAPIHono;

export const MODULE_ROUTES = {
  registry: [communityRoutes, registryRoutes, supervisorRoutes],
  voting: [proposalRoutes, ballotRoutes],
} as const satisfies Record<ModuleName, readonly RouteFactory[]>;
