/**
 * A real ledger for API tests: an Anvil node on a free port, the contracts deployed, a small
 * community registered by its committee, and the service on a fresh database (PGlite in a
 * temp directory, or a fresh PostgreSQL database when asked).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { keccak256, toHex, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import { CommitteeKind, ballotTypes, votingDomain } from "../../../chain/typedData";
import { makeClients } from "../../../ledger-api/src/chain/clients";
import type { Deployment } from "../../../ledger-api/src/chain/deployment";
import { startService, type LedgerService, type ServiceOptions } from "../../../ledger-api/src/service";
import { ANVIL_RELAYER_KEY, fund, startAnvil, type AnvilNode } from "../../../scripts/lib/anvil";
import { deployLedger } from "../../../scripts/lib/deploy";
import { DEFAULT_SETTINGS, LedgerDriver, type Settings } from "../../../scripts/lib/ledgerDriver";

export const DAY = 86_400n;
export const key = (label: string): Hex => keccak256(toHex(`api-test:${label}`));
export const addr = (label: string): Address => privateKeyToAccount(key(label)).address;

export const ADMIN = key("admin");
export const SUPERVISOR = key("supervisor");
export const MEMBERS = [0, 1, 2, 3, 4].map((i) => key(`member-${i}`));

/** Units: [unitId, buildingId, area m² × 100, kind, developerHeld, owners]. */
export const UNITS: [number, number, bigint, 1 | 2 | 3 | 4, boolean, string[]][] = [
  [101, 1, 10000n, 1, false, ["alice"]],
  [102, 1, 8000n, 1, false, ["bob"]],
  [103, 1, 6000n, 1, false, ["alice"]],
  [104, 1, 9000n, 1, false, ["carol", "dave"]],
  // Developer-held: signed for by the developer alone (setDeveloper); henry has bought 105, which
  // is not delivered yet, so his binding does not count until it is.
  [105, 1, 7000n, 1, true, ["henry"]],
  [106, 1, 6000n, 1, true, []],
  [107, 1, 5000n, 1, false, []],
  [201, 2, 12000n, 1, false, ["erin"]],
  [202, 2, 7500n, 1, false, ["frank"]],
  [203, 2, 1200n, 3, false, ["grace"]],
];

export interface Testbed {
  anvil: AnvilNode;
  deployment: Deployment;
  driver: LedgerDriver;
  communityId: bigint;
  service: LedgerService;
  dataDir: string;
  databaseUrl?: string;
  restart(): Promise<LedgerService>;
  stop(): Promise<void>;
}

export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `ledger_test_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/postgres" });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: `postgresql://postgres@127.0.0.1:5432/${name}`,
    async drop() {
      const c = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/postgres" });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** The service options a test may set: HTTP port and timeouts, rate limits, draft bounds, documents. */
export type TestServiceOptions = Pick<ServiceOptions, "port" | "http" | "rateLimits" | "bounds" | "log" | "documents">;

export async function createTestbed(
  opts: {
    settings?: Settings;
    databaseUrl?: string;
    service?: TestServiceOptions;
    /** The RPC URL the service uses, given the node's (for a proxy between them). */
    serviceRpc?: (nodeRpcUrl: string) => string;
    finalityDepth?: number;
  } = {},
): Promise<Testbed> {
  const anvil = await startAnvil();
  await fund(anvil.rpcUrl, addr("admin"));
  const deployment = await deployLedger({ rpcUrl: anvil.rpcUrl, adminKey: ADMIN, supervisors: [addr("supervisor")] });
  const { publicClient, wallet } = makeClients(deployment.chainId, anvil.rpcUrl, ANVIL_RELAYER_KEY);
  const driver = new LedgerDriver(publicClient, wallet, deployment);
  const { communityId } = await driver.createCommunity(
    SUPERVISOR,
    "测试小区",
    opts.settings ?? DEFAULT_SETTINGS,
    MEMBERS.map((k) => privateKeyToAccount(k).address),
    3,
  );
  const committee = MEMBERS.slice(0, 3);
  await driver.committee(
    communityId,
    CommitteeKind.RegisterBuildings,
    [communityId, [{ buildingId: 1, compound: 1, label: "1栋" }, { buildingId: 2, compound: 1, label: "2栋" }]],
    committee,
  );
  await driver.committee(
    communityId,
    CommitteeKind.RegisterUnits,
    [
      communityId,
      UNITS.map(([unitId, buildingId, areaCm2, kind, developerHeld]) => ({
        unitId,
        buildingId,
        areaCm2,
        areaSource: 3,
        kind,
        developerHeld,
        label: `${buildingId}-${unitId}`,
      })),
    ],
    committee,
  );
  const bindings = UNITS.flatMap(([unitId, , , , , owners]) =>
    owners.map((o) => ({
      unitId,
      owner: addr(o),
      identityHash: keccak256(toHex(`identity:${o}`)),
      evidenceHash: keccak256(toHex(`evidence:${unitId}:${o}`)),
    })),
  );
  await driver.committee(communityId, CommitteeKind.BindOwners, [communityId, bindings], committee);
  await driver.committee(communityId, CommitteeKind.SetDeveloper, [communityId, addr("developer")], committee);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ledger-api-test-"));
  const start = () =>
    startService({
      deployment,
      rpcUrl: opts.serviceRpc ? opts.serviceRpc(anvil.rpcUrl) : anvil.rpcUrl,
      finalityDepth: opts.finalityDepth,
      relayerKey: ANVIL_RELAYER_KEY,
      database: { databaseUrl: opts.databaseUrl, dataDir: path.join(dataDir, "db") },
      // Tests drive the API from one address far faster than a person: no write limit unless a
      // test sets one (test/api/hostileInput.test.ts does).
      rateLimits: { writesPerMinute: 0, writeBurst: 1, ballotsPerMinute: 0, ballotBurst: 1 },
      ...opts.service,
    });
  const tb: Testbed = {
    anvil,
    deployment,
    driver,
    communityId,
    service: await start(),
    dataDir,
    databaseUrl: opts.databaseUrl,
    async restart() {
      await tb.service.stop();
      tb.service = await start();
      return tb.service;
    },
    async stop() {
      await tb.service.stop().catch(() => undefined);
      await anvil.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return tb;
}

/** JSON request against the app, without a socket; with a session token when given. */
export async function call(tb: Testbed, method: string, url: string, body?: unknown, token?: string) {
  const headers: Record<string, string> = body === undefined ? {} : { "content-type": "application/json" };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const res = await tb.service.app.request(url, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: Record<string, any> = {};
  try {
    json = JSON.parse(text) as Record<string, any>;
  } catch {
    json = { text };
  }
  return { status: res.status, body: json };
}

export async function signBallot(
  tb: Testbed,
  voterLabel: string,
  m: { proposalId: bigint; entryId: number; choice: number; nonce: number; deadline: bigint },
  domainOverride?: { chainId?: number; voting?: Address },
) {
  return privateKeyToAccount(key(voterLabel)).signTypedData({
    domain: votingDomain(domainOverride?.chainId ?? tb.deployment.chainId, domainOverride?.voting ?? tb.deployment.voting),
    types: ballotTypes,
    primaryType: "Ballot",
    message: m,
  });
}

/** The origin app.request() addresses (what a sign-in message must name by default). */
export const TEST_ORIGIN = "http://localhost";

/** An EIP-4361 message for `privateKey` with a fresh nonce from the API; fields can be overridden. */
export async function siweMessage(
  tb: Testbed,
  privateKey: Hex,
  over: { domain?: string; uri?: string; chainId?: number; nonce?: string; issuedAt?: Date; expirationTime?: Date } = {},
) {
  const n = await call(tb, "POST", "/api/auth/nonce");
  if (n.status !== 201) throw new Error(`nonce failed: ${JSON.stringify(n.body)}`);
  return createSiweMessage({
    address: privateKeyToAccount(privateKey).address,
    domain: over.domain ?? new URL(TEST_ORIGIN).host,
    uri: over.uri ?? TEST_ORIGIN,
    chainId: over.chainId ?? tb.deployment.chainId,
    nonce: over.nonce ?? (n.body.nonce as string),
    version: "1",
    issuedAt: over.issuedAt ?? new Date(),
    statement: "Sign in to Community Ledger.",
    ...(over.expirationTime ? { expirationTime: over.expirationTime } : {}),
  });
}

/** Signs in with `privateKey` (Sign-In with Ethereum) and returns the session token. */
export async function signIn(tb: Testbed, privateKey: Hex): Promise<string> {
  const message = await siweMessage(tb, privateKey);
  const signature = await privateKeyToAccount(privateKey).signMessage({ message });
  const r = await call(tb, "POST", "/api/auth/sign-in", { message, signature });
  if (r.status !== 201) throw new Error(`sign-in failed: ${JSON.stringify(r.body)}`);
  return r.body.token as string;
}

const memberTokens = new WeakMap<Testbed, string>();

/** A session of the first committee member, signed in once per testbed. */
export async function memberToken(tb: Testbed): Promise<string> {
  const known = memberTokens.get(tb);
  if (known) return known;
  const token = await signIn(tb, MEMBERS[0]!);
  memberTokens.set(tb, token);
  return token;
}

/** A request as the first committee member (drafts need a member's session). */
export async function callAsMember(tb: Testbed, method: string, url: string, body?: unknown) {
  return call(tb, method, url, body, await memberToken(tb));
}

/** Publishes a proposal through the API (a member drafts, three members sign) and waits for it. */
export async function publishViaApi(
  tb: Testbed,
  draft: { matter: number; scope: { kind: 0 | 1 | 2; ids: number[] }; options?: string[]; title?: string; text?: string },
) {
  const now = await tb.driver.now();
  const votingStart = now + 15n * DAY + 3600n;
  const votingEnd = votingStart + 10n * DAY;
  const res = await callAsMember(tb, "POST", `/api/communities/${tb.communityId}/proposal-drafts`, {
    matter: draft.matter,
    scope: draft.scope,
    adHoc: false,
    votingStart: votingStart.toString(),
    votingEnd: votingEnd.toString(),
    title: draft.title ?? "更换 1 栋屋面防水",
    text: draft.text ?? "1 栋屋面漏水，拟更换防水层。Replace building 1's roof membrane.",
    options: draft.options ?? ["同意", "反对", "弃权"],
  });
  if (res.status !== 201) throw new Error(`draft failed: ${JSON.stringify(res.body)}`);
  const action = res.body.action;
  await signAction(tb, action);
  const id = await waitFor(async () => {
    const a = await call(tb, "GET", `/api/actions/${action.id}`);
    if (a.body.action.status === "failed") throw new Error(`publish failed: ${a.body.action.error}`);
    if (a.body.action.status !== "confirmed") return null;
    await tb.service.ctx.indexer.waitFor();
    const list = await call(tb, "GET", `/api/proposals?communityId=${tb.communityId}`);
    return list.body.proposals[0]?.id as string | undefined;
  });
  return { proposalId: BigInt(id), votingStart, votingEnd, actionId: action.id as string };
}

export async function waitFor<T>(fn: () => Promise<T | null | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== null && v !== undefined) return v;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Three committee members sign a pending action through the API; waits until it is on chain. */
export async function signAction(tb: Testbed, action: { id: string; typedData: Record<string, any> }) {
  for (const k of MEMBERS.slice(0, 3)) {
    const td = action.typedData;
    const signature = await privateKeyToAccount(k).signTypedData({
      domain: { ...td.domain, chainId: Number(td.domain.chainId) },
      types: td.types,
      primaryType: td.primaryType,
      message: { ...td.message, communityId: BigInt(td.message.communityId), deadline: BigInt(td.message.deadline) },
    });
    const s = await call(tb, "POST", `/api/actions/${action.id}/signatures`, { signature });
    if (s.status !== 200) throw new Error(`signature failed: ${JSON.stringify(s.body)}`);
  }
  return waitFor(async () => {
    const a = await call(tb, "GET", `/api/actions/${action.id}`);
    if (a.body.action.status === "failed") throw new Error(`action failed: ${a.body.action.error}`);
    return a.body.action.status === "confirmed" ? a.body.action : null;
  });
}

/**
 * Moves the chain's clock and waits until the API sees it: the API reuses a clock reading for
 * up to 50 ms (see chainClock), so a request right after evm_increaseTime could see the old time.
 */
export async function advanceChainTime(tb: Testbed, seconds: bigint): Promise<void> {
  const target = (await tb.driver.now()) + seconds;
  await tb.driver.increaseTime(seconds);
  await waitFor(async () => ((await tb.service.ctx.chainTime()) >= target ? true : null), 5_000);
}
