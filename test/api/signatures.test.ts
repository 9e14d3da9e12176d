/**
 * Signatures are normalised or refused at the API exactly as the contracts treat them: one
 * message signed in every encoding (v 27/28, v 0/1, high s with the other v, both) is accepted,
 * and what the API relays is accepted by the contract (committee actions confirmed, ballots
 * counted on chain, a supervisor action confirmed); what no contract could recover is
 * 400 BAD_SIGNATURE and stores nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { ownerVotingAbi } from "../../chain/abi";
import { canonicalSignature } from "../../chain/signature";
import { encodingsOf, type Encoding } from "./support/signatureEncodings";
import { DAY, MEMBERS, SUPERVISOR, addr, advanceChainTime, call, callAsMember, createTestbed, signBallot, waitFor, type Testbed } from "./support/testbed";

let tb: Testbed;
let proposalId: bigint;
let votingEnd: bigint;

type TypedDataJson = { domain: Record<string, any>; types: Record<string, any>; primaryType: string; message: Record<string, any> };

function signTyped(k: Hex, td: TypedDataJson, message: Record<string, unknown>) {
  return privateKeyToAccount(k).signTypedData({
    domain: { ...td.domain, chainId: Number(td.domain.chainId) },
    types: td.types,
    primaryType: td.primaryType,
    message,
  } as Parameters<ReturnType<typeof privateKeyToAccount>["signTypedData"]>[0]);
}

const actionMessage = (td: TypedDataJson) => ({ ...td.message, communityId: BigInt(td.message.communityId), deadline: BigInt(td.message.deadline) });

/** Malformed variants of a valid signature that no contract could recover. */
function malformed(sig: Hex): [string, string][] {
  const r = sig.slice(2, 66);
  const s = sig.slice(66, 130);
  return [
    ["s = 0", `0x${r}${"00".repeat(32)}1b`],
    ["r = 0", `0x${"00".repeat(32)}${s}1b`],
    ["v = 29", `0x${r}${s}1d`],
    ["64 bytes", `0x${r}${s}`],
  ];
}

async function waitAction(id: string) {
  return waitFor(async () => {
    const a = await call(tb, "GET", `/api/actions/${id}`);
    return ["confirmed", "failed"].includes(a.body.action.status) ? a.body.action : null;
  });
}

beforeAll(async () => {
  tb = await createTestbed();
}, 120_000);

afterAll(async () => {
  await tb?.stop();
});

describe("committee signatures", () => {
  it("confirms an action signed by three members in mixed encodings (v 0/1, high s, both); stores them canonical", async () => {
    const now = await tb.driver.now();
    const votingStart = now + 15n * DAY + 3600n;
    votingEnd = votingStart + 10n * DAY;
    const draft = await callAsMember(tb, "POST", `/api/communities/${tb.communityId}/proposal-drafts`, {
      matter: 2, scope: { kind: 0, ids: [] }, adHoc: false, votingStart: String(votingStart), votingEnd: String(votingEnd),
      title: "修订管理规约", text: "Revise the management covenant.", options: ["同意", "反对", "弃权"],
    });
    expect(draft.status).toBe(201);
    const td = draft.body.action.typedData as TypedDataJson;
    const encodings: Encoding[] = ["v0/1", "high-s", "high-s, v0/1"];
    for (const [i, enc] of encodings.entries()) {
      const sig = encodingsOf(await signTyped(MEMBERS[i]!, td, actionMessage(td)))[enc];
      expect(canonicalSignature(sig), enc).toMatchObject({ ok: true, unchanged: false });
      const r = await call(tb, "POST", `/api/actions/${draft.body.action.id}/signatures`, { signature: sig });
      expect(r.status, `${enc}: ${JSON.stringify(r.body)}`).toBe(200);
    }
    const done = await waitAction(draft.body.action.id);
    expect(done.status, done.error ?? "").toBe("confirmed");
    for (const s of done.signatures as { signature: string }[]) {
      const c = canonicalSignature(s.signature);
      expect(c.ok && c.unchanged).toBe(true);
    }
    await tb.service.ctx.indexer.waitFor();
    const list = await call(tb, "GET", `/api/proposals?communityId=${tb.communityId}`);
    proposalId = BigInt(list.body.proposals[0].id);
  });

  it("refuses malformed committee signatures with 400 BAD_SIGNATURE and stores nothing", async () => {
    const draft = await callAsMember(tb, "POST", `/api/communities/${tb.communityId}/registry-drafts`, {
      action: "changeSettings",
      settings: { noticeDays: 15, adHocNoticeDays: 7, objectionDays: 7, allowBallotChange: true, excludeParkingArea: false },
    });
    expect(draft.status).toBe(201);
    const td = draft.body.action.typedData as TypedDataJson;
    const good = await signTyped(MEMBERS[0]!, td, actionMessage(td));
    for (const [name, bad] of malformed(good)) {
      const r = await call(tb, "POST", `/api/actions/${draft.body.action.id}/signatures`, { signature: bad });
      expect(r.status, name).toBe(400);
      expect(r.body.error.code, name).toBe("BAD_SIGNATURE");
    }
    const a = await call(tb, "GET", `/api/actions/${draft.body.action.id}`);
    expect(a.body.action.signatures).toEqual([]);
  });
});

describe("ballots", () => {
  const voters: [string, Encoding][] = [
    ["alice", "v27/28"],
    ["bob", "v0/1"],
    ["carol", "high-s"],
    ["erin", "high-s, v0/1"],
  ];

  async function ballot(label: string, enc: Encoding, nonce = 1) {
    const r = await call(tb, "GET", `/api/proposals/${proposalId}/voters/${addr(label)}`);
    const entryId = r.body.entries[0].entryId as number;
    const signature = await signBallot(tb, label, { proposalId, entryId, choice: 0, nonce, deadline: votingEnd });
    return {
      proposalId: proposalId.toString(),
      entryId,
      voter: addr(label),
      choice: 0,
      nonce,
      deadline: votingEnd.toString(),
      signature: encodingsOf(signature)[enc] as string,
    };
  }

  it("counts on chain a ballot signed in each encoding; the same ballot in another encoding is the same receipt", async () => {
    const p = await call(tb, "GET", `/api/proposals/${proposalId}`);
    await advanceChainTime(tb, BigInt(p.body.votingStart) - (await tb.driver.now()));
    const receipts: string[] = [];
    for (const [label, enc] of voters) {
      const body = await ballot(label, enc);
      const r = await call(tb, "POST", "/api/ballots", body);
      expect(r.status, `${label} ${enc}: ${JSON.stringify(r.body)}`).toBe(202);
      receipts.push(r.body.receipt.id);
      if (enc !== "v27/28") {
        const again = await call(tb, "POST", "/api/ballots", { ...body, signature: (await ballot(label, "v27/28")).signature });
        expect(again.status).toBe(200);
        expect(again.body.receipt.id).toBe(r.body.receipt.id);
      }
    }
    for (const id of receipts) {
      const done = await waitFor(async () => {
        const r = await call(tb, "GET", `/api/ballots/${id}`);
        return ["confirmed", "rejected", "failed"].includes(r.body.receipt.status) ? r.body.receipt : null;
      });
      expect(done.status, JSON.stringify(done)).toBe("confirmed");
    }
    const stored = await tb.service.ctx.prisma.relayJob.findMany({ where: { kind: "ballot", proposalId } });
    for (const j of stored) expect(canonicalSignature((j.payload as { signature: string }).signature)).toMatchObject({ ok: true, unchanged: true });
    const tally = await tb.service.ctx.client.readContract({
      address: tb.deployment.voting,
      abi: ownerVotingAbi,
      functionName: "tallyOf",
      args: [proposalId, 0],
    });
    expect(tally.headcount).toBe(voters.length);
  });

  it("refuses malformed ballot signatures with 400 BAD_SIGNATURE and queues nothing", async () => {
    const body = await ballot("frank", "v27/28");
    const jobs = await tb.service.ctx.prisma.relayJob.count();
    for (const [name, bad] of malformed(body.signature as Hex)) {
      const r = await call(tb, "POST", "/api/ballots", { ...body, signature: bad });
      expect(r.status, name).toBe(400);
      expect(r.body.error.code, name).toBe("BAD_SIGNATURE");
    }
    expect(await tb.service.ctx.prisma.relayJob.count()).toBe(jobs);
  });
});

describe("supervisor actions", () => {
  const body = () => ({
    action: "createCommunity",
    name: "高 s 小区",
    settings: { noticeDays: 15, adHocNoticeDays: 7, objectionDays: 7, allowBallotChange: true, excludeParkingArea: false },
    members: [addr("m3-0"), addr("m3-1"), addr("m3-2")],
    threshold: 2,
  });

  it("relays a supervisor's high-s, v 0/1 signature in the contract's form; refuses malformed ones", async () => {
    const t = await call(tb, "POST", "/api/supervisor-actions/typed-data", body());
    expect(t.status).toBe(200);
    const td = t.body.typedData as TypedDataJson;
    const signature = await signTyped(SUPERVISOR, td, { ...td.message, deadline: BigInt(td.message.deadline) });
    const signed = (sig: string) => ({ ...body(), salt: td.message.salt, deadline: td.message.deadline, signature: sig });
    for (const [name, bad] of malformed(signature)) {
      const r = await call(tb, "POST", "/api/supervisor-actions", signed(bad));
      expect(r.status, name).toBe(400);
      expect(r.body.error.code, name).toBe("BAD_SIGNATURE");
    }
    const ok = await call(tb, "POST", "/api/supervisor-actions", signed(encodingsOf(signature)["high-s, v0/1"]));
    expect(ok.status, JSON.stringify(ok.body)).toBe(202);
    const receipt = await waitFor(async () => {
      const r = await call(tb, "GET", `/api/ballots/${ok.body.receipt.id}`);
      return ["confirmed", "failed", "rejected"].includes(r.body.receipt.status) ? r.body.receipt : null;
    });
    expect(receipt.status, JSON.stringify(receipt)).toBe("confirmed");
  });
});
