import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { LedgerContext } from "../../../context";
import { actionView } from "../../../actions/committeeActions";
import { ApiError } from "../../../errors";
import { LIMITS } from "../../../limits";
import { ActionsAnswer, IdParam, errors, json, type HookOptions } from "../../schemas";
import { CommunitiesAnswer, CommunityAnswer, UnitsAnswer, type Community } from "./schemas";

export function communityRoutes(ctx: LedgerContext, hook: HookOptions) {
  const app = new OpenAPIHono(hook);
  const { prisma } = ctx;

  async function view(id: bigint): Promise<Community> {
    const c = await ctx.indexer.findFresh(() => prisma.community.findUnique({ where: { id } }));
    if (!c) throw new ApiError("COMMUNITY_NOT_FOUND", { communityId: id.toString() });
    const [buildingCount, unitCount, boundUnits] = await Promise.all([
      prisma.building.count({ where: { communityId: id } }),
      prisma.unit.count({ where: { communityId: id } }),
      prisma.ownerBinding.groupBy({ by: ["unitId"], where: { communityId: id, active: true } }),
    ]);
    return {
      id: c.id.toString(),
      name: c.name,
      supervisor: c.supervisor,
      developer: c.developer,
      threshold: c.threshold,
      members: c.members as string[],
      settings: {
        noticeDays: c.noticeDays,
        adHocNoticeDays: c.adHocNoticeDays,
        objectionDays: c.objectionDays,
        allowBallotChange: c.allowBallotChange,
        excludeParkingArea: c.excludeParkingArea,
        finalWithOpenObjections: c.finalWithOpenObjections,
      },
      buildingCount,
      unitCount,
      boundUnitCount: boundUnits.length,
    };
  }

  app.openapi(
    createRoute({
      method: "get",
      path: "/communities",
      tags: ["communities"],
      summary: "All communities on the chain",
      responses: { 200: json(CommunitiesAnswer, "The communities, by id") },
    }),
    async (c) => {
      const rows = await prisma.community.findMany({ orderBy: { id: "asc" }, take: 500 });
      return c.json({ communities: await Promise.all(rows.map((r) => view(r.id))) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/communities/{id}",
      tags: ["communities"],
      summary: "A community: committee, settings, counts",
      request: { params: IdParam },
      responses: { 200: json(CommunityAnswer, "The community"), ...errors },
    }),
    async (c) => c.json({ community: await view(BigInt(c.req.valid("param").id)) }, 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/communities/{id}/units",
      tags: ["communities"],
      summary: "Units of a community, paged, optionally of one building",
      request: {
        params: IdParam,
        query: z.object({
          buildingId: z.coerce.number().int().min(1).max(LIMITS.maxIndexedId).optional(),
          offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      responses: { 200: json(UnitsAnswer, "A page of units, by unit id"), ...errors },
    }),
    async (c) => {
      const id = BigInt(c.req.valid("param").id);
      await view(id);
      const { buildingId, offset, limit } = c.req.valid("query");
      const units = await prisma.unit.findMany({
        where: { communityId: id, ...(buildingId ? { buildingId } : {}) },
        orderBy: { unitId: "asc" },
        skip: offset,
        take: limit,
      });
      return c.json(
        {
          units: units.map((u) => ({
            unitId: u.unitId,
            buildingId: u.buildingId,
            label: u.label,
            areaCm2: u.areaCm2.toString(),
            areaSource: u.areaSource,
            kind: u.kind,
            developerHeld: u.developerHeld,
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/communities/{id}/actions",
      tags: ["committee"],
      summary: "Committee actions collecting signatures or recently done",
      request: { params: IdParam },
      responses: { 200: json(ActionsAnswer, "The community's latest committee actions, newest first"), ...errors },
    }),
    async (c) => {
      const id = BigInt(c.req.valid("param").id);
      await view(id);
      const rows = await prisma.pendingAction.findMany({
        where: { communityId: id },
        orderBy: { createdAt: "desc" },
        take: 100,
      });
      return c.json({ actions: await Promise.all(rows.map((a) => actionView(prisma, ctx.deployment, a))) }, 200);
    },
  );

  return app;
}
