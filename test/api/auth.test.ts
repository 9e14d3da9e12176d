/**
 * Who is who on the API: Sign-In with Ethereum (EIP-4361) gives a session; drafting a committee
 * action needs a session of a current committee member of that community (read from the chain);
 * public reads, ballots and committee signatures stay open. Every refusal has its stable code.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keccak256, toHex, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { SupervisorKind } from "../../chain/typedData";
import { authOptionsFromEnv, resolveAuthConfig } from "../../ledger-api/src/auth/config";
import { supervisorPayloadHash } from "../../chain/payloads";
import { DEFAULT_SETTINGS } from "../../domain/settings";
import {
  DAY,
  MEMBERS,
  SUPERVISOR,
  addr,
  call,
  createTestbed,
  key,
  publishViaApi,
  signIn,
  siweMessage,
  type Testbed,
} from "./support/testbed";

let tb: Testbed;
let proposalId: bigint;

beforeAll(async () => {
  tb = await createTestbed();
  ({ proposalId } = await publishViaApi(tb, { matter: 5, scope: { kind: 1, ids: [1] } }));
}, 120_000);

afterAll(async () => {
  await tb?.stop();
});

function expectRefusal(r: { status: number; body: Record<string, any> }, status: number, code: string) {
  expect([r.status, r.body.error?.code], JSON.stringify(r.body)).toEqual([status, code]);
  expect(r.body.error.message["zh-CN"]).toMatch(/[\u4e00-\u9fff]/);
  expect(r.body.error.message.en.length).toBeGreaterThan(0);
}

async function proposalDraft() {
  const now = await tb.driver.now();
  return {
    matter: 9,
    scope: { kind: 0, ids: [] },
    adHoc: true,
    votingStart: String(now + 8n * DAY),
    votingEnd: String(now + 20n * DAY),
    title: "加装电动车充电桩",
    text: "在 2 栋旁加装充电桩。Add e-bike chargers beside building 2.",
    options: ["同意", "反对", "弃权"],
  };
}

/** Every drafting route, with a body it would accept from a member. */
async function draftRoutes(): Promise<[string, unknown][]> {
  const h = keccak256(toHex("scan"));
  return [
    [`/api/communities/${tb.communityId}/proposal-drafts`, await proposalDraft()],
    [`/api/communities/${tb.communityId}/registry-drafts`, { action: "updateUnitArea", unitId: 102, areaCm2: "8010", areaSource: 3 }],
    [`/api/proposals/${proposalId}/paper-ballot-drafts`, { ballots: [{ entryId: 0, choice: 0, scanHash: h }] }],
    [`/api/proposals/${proposalId}/mandate-drafts`, { mandates: [{ entryId: 0, proxy: addr("proxy"), mandateHash: h }] }],
    [`/api/proposals/${proposalId}/extension-drafts`, { newVotingEnd: String((await tb.driver.now()) + 30n * DAY) }],
    [`/api/communities/${tb.communityId}/fund-drafts`, { action: "changeFundSettings", depositRateFenPerM2: "12000", emergencyCapFen: "100", emergencyReportDays: 30 }],
  ];
}

async function signedMessage(signer: Hex, over: Parameters<typeof siweMessage>[2] = {}, messageKey: Hex = signer) {
  const message = await siweMessage(tb, messageKey, over);
  const signature = await privateKeyToAccount(signer).signMessage({ message });
  return { message, signature };
}

describe("drafting needs a signed-in committee member", () => {
  it("refuses every draft without a session: 401 AUTH_REQUIRED, and no action is made", async () => {
    const before = await tb.service.ctx.prisma.pendingAction.count();
    for (const [url, body] of await draftRoutes()) {
      const r = await call(tb, "POST", url, body);
      expectRefusal(r, 401, "AUTH_REQUIRED");
      expect(r.body.error.message.en).toContain("Sign in");
    }
    // The custodian's drafts: a session of the community's custodian only.
    const custodianDraft = { action: "recordInterest", amountFen: "1", bankRecordHash: keccak256(toHex("bank")) };
    expectRefusal(await call(tb, "POST", `/api/communities/${tb.communityId}/custodian-drafts`, custodianDraft), 401, "AUTH_REQUIRED");
    expectRefusal(
      await call(tb, "POST", `/api/communities/${tb.communityId}/custodian-drafts`, custodianDraft, await signIn(tb, MEMBERS[0]!)),
      403,
      "CUSTODIAN_REQUIRED",
    );
    const garbled = await call(tb, "POST", `/api/communities/${tb.communityId}/proposal-drafts`, await proposalDraft(), "not a token!");
    expectRefusal(garbled, 401, "AUTH_REQUIRED");
    const unknown = await call(tb, "POST", `/api/communities/${tb.communityId}/proposal-drafts`, await proposalDraft(), "A".repeat(43));
    expectRefusal(unknown, 401, "AUTH_REQUIRED");
    expect(await tb.service.ctx.prisma.pendingAction.count()).toBe(before);
  });

  it("refuses every draft by a signed-in owner who is not on the committee: 403 COMMITTEE_MEMBER_REQUIRED", async () => {
    const token = await signIn(tb, key("alice"));
    const before = await tb.service.ctx.prisma.pendingAction.count();
    for (const [url, body] of await draftRoutes()) {
      expectRefusal(await call(tb, "POST", url, body, token), 403, "COMMITTEE_MEMBER_REQUIRED");
    }
    expect(await tb.service.ctx.prisma.pendingAction.count()).toBe(before);
  });

  it("takes a draft from a signed-in member (201), and still checks the draft itself after that", async () => {
    const token = await signIn(tb, MEMBERS[3]!);
    const ok = await call(tb, "POST", `/api/communities/${tb.communityId}/proposal-drafts`, await proposalDraft(), token);
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.action.status).toBe("collecting");
    const area = await call(tb, "POST", `/api/communities/${tb.communityId}/registry-drafts`, { action: "updateUnitArea", unitId: 102, areaCm2: "8010", areaSource: 3 }, token);
    expect(area.status, JSON.stringify(area.body)).toBe(201);
    // signed in, but the body is wrong: the usual 400, not a 500
    const bad = await call(tb, "POST", `/api/communities/${tb.communityId}/registry-drafts`, { action: "mintMoney" }, token);
    expectRefusal(bad, 400, "VALIDATION_FAILED");
    const badId = await call(tb, "POST", "/api/communities/abc/proposal-drafts", await proposalDraft(), token);
    expectRefusal(badId, 400, "VALIDATION_FAILED");
    expectRefusal(await call(tb, "POST", "/api/communities/999/proposal-drafts", await proposalDraft(), token), 404, "COMMUNITY_NOT_FOUND");
    expectRefusal(await call(tb, "POST", "/api/proposals/999/extension-drafts", { newVotingEnd: "1" }, token), 404, "PROPOSAL_NOT_FOUND");
  });

  it("refuses an expired session: 401 SESSION_EXPIRED", async () => {
    const token = await signIn(tb, MEMBERS[1]!);
    const session = await call(tb, "GET", "/api/auth/session", undefined, token);
    expect(session.status).toBe(200);
    // the session's end passes (as it would after SESSION_LIFETIME_SECONDS)
    await tb.service.ctx.prisma.authSession.updateMany({ where: { address: addr("member-1").toLowerCase() }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const r = await call(tb, "POST", `/api/communities/${tb.communityId}/proposal-drafts`, await proposalDraft(), token);
    expectRefusal(r, 401, "SESSION_EXPIRED");
    expectRefusal(await call(tb, "GET", "/api/auth/session", undefined, token), 401, "SESSION_EXPIRED");
  });

  it("decides membership from the chain as it is now: a newly installed committee drafts at once, the old one no longer can", async () => {
    const old = [key("c3-old-0"), key("c3-old-1")];
    const fresh = [key("c3-new-0"), key("c3-new-1")];
    const { communityId } = await tb.driver.createCommunity(SUPERVISOR, "第三小区", DEFAULT_SETTINGS, old.map((k) => privateKeyToAccount(k).address), 2);
    const [oldToken, freshToken] = [await signIn(tb, old[0]!), await signIn(tb, fresh[0]!)];
    const url = `/api/communities/${communityId}/registry-drafts`;
    const body = { action: "registerBuildings", buildings: [{ buildingId: 1, compound: 1, label: "1栋" }] };
    const { indexer } = tb.service.ctx;
    await indexer.waitFor();
    await indexer.stop();
    try {
      const members = fresh.map((k) => privateKeyToAccount(k).address);
      const auth = await tb.driver.supervisorAuth(SUPERVISOR, SupervisorKind.InstallCommittee, supervisorPayloadHash(SupervisorKind.InstallCommittee, [communityId, members, 2]));
      await tb.driver.send("registry", "installCommittee", [communityId, members, 2, auth]);
      // the index has not seen the new committee; the chain has
      const indexed = await tb.service.ctx.prisma.community.findUnique({ where: { id: communityId } });
      expect(indexed?.members).toEqual(old.map((k) => privateKeyToAccount(k).address.toLowerCase()));
      expectRefusal(await call(tb, "POST", url, body, oldToken), 403, "COMMITTEE_MEMBER_REQUIRED");
      const ok = await call(tb, "POST", url, body, freshToken);
      expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    } finally {
      indexer.start();
    }
  });
});

describe("Sign-In with Ethereum", () => {
  it("signs in with a signed EIP-4361 message and tells who is who, with roles read from the chain", async () => {
    const t0 = Date.now();
    const n = await call(tb, "POST", "/api/auth/nonce");
    expect(n.status).toBe(201);
    expect(n.body).toMatchObject({ domain: "localhost", uri: "http://localhost", chainId: tb.deployment.chainId, sessionLifetimeSeconds: 8 * 3600 });
    expect(n.body.nonce).toMatch(/^[0-9a-f]{32}$/);
    expect(Math.abs(new Date(n.body.serverTime).getTime() - Date.now())).toBeLessThan(60_000);

    const { message, signature } = await signedMessage(MEMBERS[0]!);
    const r = await call(tb, "POST", "/api/auth/sign-in", { message, signature });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ tokenType: "Bearer", address: addr("member-0").toLowerCase() });
    const lifetime = new Date(r.body.expiresAt).getTime() - t0;
    expect(lifetime).toBeGreaterThan(8 * 3600_000 - 60_000);
    expect(lifetime).toBeLessThanOrEqual(8 * 3600_000 + 60_000);
    // only the token's hash is stored
    const rows = await tb.service.ctx.prisma.authSession.findMany();
    expect(rows.some((s) => s.tokenHash === r.body.token)).toBe(false);

    const me = await call(tb, "GET", "/api/auth/session", undefined, r.body.token);
    expect(me.status).toBe(200);
    expect(me.body.address).toBe(addr("member-0").toLowerCase());
    expect(me.body.roles.supervisor).toBe(false);
    expect(me.body.roles.communities).toContainEqual({ communityId: tb.communityId.toString(), name: "测试小区", roles: ["committee-member"], units: [] });

    const alice = await call(tb, "GET", "/api/auth/session", undefined, await signIn(tb, key("alice")));
    expect(alice.body.roles.communities).toEqual([
      { communityId: tb.communityId.toString(), name: "测试小区", roles: ["owner"], units: [{ unitId: 101, label: "1-101" }, { unitId: 103, label: "1-103" }] },
    ]);
    const supervisor = await call(tb, "GET", "/api/auth/session", undefined, await signIn(tb, SUPERVISOR));
    expect(supervisor.body.roles.supervisor).toBe(true);
    expect(supervisor.body.roles.communities[0]).toMatchObject({ communityId: tb.communityId.toString(), roles: ["supervisor"] });
    expectRefusal(await call(tb, "GET", "/api/auth/session"), 401, "AUTH_REQUIRED");
  });

  it("ends the session at the message's expiration time when that comes before the configured lifetime", async () => {
    const end = new Date(Date.now() + 10 * 60_000);
    const { message, signature } = await signedMessage(MEMBERS[0]!, { expirationTime: end });
    const r = await call(tb, "POST", "/api/auth/sign-in", { message, signature });
    expect(r.status).toBe(201);
    expect(new Date(r.body.expiresAt).getTime()).toBe(end.getTime());
  });

  it("follows the configuration: PUBLIC_ORIGIN fixes the site a message must name, SESSION_LIFETIME_SECONDS the session's length", async () => {
    const saved = tb.service.ctx.auth;
    tb.service.ctx.auth = resolveAuthConfig({ publicOrigin: "https://ledger.example.org", sessionLifetimeSeconds: 60 });
    try {
      const n = await call(tb, "POST", "/api/auth/nonce");
      expect(n.body).toMatchObject({ domain: "ledger.example.org", uri: "https://ledger.example.org", sessionLifetimeSeconds: 60 });
      // the request came to http://localhost, but the configured origin is what counts
      expectRefusal(await call(tb, "POST", "/api/auth/sign-in", await signedMessage(MEMBERS[0]!)), 400, "SIWE_DOMAIN_MISMATCH");
      const ok = await call(tb, "POST", "/api/auth/sign-in", await signedMessage(MEMBERS[0]!, { domain: "ledger.example.org", uri: "https://ledger.example.org/#/committee" }));
      expect(ok.status, JSON.stringify(ok.body)).toBe(201);
      expect(Math.abs(new Date(ok.body.expiresAt).getTime() - (Date.now() + 60_000))).toBeLessThan(10_000);
    } finally {
      tb.service.ctx.auth = saved;
    }
    expect(() => resolveAuthConfig({ sessionLifetimeSeconds: 0 })).toThrow(/SESSION_LIFETIME_SECONDS/);
    expect(() => resolveAuthConfig({ publicOrigin: "ledger.example.org" })).toThrow(/PUBLIC_ORIGIN/);
    expect(authOptionsFromEnv({ SESSION_LIFETIME_SECONDS: "3600", PUBLIC_ORIGIN: " https://a.example/ " })).toEqual({ sessionLifetimeSeconds: 3600, publicOrigin: "https://a.example/" });
    expect(resolveAuthConfig(authOptionsFromEnv({}))).toMatchObject({ sessionLifetimeSeconds: 8 * 3600, publicOrigin: null });
  });

  it("refuses a replayed nonce: the same signed message signs in once", async () => {
    const signed = await signedMessage(MEMBERS[0]!);
    expect((await call(tb, "POST", "/api/auth/sign-in", signed)).status).toBe(201);
    expectRefusal(await call(tb, "POST", "/api/auth/sign-in", signed), 409, "SIWE_NONCE_USED");
  });

  it("refuses a nonce the server never issued, and one that has expired", async () => {
    expectRefusal(await call(tb, "POST", "/api/auth/sign-in", await signedMessage(MEMBERS[0]!, { nonce: "abcdef0123456789abcdef0123456789" })), 400, "SIWE_NONCE_UNKNOWN");
    const signed = await signedMessage(MEMBERS[0]!);
    const nonce = /Nonce: (\w+)/.exec(signed.message)![1]!;
    await tb.service.ctx.prisma.authNonce.update({ where: { nonce }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expectRefusal(await call(tb, "POST", "/api/auth/sign-in", signed), 400, "SIWE_NONCE_EXPIRED");
  });

  it("refuses a message for another website or another chain", async () => {
    const cases: [Parameters<typeof siweMessage>[2], string][] = [
      [{ domain: "evil.example" }, "SIWE_DOMAIN_MISMATCH"],
      [{ uri: "https://evil.example/login" }, "SIWE_DOMAIN_MISMATCH"],
      [{ domain: "localhost:8787", uri: "http://localhost:8787" }, "SIWE_DOMAIN_MISMATCH"],
      [{ chainId: 1 }, "SIWE_CHAIN_MISMATCH"],
    ];
    for (const [over, code] of cases) {
      expectRefusal(await call(tb, "POST", "/api/auth/sign-in", await signedMessage(MEMBERS[0]!, over)), 400, code);
    }
  });

  it("refuses a message that has expired, one issued in the future, and one issued too long ago", async () => {
    expectRefusal(await call(tb, "POST", "/api/auth/sign-in", await signedMessage(MEMBERS[0]!, { expirationTime: new Date(Date.now() - 1000) })), 400, "SIWE_MESSAGE_EXPIRED");
    expectRefusal(await call(tb, "POST", "/api/auth/sign-in", await signedMessage(MEMBERS[0]!, { issuedAt: new Date(Date.now() + 3600_000) })), 400, "SIWE_MESSAGE_NOT_YET_VALID");
    expectRefusal(await call(tb, "POST", "/api/auth/sign-in", await signedMessage(MEMBERS[0]!, { issuedAt: new Date(Date.now() - 3600_000) })), 400, "SIWE_MESSAGE_EXPIRED");
  });

  it("refuses a signature by another key than the message's address", async () => {
    const r = await call(tb, "POST", "/api/auth/sign-in", await signedMessage(key("bob"), {}, MEMBERS[0]!));
    expectRefusal(r, 401, "SIWE_SIGNATURE_MISMATCH");
    expectRefusal(await call(tb, "POST", "/api/auth/sign-in", { ...(await signedMessage(MEMBERS[0]!)), signature: `0x${"00".repeat(65)}` }), 400, "BAD_SIGNATURE");
  });

  it("refuses what is not an EIP-4361 message, or not in its standard form, without a 500", async () => {
    const sign = (message: string) => privateKeyToAccount(MEMBERS[0]!).signMessage({ message });
    const junk = "please let me in";
    expectRefusal(await call(tb, "POST", "/api/auth/sign-in", { message: junk, signature: await sign(junk) }), 400, "SIWE_MESSAGE_INVALID");
    const { message } = await signedMessage(MEMBERS[0]!);
    const lower = message.replace(addr("member-0"), addr("member-0").toLowerCase());
    expectRefusal(await call(tb, "POST", "/api/auth/sign-in", { message: lower, signature: await sign(lower) }), 400, "SIWE_MESSAGE_INVALID");
    const trailing = `${message}\nPS: and transfer everything`;
    expectRefusal(await call(tb, "POST", "/api/auth/sign-in", { message: trailing, signature: await sign(trailing) }), 400, "SIWE_MESSAGE_INVALID");
    const badDate = message.replace(/Issued At: .+/, "Issued At: yesterday");
    expectRefusal(await call(tb, "POST", "/api/auth/sign-in", { message: badDate, signature: await sign(badDate) }), 400, "SIWE_MESSAGE_INVALID");
    expectRefusal(await call(tb, "POST", "/api/auth/sign-in", { message }), 400, "VALIDATION_FAILED");
    expectRefusal(await call(tb, "POST", "/api/auth/sign-in"), 400, "VALIDATION_FAILED");
  });

  it("signs out: the session ends at once and cannot be ended twice", async () => {
    const token = await signIn(tb, MEMBERS[2]!);
    expect((await call(tb, "POST", `/api/communities/${tb.communityId}/proposal-drafts`, await proposalDraft(), token)).status).toBe(201);
    const out = await call(tb, "POST", "/api/auth/sign-out", undefined, token);
    expect([out.status, out.body.signedOut]).toEqual([200, true]);
    expectRefusal(await call(tb, "POST", `/api/communities/${tb.communityId}/proposal-drafts`, await proposalDraft(), token), 401, "AUTH_REQUIRED");
    expectRefusal(await call(tb, "GET", "/api/auth/session", undefined, token), 401, "AUTH_REQUIRED");
    expectRefusal(await call(tb, "POST", "/api/auth/sign-out", undefined, token), 401, "AUTH_REQUIRED");
    expectRefusal(await call(tb, "POST", "/api/auth/sign-out"), 401, "AUTH_REQUIRED");
  });

  it("keeps sessions through an index rebuild from the chain", async () => {
    const token = await signIn(tb, MEMBERS[0]!);
    await tb.service.ctx.indexer.rebuild();
    expect((await call(tb, "GET", "/api/auth/session", undefined, token)).status).toBe(200);
  });
});

describe("what stays open", () => {
  it("serves public reads without a session", async () => {
    for (const url of ["/api/communities", `/api/communities/${tb.communityId}`, `/api/proposals?communityId=${tb.communityId}`, `/api/proposals/${proposalId}`, `/api/proposals/${proposalId}/roll`, `/api/communities/${tb.communityId}/actions`, "/api/config"]) {
      expect((await call(tb, "GET", url)).status, url).toBe(200);
    }
  });

  it("declares the bearer security scheme on exactly the routes that need a session", async () => {
    const doc = (await call(tb, "GET", "/openapi.json")).body;
    expect(doc.components.securitySchemes.siweSession).toMatchObject({ type: "http", scheme: "bearer" });
    const secured: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>)) {
      for (const [method, op] of Object.entries(ops)) {
        if (op.security) {
          secured.push(`${method} ${path}`);
          expect(op.responses["401"], `${method} ${path}`).toBeDefined();
        }
      }
    }
    expect(secured.sort()).toEqual(
      [
        "post /api/communities/{id}/proposal-drafts",
        "post /api/communities/{id}/registry-drafts",
        "post /api/communities/{id}/fund-drafts",
        "post /api/communities/{id}/custodian-drafts",
        "post /api/proposals/{id}/paper-ballot-drafts",
        "post /api/proposals/{id}/mandate-drafts",
        "post /api/proposals/{id}/extension-drafts",
        "post /api/proposals/{id}/objections/{objectionId}/answer-drafts",
        "post /api/communities/{id}/documents",
        "get /api/documents/{sha256}",
        "get /api/auth/session",
        "post /api/auth/sign-out",
      ].sort(),
    );
    // every drafting route is secured
    const drafts = Object.keys(doc.paths).filter((p) => p.endsWith("-drafts"));
    expect(drafts.every((p) => secured.includes(`post ${p}`))).toBe(true);
  });
});
