import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { keccak256, recoverTypedDataAddress, toHex, type Hex } from "viem";
import { communityRegistryAbi } from "../../../../../chain/abi";
import { supervisorPayloadHash } from "../../../../../chain/payloads";
import { SupervisorKind, registryDomain, supervisorActionTypes } from "../../../../../chain/typedData";
import type { LedgerContext } from "../../../context";
import { ApiError } from "../../../errors";
import { encodeTagged, jsonSafe } from "../../../json";
import { canonicalOrThrow, SignatureError } from "../../../relayer/recoverSigner";
import type { CallPayload } from "../../../relayer/jobs";
import { LIMITS } from "../../../limits";
import { receiptOf } from "../../receipts";
import { Address, Bytes32, ErrorBody, Signature, Uint, bodyErrors, errors, json, jsonBody, type HookOptions } from "../../schemas";
import { SettingsBody as Settings, SupervisorReceiptAnswer, SupervisorTypedDataAnswer } from "./schemas";

const Members = z.array(Address).min(1).max(LIMITS.committeeMembers);

const ActionBody = z.discriminatedUnion("action", [
  z.object({ action: z.literal("createCommunity"), name: z.string().min(1).max(LIMITS.communityNameChars), settings: Settings, members: Members, threshold: z.number().int().min(1).max(LIMITS.committeeMembers) }),
  z.object({ action: z.literal("installCommittee"), communityId: Uint(2n ** 63n - 1n, "communityId"), members: Members, threshold: z.number().int().min(1).max(LIMITS.committeeMembers) }),
]);
type ActionBody = z.infer<typeof ActionBody>;

const Signed = z.object({ salt: Bytes32, deadline: Uint(2n ** 64n - 1n, "deadline"), signature: Signature });

function target(b: ActionBody) {
  return b.action === "createCommunity"
    ? { kind: SupervisorKind.CreateCommunity, args: [b.name, b.settings, b.members, b.threshold] as unknown[] }
    : { kind: SupervisorKind.InstallCommittee, args: [BigInt(b.communityId), b.members, b.threshold] as unknown[] };
}

/** Supervisor actions: the supervisor signs (EIP-712 `SupervisorAction`); the API relays. */
export function supervisorRoutes(ctx: LedgerContext, hook: HookOptions) {
  const app = new OpenAPIHono(hook);

  const typedData = (b: ActionBody, salt: Hex, deadline: bigint) => {
    const t = target(b);
    return {
      domain: registryDomain(ctx.deployment.chainId, ctx.deployment.registry),
      types: supervisorActionTypes,
      primaryType: "SupervisorAction" as const,
      message: { kind: t.kind, payloadHash: supervisorPayloadHash(t.kind, t.args), salt, deadline },
    };
  };

  app.openapi(
    createRoute({
      method: "post",
      path: "/supervisor-actions/typed-data",
      tags: ["supervisor"],
      summary: "The EIP-712 typed data a supervisor signs to create a community or install its committee",
      request: { body: jsonBody(ActionBody) },
      responses: { 200: json(SupervisorTypedDataAnswer, "The typed data to sign"), ...errors, ...bodyErrors },
    }),
    async (c) => {
      const b = c.req.valid("json");
      const salt = keccak256(toHex(`${Date.now()}:${Math.random()}`));
      const deadline = (await ctx.chainTime()) + 3600n;
      return c.json({ typedData: jsonSafe(typedData(b, salt, deadline)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/supervisor-actions",
      tags: ["supervisor"],
      summary: "Relay a supervisor's signed action; the contract checks that the signer is a supervisor",
      request: { body: jsonBody(z.intersection(ActionBody, Signed)) },
      responses: {
        202: json(SupervisorReceiptAnswer, "The relay receipt and the address that signed"),
        ...errors,
        ...bodyErrors,
        403: json(ErrorBody, "The signer is not a supervisor (NOT_SUPERVISOR)"),
      },
    }),
    async (c) => {
      const b = c.req.valid("json") as ActionBody & z.infer<typeof Signed>;
      const td = typedData(b, b.salt as Hex, BigInt(b.deadline));
      // Relayed in the one form the contract's ECDSA.recover takes (v 27/28, low s).
      let signer: string;
      let signature: Hex;
      try {
        signature = canonicalOrThrow(b.signature);
        signer = (await recoverTypedDataAddress({ ...td, signature })).toLowerCase();
      } catch (err) {
        throw new ApiError("BAD_SIGNATURE", err instanceof SignatureError ? { problem: err.problem } : undefined, err);
      }
      const role = await ctx.client.readContract({ address: ctx.deployment.registry, abi: communityRegistryAbi, functionName: "SUPERVISOR_ROLE" });
      const isSupervisor = await ctx.client.readContract({
        address: ctx.deployment.registry,
        abi: communityRegistryAbi,
        functionName: "hasRole",
        args: [role, signer as Hex],
      });
      if (!isSupervisor) throw new ApiError("NOT_SUPERVISOR", { signer });
      const t = target(b);
      const call: CallPayload = {
        contract: "registry",
        functionName: b.action,
        args: encodeTagged([...t.args, { salt: b.salt, deadline: BigInt(b.deadline), signature }]),
      };
      const digest = keccak256(toHex(`supervisor:${b.salt}:${signature}`));
      const job =
        (await ctx.prisma.relayJob.findUnique({ where: { digest } })) ??
        (await ctx.prisma.relayJob.create({ data: { digest, kind: "supervisor", payload: call as unknown as object, status: "accepted" } }));
      ctx.worker.notify();
      return c.json({ receipt: receiptOf(await ctx.worker.verify(job)), signer }, 202);
    },
  );
  return app;
}
