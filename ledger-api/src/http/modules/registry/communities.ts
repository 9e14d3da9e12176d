import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { LedgerContext } from "../../../context";
import { actionView } from "../../../actions/committeeActions";
import { ApiError } from "../../../errors";
import { LIMITS } from "../../../limits";
import { ActionsAnswer, IdParam, Uint, errors, json, type HookOptions } from "../../schemas";
import { MAX_ROOM_LENGTH, parseRoomNumber, roomLabelCandidates } from "../../../../../domain/room";
import { BuildingsAnswer, CommunitiesAnswer, CommunityAnswer, RoomAnswer, UnitsAnswer, type Community } from "./schemas";

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

  const unitView = (u: { unitId: number; buildingId: number; label: string; areaCm2: bigint; areaSource: number; kind: number; developerHeld: boolean }) => ({
    unitId: u.unitId,
    buildingId: u.buildingId,
    label: u.label,
    areaCm2: u.areaCm2.toString(),
    areaSource: u.areaSource,
    kind: u.kind,
    developerHeld: u.developerHeld,
  });

  app.openapi(
    createRoute({
      method: "get",
      path: "/communities/{id}/buildings",
      tags: ["communities"],
      summary: "Buildings of a community, by building id, with their number of units",
      request: { params: IdParam },
      responses: { 200: json(BuildingsAnswer, "The buildings (at most 1,000)"), ...errors },
    }),
    async (c) => {
      const id = BigInt(c.req.valid("param").id);
      await view(id);
      const [rows, counts] = await Promise.all([
        prisma.building.findMany({ where: { communityId: id }, orderBy: { buildingId: "asc" }, take: 1_000 }),
        prisma.unit.groupBy({ by: ["buildingId"], where: { communityId: id }, _count: { _all: true } }),
      ]);
      const count = new Map(counts.map((r) => [r.buildingId, r._count._all]));
      return c.json(
        { buildings: rows.map((b) => ({ buildingId: b.buildingId, compound: b.compound, label: b.label, unitCount: count.get(b.buildingId) ?? 0 })) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/communities/{id}/rooms/{room}",
      tags: ["communities"],
      summary: "Find a unit by its room number (楼栋-单元-房号, e.g. 3-1-102), and its entry on a proposal's roll",
      request: {
        params: z.object({
          id: IdParam.shape.id,
          room: z.string().min(1).max(MAX_ROOM_LENGTH * 3).openapi({ param: { name: "room", in: "path" }, example: "3-1-102" }),
        }),
        query: z.object({ proposalId: Uint(2n ** 63n - 1n, "proposalId").optional() }),
      },
      responses: { 200: json(RoomAnswer, "The unit, and its roll entry when a proposal was named"), ...errors },
    }),
    async (c) => {
      const { id: rawId, room } = c.req.valid("param");
      const { proposalId } = c.req.valid("query");
      const id = BigInt(rawId);
      await view(id);
      const candidates = roomLabelCandidates(room);
      const unit = candidates.length === 0 ? null : await prisma.unit.findFirst({ where: { communityId: id, label: { in: candidates } } });
      if (!unit) {
        // a well-formed room number that no unit carries is unknown; anything else is not a room number
        throw new ApiError(parseRoomNumber(room) ? "ROOM_NOT_FOUND" : "ROOM_MALFORMED", { room });
      }
      let entry: { proposalId: string; entryId: number; unitLabels: string[] } | null = null;
      if (proposalId !== undefined) {
        const p = await prisma.proposal.findUnique({ where: { id: BigInt(proposalId) } });
        if (!p || p.communityId !== id) throw new ApiError("PROPOSAL_NOT_FOUND", { proposalId });
        const rows = await prisma.rollEntry.findMany({ where: { proposalId: p.id }, select: { entryId: true, unitIds: true } });
        const row = rows.find((r) => (r.unitIds as number[]).includes(unit.unitId));
        if (!row) throw new ApiError("ROOM_NOT_IN_ROLL", { room, proposalId });
        const units = await prisma.unit.findMany({ where: { communityId: id, unitId: { in: row.unitIds as number[] } }, orderBy: { unitId: "asc" } });
        entry = { proposalId, entryId: row.entryId, unitLabels: units.map((u) => u.label) };
      }
      return c.json({ unit: unitView(unit), entry }, 200);
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
