import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Hex } from "viem";
import { CommitteeKind } from "../../../../../chain/typedData";
import { precheckRegistryDraft } from "../../../actions/registryPrecheck";
import { actionView, createDraft } from "../../../actions/committeeActions";
import type { LedgerContext } from "../../../context";
import { ApiError } from "../../../errors";
import { committeeOnly, communityFromPath } from "../../auth";
import { LIMITS } from "../../../limits";
import { ActionAnswer, Address, Bytes32, ErrorBody, IdParam, IndexedId, bodyErrors, errors, json, jsonBody, type HookOptions } from "../../schemas";
import { SettingsBody as Settings } from "./schemas";

const Id = IndexedId;
const Area = z
  .string()
  .regex(/^[1-9][0-9]{0,15}$/, "areaCm2 is a positive integer of hundredths of a m², as a decimal string");

/** One committee action on the registry; the fields are those of the contract function. */
const RegistryDraftBody = z
  .discriminatedUnion("action", [
    z.object({
      action: z.literal("registerBuildings"),
      buildings: z.array(z.object({ buildingId: Id, compound: z.number().int().min(0).max(65535), label: z.string().min(1).max(LIMITS.labelChars) })).min(1).max(LIMITS.registryBatch),
    }),
    z.object({
      action: z.literal("registerUnits"),
      units: z
        .array(
          z.object({
            unitId: Id,
            buildingId: Id,
            areaCm2: Area,
            areaSource: z.union([z.literal(1), z.literal(2), z.literal(3)]),
            kind: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
            developerHeld: z.boolean(),
            label: z.string().min(1).max(LIMITS.labelChars),
          }),
        )
        .min(1)
        .max(LIMITS.registryBatch),
    }),
    z.object({
      action: z.literal("bindOwners"),
      bindings: z.array(z.object({ unitId: Id, owner: Address, identityHash: Bytes32, evidenceHash: Bytes32 })).min(1).max(LIMITS.registryBatch),
    }),
    z.object({ action: z.literal("unbindOwner"), unitId: Id, owner: Address, evidenceHash: Bytes32 }),
    z.object({ action: z.literal("deliverUnits"), unitIds: z.array(Id).min(1).max(LIMITS.registryBatch) }),
    z.object({ action: z.literal("updateUnitArea"), unitId: Id, areaCm2: Area, areaSource: z.union([z.literal(1), z.literal(2), z.literal(3)]) }),
    z.object({ action: z.literal("changeSettings"), settings: Settings }),
    z.object({ action: z.literal("setDeveloper"), developer: Address }),
  ])
  .openapi("RegistryDraft");

export function registryRoutes(ctx: LedgerContext, hook: HookOptions) {
  const app = new OpenAPIHono(hook);
  const { prisma } = ctx;

  app.openapi(
    createRoute(committeeOnly(ctx, communityFromPath, {
      method: "post",
      path: "/communities/{id}/registry-drafts",
      tags: ["committee"],
      summary: "Draft a registry action (buildings, units, owners, delivery, area, settings) for the committee to sign",
      request: { params: IdParam, body: jsonBody(RegistryDraftBody) },
      responses: {
        201: json(ActionAnswer, "The action to sign"),
        ...errors,
        ...bodyErrors,
        422: json(ErrorBody, "The contract would refuse the action (REGISTRY_UNKNOWN_BUILDING, REGISTRY_NOT_DEVELOPER_HELD, …)"),
      },
    })),
    async (c) => {
      const communityId = BigInt(c.req.valid("param").id);
      // A draft is checked against the registry as the chain has it now, not a block behind.
      await ctx.indexer.waitFor();
      if (!(await prisma.community.findUnique({ where: { id: communityId } }))) throw new ApiError("COMMUNITY_NOT_FOUND");
      const b = c.req.valid("json");
      await precheckRegistryDraft(prisma, communityId, b);
      const now = await ctx.chainTime();
      let kind: CommitteeKind;
      let values: unknown[];
      let zh: string;
      let en: string;
      switch (b.action) {
        case "registerBuildings":
          [kind, values, zh, en] = [CommitteeKind.RegisterBuildings, [communityId, b.buildings], `登记楼栋 ${b.buildings.length} 栋`, `Register ${b.buildings.length} building(s)`];
          break;
        case "registerUnits":
          [kind, values, zh, en] = [
            CommitteeKind.RegisterUnits,
            [communityId, b.units.map((u) => ({ ...u, areaCm2: BigInt(u.areaCm2) }))],
            `登记房屋 ${b.units.length} 套`,
            `Register ${b.units.length} unit(s)`,
          ];
          break;
        case "bindOwners":
          [kind, values, zh, en] = [CommitteeKind.BindOwners, [communityId, b.bindings.map((x) => ({ ...x, owner: x.owner as Hex }))], `绑定业主 ${b.bindings.length} 名`, `Bind ${b.bindings.length} owner(s)`];
          break;
        case "unbindOwner":
          [kind, values, zh, en] = [CommitteeKind.UnbindOwner, [communityId, b.unitId, b.owner, b.evidenceHash], `解除 ${b.unitId} 号房屋的业主绑定`, `Unbind an owner of unit ${b.unitId}`];
          break;
        case "deliverUnits":
          [kind, values, zh, en] = [CommitteeKind.DeliverUnits, [communityId, b.unitIds], `确认交付 ${b.unitIds.length} 套`, `Deliver ${b.unitIds.length} unit(s)`];
          break;
        case "updateUnitArea":
          [kind, values, zh, en] = [CommitteeKind.UpdateUnitArea, [communityId, b.unitId, BigInt(b.areaCm2), b.areaSource], `更正 ${b.unitId} 号房屋面积`, `Update the area of unit ${b.unitId}`];
          break;
        case "changeSettings":
          [kind, values, zh, en] = [CommitteeKind.ChangeSettings, [communityId, b.settings], "修改小区规则", "Change the community's settings"];
          break;
        case "setDeveloper":
          [kind, values, zh, en] = [
            CommitteeKind.SetDeveloper,
            [communityId, b.developer as Hex],
            `指定开发建设单位的签名地址：${b.developer}`,
            `Set the developer's signing address: ${b.developer}`,
          ];
          break;
      }
      const action = await createDraft(prisma, now, communityId, kind, values, { "zh-CN": zh, en }, ctx.bounds);
      return c.json({ action: await actionView(prisma, ctx.deployment, action) }, 201);
    },
  );
  return app;
}
