/** Each module's HTTP routes (one entry per module of chain/modules.ts; the type makes it complete). */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ModuleName } from "../../../../chain/modules";
import type { LedgerContext } from "../../context";
import type { HookOptions } from "../schemas";
import { communityRoutes } from "./registry/communities";
import { registryRoutes } from "./registry/registry";
import { supervisorRoutes } from "./registry/supervisor";
import { ballotRoutes } from "./voting/ballots";
import { objectionRoutes } from "./voting/objections";
import { proposalRoutes } from "./voting/proposals";
import { fundRoutes } from "./fund/fund";
import { fundDraftRoutes } from "./fund/drafts";
import { ratingRoutes } from "./fund/ratings";
import { documentRoutes } from "./documents/documents";

type RouteFactory = (ctx: LedgerContext, hook: HookOptions) => OpenAPIHono;

export const MODULE_ROUTES = {
  registry: [communityRoutes, registryRoutes, supervisorRoutes],
  voting: [proposalRoutes, ballotRoutes, objectionRoutes],
  fund: [fundRoutes, fundDraftRoutes],
  // FundReports' statements and ratings are read through the fund's routes; owners rate here.
  reports: [ratingRoutes],
  documents: [documentRoutes],
} as const satisfies Record<ModuleName, readonly RouteFactory[]>;
