/**
 * The API against a real chain node (Anvil) and a real database (PGlite here; PostgreSQL in
 * postgres.test.ts): owners vote end to end, bad input is refused with stable codes and
 * changes nothing, the relayer is idempotent and survives a restart, and the index can be
 * rebuilt from the chain to the same state.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keccak256, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { CommitteeKind, objectionTypes, votingDomain } from "../../chain/typedData";
import { DEFAULT_SETTINGS } from "../../domain/settings";
import { computeRoll } from "../../ledger-api/src/roll/rollStore";
import { DAY, MEMBERS, SUPERVISOR, addr, key, advanceChainTime, call, callAsMember, createTestbed, publishViaApi, signAction, signBallot, waitFor, type Testbed } from "./support/testbed";

let tb: Testbed;
let proposalId: bigint;
let votingEnd: bigint;

async function entryOf(label: string) {
  const r = await call(tb, "GET", `/api/proposals/${proposalId}/voters/${addr(label)}`);
  expect(r.status).toBe(200);
  return r.body.entries[0] as { entryId: number; areaCm2: string; headcount: number; voter: string; proof: string[] };
}

async function ballotBody(label: string, choice: number, nonce = 1, over: Record<string, unknown> = {}) {
  const e = await entryOf(label);
  const signature = await signBallot(tb, label, { proposalId, entryId: e.entryId, choice, nonce, deadline: votingEnd });
  return {
    proposalId: proposalId.toString(),
    entryId: e.entryId,
    voter: addr(label),
    choice,
    nonce,
    deadline: votingEnd.toString(),
    signature,
    ...over,
  };
}

async function confirmed(receiptId: string) {
  return waitFor(async () => {
    const r = await call(tb, "GET", `/api/ballots/${receiptId}`);
    return ["confirmed", "rejected", "failed"].includes(r.body.receipt.status) ? r.body.receipt : null;
  });
}

async function jobCount() {
  return tb.service.ctx.prisma.relayJob.count();
}

beforeAll(async () => {
  tb = await createTestbed();
  const p = await publishViaApi(tb, { matter: 5, scope: { kind: 1, ids: [1] } });
  proposalId = p.proposalId;
  votingEnd = p.votingEnd;
}, 120_000);

afterAll(async () => {
  await tb?.stop();
});

describe("service", () => {
  it("reports the chain head and index lag on /healthz", async () => {
    await tb.service.ctx.indexer.waitFor();
    const r = await call(tb, "GET", "/healthz");
    expect(r.status).toBe(200);
    expect(r.body.ok).toBe(true);
    expect(BigInt(r.body.chainHead)).toBeGreaterThan(0n);
    expect(r.body.indexLag).toBe("0");
  });

  it("describes itself in an OpenAPI 3.1 document with a docs page", async () => {
    const r = await call(tb, "GET", "/openapi.json");
    expect(r.body.openapi).toBe("3.1.0");
    expect(Object.keys(r.body.paths)).toEqual(expect.arrayContaining(["/api/ballots", "/api/proposals/{id}", "/healthz"]));
    const docs = await tb.service.app.request("/docs");
    expect(await docs.text()).toContain("/openapi.json");
  });
});

describe("a proposal over building 1 (fund use)", () => {
  it("commits the roll: one buyer's units merged, the developer as one person, co-owners share an entry", async () => {
    const r = await call(tb, "GET", `/api/proposals/${proposalId}/roll?limit=200`);
    expect(r.status).toBe(200);
    // alice (101+103), bob, carol&dave (104), developer (105+106), unbound 107
    expect(r.body.entryCount).toBe(5);
    expect(r.body.totalHeadcount).toBe(5);
    expect(r.body.totalAreaCm2).toBe(String(10000 + 8000 + 6000 + 9000 + 7000 + 6000 + 5000));
    const alice = r.body.entries.find((e: { voters: string[] }) => e.voters.includes(addr("alice").toLowerCase()));
    expect(alice.areaCm2).toBe("16000");
    const coOwned = r.body.entries.find((e: { voters: string[] }) => e.voters.length === 2);
    expect(coOwned.voters).toEqual([addr("carol").toLowerCase(), addr("dave").toLowerCase()].sort());
    // The developer's units (105, 106): the developer alone signs; henry, who bought 105, only
    // once it is delivered.
    const developer = r.body.entries.find((e: { unitLabels: string[] }) => e.unitLabels.includes("1-105"));
    expect(developer).toMatchObject({ unitLabels: ["1-105", "1-106"], voters: [addr("developer").toLowerCase()] });
    const henry = await call(tb, "GET", `/api/proposals/${proposalId}/voters/${addr("henry")}`);
    expect(henry.body.entries).toEqual([]);
    const c = await call(tb, "GET", `/api/communities/${tb.communityId}`);
    expect(c.body.community.developer).toBe(addr("developer").toLowerCase());
    const same = await callAsMember(tb, "POST", `/api/communities/${tb.communityId}/registry-drafts`, { action: "setDeveloper", developer: addr("developer") });
    expect([same.status, same.body.error?.code]).toEqual([409, "REGISTRY_DEVELOPER_UNCHANGED"]);
  });

  it("refuses a ballot during the notice period", async () => {
    const before = await jobCount();
    const r = await call(tb, "POST", "/api/ballots", await ballotBody("alice", 0));
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("VOTING_NOT_OPEN");
    expect(r.body.error.message["zh-CN"]).toMatch(/投票期/);
    expect(r.body.error.message.en).toMatch(/Voting is not open/);
    expect(await jobCount()).toBe(before);
  });

  it("accepts a signed ballot at once and confirms it with transaction and block; a replay gives the same receipt", async () => {
    const p = await call(tb, "GET", `/api/proposals/${proposalId}`);
    await advanceChainTime(tb, BigInt(p.body.votingStart) - (await tb.driver.now()));
    const body = await ballotBody("alice", 0);
    const first = await call(tb, "POST", "/api/ballots", body);
    expect(first.status).toBe(202);
    expect(first.body.receipt.status).toBe("accepted");
    const again = await call(tb, "POST", "/api/ballots", body);
    expect(again.status).toBe(200);
    expect(again.body.receipt.id).toBe(first.body.receipt.id);
    const receipt = await confirmed(first.body.receipt.id);
    expect(receipt.status).toBe("confirmed");
    expect(receipt.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(Number(receipt.blockNumber)).toBeGreaterThan(0);
    // replayed after confirmation: still the same receipt, still counted once
    const late = await call(tb, "POST", "/api/ballots", body);
    expect(late.body.receipt.id).toBe(first.body.receipt.id);
    await tb.service.ctx.indexer.waitFor();
    const d = await call(tb, "GET", `/api/proposals/${proposalId}`);
    expect(d.body.tallies[0]).toEqual({ areaCm2: "16000", headcount: 1 });
  });

  it("lets an owner change the ballot; the tally moves, counted once", async () => {
    const r = await call(tb, "POST", "/api/ballots", await ballotBody("alice", 1, 2));
    expect(r.status).toBe(202);
    expect((await confirmed(r.body.receipt.id)).status).toBe("confirmed");
    await tb.service.ctx.indexer.waitFor();
    const d = await call(tb, "GET", `/api/proposals/${proposalId}`);
    expect(d.body.tallies[0]).toEqual({ areaCm2: "0", headcount: 0 });
    expect(d.body.tallies[1]).toEqual({ areaCm2: "16000", headcount: 1 });
    const mine = await entryOf("alice");
    expect(mine).toMatchObject({ entryId: expect.any(Number) });
  });

  it("relays two changes of one ballot queued together in order, each in its own batch; the later one stands", async () => {
    const [third, fourth] = [await ballotBody("alice", 0, 3), await ballotBody("alice", 2, 4)];
    // both wait in the queue before the relayer looks
    await tb.service.ctx.worker.stop();
    const r3 = await call(tb, "POST", "/api/ballots", third);
    const r4 = await call(tb, "POST", "/api/ballots", fourth);
    expect([r3.status, r4.status]).toEqual([202, 202]);
    tb.service.ctx.worker.start();
    const [d3, d4] = [await confirmed(r3.body.receipt.id), await confirmed(r4.body.receipt.id)];
    expect([d3.status, d4.status]).toEqual(["confirmed", "confirmed"]);
    expect(BigInt(d4.blockNumber)).toBeGreaterThan(BigInt(d3.blockNumber));
    await tb.service.ctx.indexer.waitFor();
    const d = await call(tb, "GET", `/api/proposals/${proposalId}`);
    expect(d.body.tallies[2]).toEqual({ areaCm2: "16000", headcount: 1 });
    expect(d.body.tallies[0].headcount + d.body.tallies[1].headcount).toBe(0);
  });

  it("batches concurrent ballots; when two co-owners race on one entry, one counts and the other is rejected with its reason", async () => {
    const bodies = await Promise.all([
      ballotBody("bob", 0),
      ballotBody("carol", 0),
      ballotBody("dave", 2),
      ballotBody("developer", 1),
    ]);
    tb.service.ctx.worker.notify();
    const receipts = await Promise.all(bodies.map((b) => call(tb, "POST", "/api/ballots", b)));
    for (const r of receipts) expect(r.status).toBe(202);
    const done = await Promise.all(receipts.map((r) => confirmed(r.body.receipt.id)));
    const statuses = done.map((d) => d.status);
    expect(statuses.filter((s) => s === "confirmed")).toHaveLength(3);
    const rejected = done.find((d) => d.status === "rejected");
    expect(rejected?.reason).toBe("NonceUsed");
    await tb.service.ctx.indexer.waitFor();
    const d = await call(tb, "GET", `/api/proposals/${proposalId}`);
    const totalHead = d.body.tallies.reduce((s: number, t: { headcount: number }) => s + t.headcount, 0);
    expect(totalHead).toBe(4); // alice, bob, carol|dave, developer
  });

  it("keeps the rules the proposal was published with when the community's settings change mid-vote", async () => {
    const changeSettings = async (settings: typeof DEFAULT_SETTINGS) => {
      const draft = await callAsMember(tb, "POST", `/api/communities/${tb.communityId}/registry-drafts`, { action: "changeSettings", settings });
      expect(draft.status, JSON.stringify(draft.body)).toBe(201);
      await signAction(tb, draft.body.action);
      await tb.service.ctx.indexer.waitFor();
    };
    await changeSettings({ ...DEFAULT_SETTINGS, allowBallotChange: false, objectionDays: 3 });
    try {
      const c = await call(tb, "GET", `/api/communities/${tb.communityId}`);
      expect(c.body.community.settings).toMatchObject({ allowBallotChange: false, objectionDays: 3 });
      // This proposal was published when ballots could change: alice still may.
      const r = await call(tb, "POST", "/api/ballots", await ballotBody("alice", 0, 5));
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      expect((await confirmed(r.body.receipt.id)).status).toBe("confirmed");
      const row = await tb.service.ctx.prisma.proposal.findUniqueOrThrow({ where: { id: proposalId } });
      expect([row.allowBallotChange, row.objectionDays]).toEqual([true, DEFAULT_SETTINGS.objectionDays]);
    } finally {
      await changeSettings(DEFAULT_SETTINGS);
    }
  });
});

describe("bad input is refused with a stable code and changes nothing", () => {
  const cases: [string, () => Promise<{ status: number; body: Record<string, any> }>, number, string][] = [
    ["unknown proposal", async () => call(tb, "POST", "/api/ballots", { ...(await ballotBody("bob", 0, 8)), proposalId: "999" }), 404, "PROPOSAL_NOT_FOUND"],
    [
      "not in the electorate (building 2 owner on a building 1 vote)",
      async () => {
        const signature = await signBallot(tb, "erin", { proposalId, entryId: 0, choice: 0, nonce: 1, deadline: votingEnd });
        return call(tb, "POST", "/api/ballots", {
          proposalId: proposalId.toString(), entryId: 0, voter: addr("erin"), choice: 0, nonce: 1, deadline: votingEnd.toString(), signature,
        });
      },
      403,
      "NOT_IN_ELECTORATE",
    ],
    ["wrong signer", async () => {
      const body = await ballotBody("bob", 0, 5);
      const signature = await signBallot(tb, "frank", { proposalId, entryId: body.entryId, choice: 0, nonce: 5, deadline: votingEnd });
      return call(tb, "POST", "/api/ballots", { ...body, signature });
    }, 403, "WRONG_SIGNER"],
    ["bad signature hex", async () => call(tb, "POST", "/api/ballots", { ...(await ballotBody("bob", 0, 6)), signature: "0xzz" }), 400, "VALIDATION_FAILED"],
    ["signature that recovers nobody", async () => call(tb, "POST", "/api/ballots", { ...(await ballotBody("bob", 0, 6)), signature: `0x${"00".repeat(65)}` }), 400, "BAD_SIGNATURE"],
    ["duplicate (nonce already used)", async () => call(tb, "POST", "/api/ballots", await ballotBody("bob", 2, 1)), 409, "BALLOT_NONCE_USED"],
    ["choice out of range", async () => call(tb, "POST", "/api/ballots", await ballotBody("bob", 7, 9)), 400, "BAD_CHOICE"],
    ["negative entry", async () => call(tb, "POST", "/api/ballots", { ...(await ballotBody("bob", 0, 9)), entryId: -1 }), 400, "VALIDATION_FAILED"],
    ["nonce beyond uint16", async () => call(tb, "POST", "/api/ballots", { ...(await ballotBody("bob", 0, 9)), nonce: 70000 }), 400, "VALIDATION_FAILED"],
    ["huge proposal id", async () => call(tb, "POST", "/api/ballots", { ...(await ballotBody("bob", 0, 9)), proposalId: "1".repeat(80) }), 400, "VALIDATION_FAILED"],
    ["unknown field", async () => call(tb, "POST", "/api/ballots", { ...(await ballotBody("bob", 0, 9)), extra: 1 }), 400, "VALIDATION_FAILED"],
    ["malformed JSON", async () => call(tb, "POST", "/api/ballots", "{\"proposalId\": "), 400, "MALFORMED_JSON"],
    ["oversized JSON", async () => call(tb, "POST", "/api/ballots", JSON.stringify({ pad: "x".repeat(300_000) })), 413, "PAYLOAD_TOO_LARGE"],
    ["expired signature", async () => {
      const e = await entryOf("bob");
      const signature = await signBallot(tb, "bob", { proposalId, entryId: e.entryId, choice: 0, nonce: 3, deadline: 1n });
      return call(tb, "POST", "/api/ballots", { ...(await ballotBody("bob", 0, 3)), deadline: "1", signature });
    }, 400, "BALLOT_EXPIRED"],
    ["wrong chain", async () => {
      const e = await entryOf("bob");
      const signature = await signBallot(tb, "bob", { proposalId, entryId: e.entryId, choice: 0, nonce: 4, deadline: votingEnd }, { chainId: 1 });
      return call(tb, "POST", "/api/ballots", { ...(await ballotBody("bob", 0, 4)), signature });
    }, 403, "WRONG_SIGNER"],
    ["unknown receipt", async () => call(tb, "GET", "/api/ballots/00000000-0000-4000-8000-000000000000"), 404, "RECEIPT_NOT_FOUND"],
    ["receipt id not a uuid", async () => call(tb, "GET", "/api/ballots/abc"), 400, "VALIDATION_FAILED"],
    ["proposal id not a number", async () => call(tb, "GET", "/api/proposals/abc"), 400, "VALIDATION_FAILED"],
    ["unknown path", async () => call(tb, "GET", "/api/nothing-here"), 404, "NOT_FOUND"],
    ["finalize while voting", async () => call(tb, "POST", `/api/proposals/${proposalId}/finalize`), 409, "VOTING_NOT_CLOSED"],
    ["a scope for a matter that is not fund use", async () => callAsMember(tb, "POST", `/api/communities/${tb.communityId}/proposal-drafts`, {
      matter: 4, scope: { kind: 1, ids: [1] }, adHoc: false, votingStart: "9999999999", votingEnd: "9999999999", title: "t", text: "t", options: ["a", "b"],
    }), 400, "SCOPE_NOT_ALLOWED"],
    ["notice period too short", async () => callAsMember(tb, "POST", `/api/communities/${tb.communityId}/proposal-drafts`, {
      matter: 2, scope: { kind: 0, ids: [] }, adHoc: false, votingStart: String(await tb.driver.now()), votingEnd: String((await tb.driver.now()) + 10n * DAY), title: "t", text: "t", options: ["a", "b"],
    }), 400, "NOTICE_TOO_SHORT"],
  ];

  for (const [name, run, status, code] of cases) {
    it(name, async () => {
      const before = await jobCount();
      const actions = await tb.service.ctx.prisma.pendingAction.count();
      const r = await run();
      expect(r.status).toBe(status);
      expect(r.body.error.code).toBe(code);
      expect(r.body.error.message["zh-CN"].length).toBeGreaterThan(0);
      expect(r.body.error.message.en.length).toBeGreaterThan(0);
      expect(await jobCount()).toBe(before);
      expect(await tb.service.ctx.prisma.pendingAction.count()).toBe(actions);
    });
  }

  it("refuses a committee signature from a non-member", async () => {
    const now = await tb.driver.now();
    const draft = await callAsMember(tb, "POST", `/api/communities/${tb.communityId}/proposal-drafts`, {
      matter: 9, scope: { kind: 0, ids: [] }, adHoc: true, votingStart: String(now + 8n * DAY), votingEnd: String(now + 20n * DAY), title: "t", text: "other", options: ["a", "b", "c"],
    });
    expect(draft.status).toBe(201);
    const { privateKeyToAccount } = await import("viem/accounts");
    const { key } = await import("./support/testbed");
    const td = draft.body.action.typedData;
    const signature = await privateKeyToAccount(key("bob")).signTypedData({
      domain: { ...td.domain, chainId: Number(td.domain.chainId) },
      types: td.types,
      primaryType: td.primaryType,
      message: { ...td.message, communityId: BigInt(td.message.communityId), deadline: BigInt(td.message.deadline) },
    });
    const r = await call(tb, "POST", `/api/actions/${draft.body.action.id}/signatures`, { signature });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe("NOT_COMMITTEE_MEMBER");
  });
});

describe("a supervisor creates a community through the API", () => {
  const body = () => ({
    action: "createCommunity",
    name: "第二小区",
    settings: { noticeDays: 15, adHocNoticeDays: 7, objectionDays: 7, allowBallotChange: true, excludeParkingArea: true },
    members: [addr("m2-0"), addr("m2-1"), addr("m2-2")],
    threshold: 2,
  });
  async function signed(label: string) {
    const t = await call(tb, "POST", "/api/supervisor-actions/typed-data", body());
    expect(t.status).toBe(200);
    const td = t.body.typedData;
    const { privateKeyToAccount } = await import("viem/accounts");
    const { key } = await import("./support/testbed");
    const signature = await privateKeyToAccount(key(label)).signTypedData({
      domain: { ...td.domain, chainId: Number(td.domain.chainId) },
      types: td.types,
      primaryType: td.primaryType,
      message: { ...td.message, deadline: BigInt(td.message.deadline) },
    });
    return { ...body(), salt: td.message.salt, deadline: td.message.deadline, signature };
  }

  it("refuses a signer who is not a supervisor, and relays the supervisor's signed action", async () => {
    const bad = await call(tb, "POST", "/api/supervisor-actions", await signed("bob"));
    expect(bad.status).toBe(403);
    expect(bad.body.error.code).toBe("NOT_SUPERVISOR");
    const ok = await call(tb, "POST", "/api/supervisor-actions", await signed("supervisor"));
    expect(ok.status).toBe(202);
    await waitFor(async () => ((await call(tb, "GET", `/api/ballots/${ok.body.receipt.id}`)).body.receipt.status === "confirmed" ? true : null));
    await tb.service.ctx.indexer.waitFor();
    const list = await call(tb, "GET", "/api/communities");
    const second = list.body.communities.find((c: { name: string }) => c.name === "第二小区");
    expect(second).toMatchObject({ threshold: 2, settings: { excludeParkingArea: true } });
    expect(second.members).toEqual([addr("m2-0"), addr("m2-1"), addr("m2-2")].map((a) => a.toLowerCase()));
  });
});

describe("the committee keeps the registry through the API", () => {
  it("registers a unit and binds its owner with the committee's signatures; the next roll includes them", async () => {
    const units = await callAsMember(tb, "POST", `/api/communities/${tb.communityId}/registry-drafts`, {
      action: "registerUnits",
      units: [{ unitId: 108, buildingId: 1, areaCm2: "8800", areaSource: 3, kind: 1, developerHeld: false, label: "1-108" }],
    });
    expect(units.status).toBe(201);
    await signAction(tb, units.body.action);
    const bind = await callAsMember(tb, "POST", `/api/communities/${tb.communityId}/registry-drafts`, {
      action: "bindOwners",
      bindings: [{ unitId: 108, owner: addr("henry"), identityHash: keccak256(toHex("identity:henry")), evidenceHash: keccak256(toHex("certificate 108")) }],
    });
    await signAction(tb, bind.body.action);
    await tb.service.ctx.indexer.waitFor();
    const list = await call(tb, "GET", `/api/communities/${tb.communityId}/units?buildingId=1&limit=500`);
    expect(list.body.units.map((u: { unitId: number }) => u.unitId)).toContain(108);
    const community = await call(tb, "GET", `/api/communities/${tb.communityId}`);
    expect(community.body.community.unitCount).toBe(11);
  });

  it("refuses, before anyone signs, a registry draft the contract would refuse; no action is created", async () => {
    const h = keccak256(toHex("evidence"));
    const cases: [Record<string, unknown>, number, string][] = [
      [{ action: "registerBuildings", buildings: [{ buildingId: 1, compound: 1, label: "1栋" }] }, 409, "REGISTRY_BUILDING_EXISTS"],
      [{ action: "registerBuildings", buildings: [{ buildingId: 9, compound: 1, label: "9" }, { buildingId: 9, compound: 1, label: "9" }] }, 400, "REGISTRY_DUPLICATE_IN_LIST"],
      [{ action: "registerUnits", units: [{ unitId: 101, buildingId: 1, areaCm2: "8800", areaSource: 3, kind: 1, developerHeld: false, label: "x" }] }, 409, "REGISTRY_UNIT_EXISTS"],
      [{ action: "registerUnits", units: [{ unitId: 901, buildingId: 9, areaCm2: "8800", areaSource: 3, kind: 1, developerHeld: false, label: "x" }] }, 422, "REGISTRY_UNKNOWN_BUILDING"],
      [{ action: "updateUnitArea", unitId: 101, areaCm2: "10010", areaSource: 2 }, 422, "REGISTRY_AREA_SOURCE_DOWNGRADE"],
      [{ action: "updateUnitArea", unitId: 999, areaCm2: "10010", areaSource: 3 }, 422, "REGISTRY_UNKNOWN_UNIT"],
      [{ action: "deliverUnits", unitIds: [101] }, 422, "REGISTRY_NOT_DEVELOPER_HELD"],
      [{ action: "bindOwners", bindings: [{ unitId: 102, owner: addr("bob"), identityHash: h, evidenceHash: h }] }, 409, "REGISTRY_OWNER_ALREADY_BOUND"],
      [{ action: "unbindOwner", unitId: 102, owner: addr("alice"), evidenceHash: h }, 422, "REGISTRY_OWNER_NOT_BOUND"],
    ];
    const before = await tb.service.ctx.prisma.pendingAction.count();
    for (const [body, status, code] of cases) {
      const r = await callAsMember(tb, "POST", `/api/communities/${tb.communityId}/registry-drafts`, body);
      expect([r.status, r.body.error?.code], JSON.stringify(body)).toEqual([status, code]);
      expect(r.body.error.message["zh-CN"]).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await tb.service.ctx.prisma.pendingAction.count()).toBe(before);
    // the same area at a source of equal or higher precedence is a correction the contract takes
    const ok = await callAsMember(tb, "POST", `/api/communities/${tb.communityId}/registry-drafts`, { action: "updateUnitArea", unitId: 101, areaCm2: "10010", areaSource: 3 });
    expect(ok.status).toBe(201);
  });

  it("refuses a malformed registry draft and an unknown action", async () => {
    const bad = await callAsMember(tb, "POST", `/api/communities/${tb.communityId}/registry-drafts`, {
      action: "registerUnits",
      units: [{ unitId: 109, buildingId: 1, areaCm2: "88.5", areaSource: 3, kind: 1, developerHeld: false, label: "x" }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("VALIDATION_FAILED");
    const unknown = await callAsMember(tb, "POST", `/api/communities/${tb.communityId}/registry-drafts`, { action: "mintMoney" });
    expect(unknown.status).toBe(400);
  });
});

describe("answers from the chain as it is now, not a block behind", () => {
  it("finds a building and a community made on chain a moment ago, while the index is not polling", async () => {
    const { indexer } = tb.service.ctx;
    await indexer.waitFor();
    await indexer.stop();
    try {
      // a building registered on chain, not yet indexed: a unit in it can be drafted at once
      await tb.driver.committee(tb.communityId, CommitteeKind.RegisterBuildings, [tb.communityId, [{ buildingId: 7, compound: 1, label: "7栋" }]], MEMBERS.slice(0, 3));
      const units = await callAsMember(tb, "POST", `/api/communities/${tb.communityId}/registry-drafts`, {
        action: "registerUnits",
        units: [{ unitId: 701, buildingId: 7, areaCm2: "9100", areaSource: 3, kind: 1, developerHeld: false, label: "7-701" }],
      });
      expect(units.status).toBe(201);
      // a community created on chain, not yet indexed: its page answers
      const { communityId } = await tb.driver.createCommunity(SUPERVISOR, "新建小区", DEFAULT_SETTINGS, MEMBERS.slice(0, 3).map((k) => privateKeyToAccount(k).address), 2);
      const created = await call(tb, "GET", `/api/communities/${communityId}`);
      expect([created.status, created.body.community?.name]).toEqual([200, "新建小区"]);
      const missing = await call(tb, "GET", `/api/communities/${communityId + 1n}`);
      expect(missing.status).toBe(404);
    } finally {
      indexer.start();
    }
  });
});

describe("the index and the relayer", () => {
  it("rebuilds the whole database from the chain to the same state", async () => {
    const { prisma, indexer } = tb.service.ctx;
    await indexer.waitFor();
    const snapshot = async () => ({
      communities: await prisma.community.findMany({ orderBy: { id: "asc" } }),
      units: await prisma.unit.findMany({ orderBy: { unitId: "asc" } }),
      bindings: await prisma.ownerBinding.findMany({ orderBy: [{ unitId: "asc" }, { owner: "asc" }] }),
      proposals: await prisma.proposal.findMany({ orderBy: { id: "asc" } }),
      roll: await prisma.rollEntry.findMany({ orderBy: [{ proposalId: "asc" }, { entryId: "asc" }] }),
      ballots: await prisma.ballot.findMany({ orderBy: [{ proposalId: "asc" }, { entryId: "asc" }] }),
      log: await prisma.ballotLog.findMany({ orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }] }),
    });
    const before = await snapshot();
    expect(before.ballots.length).toBeGreaterThan(0);
    await indexer.stop();
    await indexer.rebuild();
    expect(await snapshot()).toEqual(before);
    indexer.start();
  });

  it("keeps its queue across a restart: a ballot accepted before a stop is confirmed after it", async () => {
    await tb.service.ctx.worker.stop();
    const body = await ballotBody("bob", 1, 2);
    const r = await call(tb, "POST", "/api/ballots", body);
    expect(r.status).toBe(202);
    const indexedBefore = await tb.service.ctx.indexer.indexedBlock();
    await tb.restart();
    expect(await tb.service.ctx.indexer.indexedBlock()).toBeGreaterThanOrEqual(indexedBefore);
    const receipt = await confirmed(r.body.receipt.id);
    expect(receipt.status).toBe("confirmed");
  });

  it("finalises after voting closes and confirms after the objection period", async () => {
    await advanceChainTime(tb, votingEnd - (await tb.driver.now()) + 1n);
    const f = await call(tb, "POST", `/api/proposals/${proposalId}/finalize`);
    expect(f.status).toBe(202);
    await waitFor(async () => ((await call(tb, "GET", `/api/ballots/${f.body.receipt.id}`)).body.receipt.status === "confirmed" ? true : null));
    await tb.service.ctx.indexer.waitFor();
    const p = await call(tb, "GET", `/api/proposals/${proposalId}`);
    expect(p.body.status).toBe("provisional");
    // 5 voters of 5; for: (none left), against: alice 16000 + bob 8000 + developer 13000
    // 4 of 5 voters, 46,000 of 51,000: quorum met; "against" (alice 16,000 + bob 8,000 + developer 13,000) is a majority, so the for/against vote is rejected
    expect(p.body.quorumMet).toBe(true);
    expect(p.body.outcome).toBe("Rejected");
    const early = await call(tb, "POST", `/api/proposals/${proposalId}/confirm`);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe("OBJECTION_PERIOD_RUNNING");
  });

  it("an owner files a signed objection during the objection period; the committee answers it; the result becomes final only then", async () => {
    const e = await entryOf("bob");
    const deadline = (await tb.driver.now()) + DAY;
    const text = "102 室的面积应为 80.00 平方米，名册写错了。";
    const sign = (label: string, t: string, entryId = e.entryId) =>
      privateKeyToAccount(key(label)).signTypedData({
        domain: votingDomain(tb.deployment.chainId, tb.deployment.voting),
        types: objectionTypes,
        primaryType: "Objection",
        message: { proposalId, entryId, textHash: keccak256(toHex(t)), deadline },
      });
    const body = async (over: Record<string, unknown> = {}) => ({
      entryId: e.entryId,
      voter: addr("bob"),
      text,
      deadline: deadline.toString(),
      signature: await sign("bob", text),
      ...over,
    });
    const url = `/api/proposals/${proposalId}/objections`;
    const before = await jobCount();
    // Refused before anything is stored: a stranger's signature, a text other than the one signed,
    // an address not in the roll, an expired signature.
    const refusals: [Record<string, unknown>, number, string][] = [
      [{ signature: await sign("stranger", text) }, 403, "WRONG_SIGNER"],
      [{ text: "另一段文字" }, 403, "WRONG_SIGNER"],
      [{ voter: addr("stranger"), signature: await sign("stranger", text) }, 403, "NOT_IN_ELECTORATE"],
      [{ text: "" }, 400, "VALIDATION_FAILED"],
    ];
    for (const [over, status, code] of refusals) {
      const r = await call(tb, "POST", url, await body(over));
      expect([r.status, r.body.error?.code], JSON.stringify(over)).toEqual([status, code]);
    }
    expect(await jobCount()).toBe(before);

    const filed = await call(tb, "POST", url, await body());
    expect(filed.status).toBe(202);
    expect(filed.body.receipt.status).toBe("accepted");
    const again = await call(tb, "POST", url, await body());
    expect([again.status, again.body.receipt.id]).toEqual([200, filed.body.receipt.id]);
    expect((await confirmed(filed.body.receipt.id)).status).toBe("confirmed");
    await tb.service.ctx.indexer.waitFor();
    const list = await call(tb, "GET", url);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ open: true, finalWithOpenObjections: false });
    expect(list.body.objections).toEqual([
      expect.objectContaining({ objectionId: 1, entryId: e.entryId, signer: addr("bob").toLowerCase(), text, textHash: keccak256(toHex(text)), answer: null }),
    ]);
    expect((await call(tb, "GET", `/api/proposals/${proposalId}`)).body.objections).toEqual({ filed: 1, open: 1 });

    // The committee answers; an answer to an unknown objection is refused.
    const unknown = await callAsMember(tb, "POST", `${url}/9/answer-drafts`, { text: "无" });
    expect([unknown.status, unknown.body.error?.code]).toEqual([404, "OBJECTION_NOT_FOUND"]);
    const anonymous = await call(tb, "POST", `${url}/1/answer-drafts`, { text: "无" });
    expect(anonymous.status).toBe(401);
    const answer = "已核对不动产登记：102 室面积为 80.00 平方米，名册无误。";
    const stale = await callAsMember(tb, "POST", `${url}/1/answer-drafts`, { text: answer });
    expect(stale.status).toBe(201);
    expect(stale.body.action.kind).toBe(CommitteeKind.AnswerObjection);

    // The objection period ends with the objection unanswered: the result cannot become final.
    const p = (await call(tb, "GET", `/api/proposals/${proposalId}`)).body;
    await advanceChainTime(tb, BigInt(p.objectionEnd) - (await tb.driver.now()) + 1n);
    const late = await call(tb, "POST", url, await body({ text: "又一条", signature: await sign("bob", "又一条") }));
    expect([late.status, late.body.error?.code]).toEqual([409, "NOT_IN_OBJECTION_PERIOD"]);
    const blocked = await call(tb, "POST", `/api/proposals/${proposalId}/confirm`);
    expect([blocked.status, blocked.body.error?.code]).toEqual([409, "OBJECTIONS_UNANSWERED"]);

    // Once the first draft's signing deadline (7 days) has passed, signatures are refused rather
    // than relayed to fail; an answer drafted then goes through.
    const staleDeadline = BigInt(stale.body.action.typedData.message.deadline);
    const untilExpired = staleDeadline - (await tb.driver.now()) + 1n;
    if (untilExpired > 0n) await advanceChainTime(tb, untilExpired);
    await expect(signAction(tb, stale.body.action)).rejects.toThrow(/ACTION_EXPIRED/);
    const draft = await callAsMember(tb, "POST", `${url}/1/answer-drafts`, { text: answer });
    expect(draft.status).toBe(201);
    await signAction(tb, draft.body.action);
    await tb.service.ctx.indexer.waitFor();
    const answered = await call(tb, "GET", url);
    expect(answered.body.objections[0].answer).toMatchObject({ text: answer, answerHash: keccak256(toHex(answer)) });
    const twice = await callAsMember(tb, "POST", `${url}/1/answer-drafts`, { text: answer });
    expect([twice.status, twice.body.error?.code]).toEqual([409, "OBJECTION_ALREADY_ANSWERED"]);
    const final = await call(tb, "POST", `/api/proposals/${proposalId}/confirm`);
    expect(final.status).toBe(202);
    expect((await confirmed(final.body.receipt.id)).status).toBe("confirmed");
  });

  it("stores a proposal in the language its drafter chose: the standard options in that language, Chinese by default, whatever the interface", async () => {
    const now = await tb.driver.now();
    const start = now + 15n * DAY + 3600n;
    const draft = async (over: Record<string, unknown>) => {
      const r = await callAsMember(tb, "POST", `/api/communities/${tb.communityId}/proposal-drafts`, {
        matter: 4,
        scope: { kind: 0, ids: [] },
        votingStart: start.toString(),
        votingEnd: (start + 10n * DAY).toString(),
        title: "Renew the property management contract",
        text: "The committee proposes renewing the contract for two years.",
        ...over,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      await signAction(tb, r.body.action);
      await tb.service.ctx.indexer.waitFor();
      const list = await call(tb, "GET", `/api/proposals?communityId=${tb.communityId}`);
      const id = (list.body.proposals as { id: string }[]).map((p) => BigInt(p.id)).reduce((a, b) => (a > b ? a : b));
      return (await call(tb, "GET", `/api/proposals/${id}`)).body;
    };
    const english = await draft({ language: "en" });
    expect([english.options, english.language]).toEqual([["For", "Against", "Abstain"], "en"]);
    const chinese = await draft({ title: "续签物业服务合同", text: "业委会提议续签物业服务合同两年。" });
    expect([chinese.options, chinese.language]).toEqual([["同意", "反对", "弃权"], "zh-CN"]);
    const named = await callAsMember(tb, "POST", `/api/communities/${tb.communityId}/proposal-drafts`, {
      matter: 3, scope: { kind: 0, ids: [] }, votingStart: start.toString(), votingEnd: (start + 10n * DAY).toString(),
      title: "选举", text: "选举业委会", namedChoice: true,
    });
    expect([named.status, named.body.error?.code]).toEqual([400, "VALIDATION_FAILED"]);
    const badLanguage = await callAsMember(tb, "POST", `/api/communities/${tb.communityId}/proposal-drafts`, {
      matter: 4, scope: { kind: 0, ids: [] }, votingStart: start.toString(), votingEnd: (start + 10n * DAY).toString(),
      title: "x", text: "y", language: "fr",
    });
    expect([badLanguage.status, badLanguage.body.error?.code]).toEqual([400, "VALIDATION_FAILED"]);
    // a NUL in a text is the client's mistake (PostgreSQL refuses it in text): 400, never 500
    const nul = await callAsMember(tb, "POST", `/api/communities/${tb.communityId}/proposal-drafts`, {
      matter: 4, scope: { kind: 0, ids: [] }, votingStart: start.toString(), votingEnd: (start + 10n * DAY).toString(),
      title: "x", text: "a\u0000b",
    });
    expect([nul.status, nul.body.error?.code]).toEqual([400, "VALIDATION_FAILED"]);
  });
});

describe("a roll published on chain that the index cannot rebuild", () => {
  it("is refused by name (409 ROLL_MISMATCH) on the roll, the voter entries and a ballot, never served as an empty roll", async () => {
    // The committee commits a roll the registry as indexed does not give (its root altered).
    const roll = await computeRoll(tb.service.ctx.prisma, tb.communityId, { kind: 1, ids: [1] });
    const { proposalId: id, votingStart, votingEnd: end } = await tb.driver.publishProposal(tb.communityId, MEMBERS.slice(0, 3), { ...roll, root: keccak256(toHex("another roll")) }, {
      matter: 5,
      scope: { kind: 1, ids: [1] },
      title: "名册不符 roll mismatch",
      text: "x",
    });
    await tb.service.ctx.indexer.waitFor();
    const p = await call(tb, "GET", `/api/proposals/${id}`);
    expect(p.body.rollMatches).toBe(false);
    const voters = await call(tb, "GET", `/api/proposals/${id}/voters/${addr("alice")}`);
    expect([voters.status, voters.body.error?.code]).toEqual([409, "ROLL_MISMATCH"]);
    expect(voters.body.error.message["zh-CN"]).toContain("不一致");
    const page = await call(tb, "GET", `/api/proposals/${id}/roll`);
    expect([page.status, page.body.error?.code]).toEqual([409, "ROLL_MISMATCH"]);
    await advanceChainTime(tb, votingStart - (await tb.driver.now()));
    const signature = await signBallot(tb, "alice", { proposalId: id, entryId: 0, choice: 0, nonce: 1, deadline: end });
    const before = await jobCount();
    const b = await call(tb, "POST", "/api/ballots", { proposalId: id.toString(), entryId: 0, voter: addr("alice"), choice: 0, nonce: 1, deadline: end.toString(), signature });
    expect([b.status, b.body.error?.code]).toEqual([409, "ROLL_MISMATCH"]);
    expect(await jobCount()).toBe(before);
  });
});
