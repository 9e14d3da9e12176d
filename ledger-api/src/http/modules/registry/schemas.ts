/**
 * The registry module's requests and answers (CommunityRegistry: communities, committees,
 * supervisors, units, owners). Imports nothing but zod and pure modules: the web client takes
 * its types from here (see ../../schemas.ts).
 */
import { z } from "@hono/zod-openapi";
import { Address, Bytes32, Decimal, Receipt } from "../../schemas";

/** A community's settings, as the registry's `Settings` struct. */
export const SettingsBody = z.object({
  noticeDays: z.number().int().min(7).max(60),
  adHocNoticeDays: z.number().int().min(1).max(60),
  objectionDays: z.number().int().min(1).max(60),
  allowBallotChange: z.boolean(),
  excludeParkingArea: z.boolean(),
  /** a provisional result may become final while an objection is unanswered (default: no) */
  finalWithOpenObjections: z.boolean().default(false),
});
export type CommunitySettings = z.output<typeof SettingsBody>;

// ── answers ──────────────────────────────────────────────────────────────────────────────

export const Community = z
  .strictObject({
    id: Decimal,
    name: z.string(),
    supervisor: Address,
    /** The only signer of the developer's entry (all developer-held units); null: nobody yet. */
    developer: Address.nullable(),
    /** signatures of current committee members a committee action needs */
    threshold: z.number().int(),
    members: z.array(Address),
    settings: SettingsBody.strict(),
    buildingCount: z.number().int(),
    unitCount: z.number().int(),
    /** units with at least one bound owner */
    boundUnitCount: z.number().int(),
  })
  .openapi("Community");
export type Community = z.output<typeof Community>;
export const CommunityAnswer = z.strictObject({ community: Community });
export const CommunitiesAnswer = z.strictObject({ communities: z.array(Community) });

export const Unit = z
  .strictObject({
    unitId: z.number().int(),
    buildingId: z.number().int(),
    label: z.string(),
    areaCm2: Decimal,
    /** ICommunityRegistry.AreaSource: 1 Contract, 2 Surveyed, 3 Registered (a higher one takes precedence) */
    areaSource: z.number().int().min(1).max(3),
    /** ICommunityRegistry.UnitKind: 1 Residential, 2 Commercial, 3 Parking, 4 Stall */
    kind: z.number().int().min(1).max(4),
    developerHeld: z.boolean(),
  })
  .openapi("Unit");
export type Unit = z.output<typeof Unit>;
export const UnitsAnswer = z.strictObject({ units: z.array(Unit) });

export const Building = z
  .strictObject({ buildingId: z.number().int(), compound: z.number().int(), label: z.string(), unitCount: z.number().int().min(0) })
  .openapi("Building");
export const BuildingsAnswer = z.strictObject({ buildings: z.array(Building) });

/** A unit found by its room number, and its entry on a proposal's roll when one was asked for. */
export const RoomAnswer = z
  .strictObject({
    unit: Unit,
    entry: z.strictObject({ proposalId: z.string(), entryId: z.number().int(), unitLabels: z.array(z.string()) }).nullable(),
  })
  .openapi("RoomAnswer");

/** EIP-712 typed data as JSON (uints as decimal strings): what a supervisor signs. */
export const SupervisorTypedData = z
  .strictObject({
    domain: z.strictObject({ name: z.string(), version: z.string(), chainId: z.number().int(), verifyingContract: Address }),
    types: z.strictObject({ SupervisorAction: z.array(z.strictObject({ name: z.string(), type: z.string() })) }),
    primaryType: z.literal("SupervisorAction"),
    message: z.strictObject({ kind: z.number().int(), payloadHash: Bytes32, salt: Bytes32, deadline: Decimal }),
  })
  .openapi("SupervisorTypedData");
export type SupervisorTypedData = z.output<typeof SupervisorTypedData>;
export const SupervisorTypedDataAnswer = z.strictObject({ typedData: SupervisorTypedData });
export const SupervisorReceiptAnswer = z.strictObject({ receipt: Receipt, signer: Address });
