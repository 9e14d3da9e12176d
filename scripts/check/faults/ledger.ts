/**
 * A small real ledger for fault scenarios: an Anvil node whose state is saved to a file (so it can
 * be killed and restarted from it, as `npm start`'s is), the contracts, a community of `voters`
 * units each with its own owner, and a whole-community proposal open for voting, with every
 * owner's ballot signed in advance.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { z } from "@hono/zod-openapi";
import { keccak256, toHex, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { CommitteeKind } from "../../../chain/typedData";
import { buildRoll } from "../../../domain/electorate";
import { DEFAULT_SETTINGS } from "../../../domain/settings";
import { makeClients } from "../../../ledger-api/src/chain/clients";
import type { Deployment } from "../../../ledger-api/src/chain/deployment";
import type { BallotBody } from "../../../ledger-api/src/http/modules/voting/schemas";
import { ANVIL_RELAYER_KEY, freePort, fund, nodeRpc, startAnvil, type AnvilNode } from "../../lib/anvil";
import { deployLedger } from "../../lib/deploy";
import { LedgerDriver } from "../../lib/ledgerDriver";

const key = (label: string): Hex => keccak256(toHex(`fault-check:${label}`));

/** A signed ballot as owners' clients post it to /api/ballots (the API's own schema). */
export type SignedBallotBody = z.infer<typeof BallotBody>;

export interface FaultLedger {
  dir: string;
  stateFile: string;
  chainPort: number;
  anvil: AnvilNode;
  deployment: Deployment;
  driver: LedgerDriver;
  proposalId: bigint;
  ballots: SignedBallotBody[];
  /** Kills the node with SIGKILL and starts it again from its last saved state, on the same port. */
  crashChain(): Promise<void>;
  rpc<T>(method: string, params?: unknown[]): Promise<T>;
  stop(): Promise<void>;
}

export async function createFaultLedger(voters: number, log: (m: string) => void): Promise<FaultLedger> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ledger-faults-"));
  const stateFile = path.join(dir, "chain", "state.json");
  const chainPort = await freePort();
  let anvil = await startAnvil({ port: chainPort, stateFile });
  const admin = key("admin");
  await fund(anvil.rpcUrl, privateKeyToAccount(admin).address);
  const supervisor = key("supervisor");
  const deployment = await deployLedger({ rpcUrl: anvil.rpcUrl, adminKey: admin, supervisors: [privateKeyToAccount(supervisor).address] });
  const { publicClient, wallet } = makeClients(deployment.chainId, anvil.rpcUrl, ANVIL_RELAYER_KEY);
  const driver = new LedgerDriver(publicClient, wallet, deployment);

  const members = [0, 1, 2].map((i) => key(`member-${i}`));
  const { communityId } = await driver.createCommunity(
    supervisor,
    "故障演练小区",
    DEFAULT_SETTINGS,
    members.map((k) => privateKeyToAccount(k).address),
    2,
  );
  const committee = members.slice(0, 2);
  const buildings = Math.ceil(voters / 100);
  await driver.committee(
    communityId,
    CommitteeKind.RegisterBuildings,
    [communityId, Array.from({ length: buildings }, (_, i) => ({ buildingId: i + 1, compound: 1, label: `${i + 1}栋` }))],
    committee,
  );
  const units = Array.from({ length: voters }, (_, i) => ({
    unitId: i + 1,
    buildingId: Math.floor(i / 100) + 1,
    areaCm2: BigInt(6_000 + (i % 50) * 100),
    areaSource: 3,
    kind: 1 as const,
    developerHeld: false,
    label: `${Math.floor(i / 100) + 1}-${(i % 100) + 101}`,
  }));
  const owners = units.map((u) => ({ unitId: u.unitId, key: key(`owner-${u.unitId}`) }));
  const bindings = owners.map((o) => ({
    unitId: o.unitId,
    owner: privateKeyToAccount(o.key).address,
    identityHash: keccak256(toHex(`fault-identity:${o.unitId}`)),
    evidenceHash: keccak256(toHex(`fault-evidence:${o.unitId}`)),
  }));
  for (let i = 0; i < units.length; i += 400) {
    await driver.committee(communityId, CommitteeKind.RegisterUnits, [communityId, units.slice(i, i + 400)], committee);
    await driver.committee(communityId, CommitteeKind.BindOwners, [communityId, bindings.slice(i, i + 400)], committee);
  }

  const roll = buildRoll({
    units: units.map((u) => ({ unitId: u.unitId, buildingId: u.buildingId, areaCm2: u.areaCm2, kind: u.kind, developerHeld: false })),
    bindings: bindings.map((b) => ({ unitId: b.unitId, owner: b.owner.toLowerCase() as Address, identityHash: b.identityHash })),
    settings: { excludeParkingArea: DEFAULT_SETTINGS.excludeParkingArea },
    scope: { kind: 0, ids: [] },
  });
  const { proposalId, votingStart, votingEnd } = await driver.publishProposal(communityId, committee, roll, {
    matter: 9,
    scope: { kind: 0, ids: [] },
    title: "故障演练 / Fault drill",
    text: "fault drill",
    votingDays: 30n,
  });
  await driver.increaseTime(votingStart - (await driver.now()));

  const keyOf = new Map(owners.map((o) => [privateKeyToAccount(o.key).address.toLowerCase(), o.key]));
  const ballots: SignedBallotBody[] = [];
  for (const e of roll.entries) {
    const voter = e.voters[0]!;
    const choice = e.entryId % 3;
    const signature = await driver.signBallot(keyOf.get(voter)!, proposalId, e.entryId, choice, 1, votingEnd);
    ballots.push({ proposalId: proposalId.toString(), entryId: e.entryId, voter, choice, nonce: 1, deadline: votingEnd.toString(), signature });
  }
  // Restart the node once so that its saved state holds the set-up: a crash later loses only ballots.
  await anvil.stop();
  anvil = await startAnvil({ port: chainPort, stateFile });
  log(`ledger ready: ${voters} owners, proposal ${proposalId} open`);

  const ledger: FaultLedger = {
    dir,
    stateFile,
    chainPort,
    anvil,
    deployment,
    driver,
    proposalId,
    ballots,
    async crashChain() {
      const before = await ledger.rpc<string>("eth_blockNumber");
      ledger.anvil.process.kill("SIGKILL");
      await new Promise<void>((r) => (ledger.anvil.process.exitCode !== null || ledger.anvil.process.signalCode !== null ? r() : ledger.anvil.process.once("exit", () => r())));
      ledger.anvil = await startAnvil({ port: chainPort, stateFile });
      const after = await ledger.rpc<string>("eth_blockNumber");
      log(`chain node killed at block ${BigInt(before)}, restarted at block ${BigInt(after)} from its saved state`);
    },
    rpc<T>(method: string, params: unknown[] = []) {
      return nodeRpc<T>(ledger.anvil.rpcUrl, method, params);
    },
    async stop() {
      await ledger.anvil.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return ledger;
}
