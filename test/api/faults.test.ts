/**
 * Nothing accepted is lost, nothing is counted twice, no receipt says what is not true: the
 * relayer and the indexer against a node that drops connections, a chain that goes back, and a
 * batch that reverts after voting closed. A real Anvil node and a real database throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hex } from "viem";
import { diffSnapshots, indexSnapshot } from "../../ledger-api/src/db/indexSnapshot";
import { freshIndexSnapshot } from "../../ledger-api/src/indexer/freshRebuild";
import { nodeRpc } from "../../scripts/lib/anvil";
import { startFlakyRpc, type FlakyRpc } from "./support/flakyRpc";
import { addr, advanceChainTime, call, createTestbed, publishViaApi, signBallot, waitFor, type Testbed } from "./support/testbed";

let tb: Testbed;
let flaky: FlakyRpc;
let proposalId: bigint;
let votingEnd: bigint;

const rpc = <T>(method: string, params: unknown[] = []) => nodeRpc<T>(tb.anvil.rpcUrl, method, params);

async function ballotBody(label: string, choice: number, nonce = 1) {
  const r = await call(tb, "GET", `/api/proposals/${proposalId}/voters/${addr(label)}`);
  const entryId = r.body.entries[0].entryId as number;
  const signature = await signBallot(tb, label, { proposalId, entryId, choice, nonce, deadline: votingEnd });
  return { proposalId: proposalId.toString(), entryId, voter: addr(label), choice, nonce, deadline: votingEnd.toString(), signature };
}

async function settled(receiptId: string) {
  return waitFor(async () => {
    const r = await call(tb, "GET", `/api/ballots/${receiptId}`);
    return ["confirmed", "rejected", "failed"].includes(r.body.receipt.status) ? r.body.receipt : null;
  }, 45_000);
}

/** What the chain says of a receipt's transaction: in the block the receipt names, or not there. */
async function onChainAsReceiptSays(receipt: { txHash: string; blockNumber: string }) {
  const r = await tb.service.ctx.client.getTransactionReceipt({ hash: receipt.txHash as Hex }).catch(() => null);
  return r !== null && r.blockNumber === BigInt(receipt.blockNumber) && r.status === "success";
}

async function ballotOnChain(entryId: number) {
  const [choice, kind, nonce] = await tb.service.ctx.client.readContract({
    address: tb.deployment.voting,
    abi: (await import("../../chain/abi")).ownerVotingAbi,
    functionName: "ballotOf",
    args: [proposalId, entryId],
  });
  return { choice, kind, nonce };
}

async function expectIndexEqualsRebuild() {
  await tb.service.ctx.indexer.waitFor();
  const live = await indexSnapshot(tb.service.ctx.prisma);
  const fresh = await freshIndexSnapshot(tb.service.ctx.client, tb.deployment);
  expect(diffSnapshots(live, fresh)).toEqual([]);
}

beforeAll(async () => {
  flaky = await startFlakyRpc();
  tb = await createTestbed({ serviceRpc: (url) => flaky.forwardTo(url) });
  const p = await publishViaApi(tb, { matter: 9, scope: { kind: 0, ids: [] } });
  proposalId = p.proposalId;
  votingEnd = p.votingEnd;
  await advanceChainTime(tb, p.votingStart - (await tb.driver.now()));
}, 180_000);

afterAll(async () => {
  await tb?.stop();
  await flaky?.close();
});

describe("a node that drops every connection for a while", () => {
  it("keeps an accepted ballot accepted (never rejected) and confirms it once the node is back", async () => {
    const { worker, prisma } = tb.service.ctx;
    await worker.stop();
    const r = await call(tb, "POST", "/api/ballots", await ballotBody("alice", 0));
    expect(r.status).toBe(202);
    flaky.down();
    const droppedBefore = flaky.dropped();
    worker.start();
    await waitFor(async () => (flaky.dropped() > droppedBefore + 3 ? true : null));
    await new Promise((r) => setTimeout(r, 1_000));
    const job = await prisma.relayJob.findUniqueOrThrow({ where: { id: r.body.receipt.id } });
    expect(job.status).toBe("accepted");
    expect(job.reason).toBeNull();
    flaky.up();
    const receipt = await settled(r.body.receipt.id);
    expect(receipt.status).toBe("confirmed");
    expect(await onChainAsReceiptSays(receipt)).toBe(true);
  });
});

describe("a chain that goes back (a node restored from older state)", () => {
  it("sends again what vanished, gives a true receipt to a resubmission, and indexes what the chain now has", async () => {
    const snapshotId = await rpc<string>("evm_snapshot");
    const bodies = [await ballotBody("bob", 1), await ballotBody("erin", 2)];
    const first = await Promise.all(bodies.map((b) => call(tb, "POST", "/api/ballots", b)));
    const before = await Promise.all(first.map((r) => settled(r.body.receipt.id)));
    expect(before.map((r) => r.status)).toEqual(["confirmed", "confirmed"]);
    await tb.service.ctx.indexer.waitFor();

    // The chain goes back: the blocks holding both ballots are gone.
    expect(await rpc<boolean>("evm_revert", [snapshotId])).toBe(true);
    expect(await onChainAsReceiptSays(before[0])).toBe(false);

    // Sent again, and confirmed on the chain as it is now.
    const after = await waitFor(async () => {
      const rs = await Promise.all(first.map((r) => call(tb, "GET", `/api/ballots/${r.body.receipt.id}`)));
      const receipts = rs.map((r) => r.body.receipt);
      if (!receipts.every((x) => x.status === "confirmed")) return null;
      const onChain = await Promise.all(receipts.map(onChainAsReceiptSays));
      return onChain.every(Boolean) ? receipts : null;
    }, 45_000);
    for (const [i, b] of bodies.entries()) {
      expect(await ballotOnChain(b.entryId)).toMatchObject({ choice: b.choice, kind: 1, nonce: 1 });
      expect(after[i].id).toBe(first[i]!.body.receipt.id);
    }
    // The same signed ballot again: the receipt it gets is true of the chain.
    const again = await call(tb, "POST", "/api/ballots", bodies[0]);
    expect(again.status).toBe(200);
    expect(again.body.receipt.status).toBe("confirmed");
    expect(await onChainAsReceiptSays(again.body.receipt)).toBe(true);

    await expectIndexEqualsRebuild();
    const d = await call(tb, "GET", `/api/proposals/${proposalId}`);
    expect(d.body.tallies[1].headcount + d.body.tallies[2].headcount).toBe(2);
  });

  it("finds a confirmation gone even when the chain has grown past it again and a newer one stands, without the indexer's help", async () => {
    const { worker, prisma, indexer } = tb.service.ctx;
    const jobOf = (id: string) => prisma.relayJob.findUniqueOrThrow({ where: { id } });
    const snapshotId = await rpc<string>("evm_snapshot");
    const xBody = await ballotBody("carol", 1);
    const x = await call(tb, "POST", "/api/ballots", xBody);
    const xBefore = await settled(x.body.receipt.id);
    expect(xBefore.status).toBe("confirmed");
    await worker.chainCheckedSince(Date.now()); // the relayer has seen the head holding it

    // The indexer, which would notice too, is away; the chain goes back and grows past that block.
    await indexer.stop();
    try {
      expect(await rpc<boolean>("evm_revert", [snapshotId])).toBe(true);
      for (let i = 0; i < 4; i++) await rpc("evm_mine");
      const y = await call(tb, "POST", "/api/ballots", await ballotBody("grace", 0));
      const yJob = await waitFor(async () => {
        const j = await jobOf(y.body.receipt.id);
        return j.status === "confirmed" ? j : null;
      }, 45_000);
      expect(yJob.blockNumber!).toBeGreaterThan(BigInt(xBefore.blockNumber));

      // The relayer's next look at the chain sends the vanished ballot again, and confirms it on this branch.
      await worker.chainCheckedSince(Date.now());
      const xAfter = await waitFor(async () => {
        const j = await jobOf(x.body.receipt.id);
        if (j.status !== "confirmed") return null;
        return (await onChainAsReceiptSays({ txHash: j.txHash!, blockNumber: String(j.blockNumber) })) ? j : null;
      }, 45_000);
      expect(xAfter.txHash).not.toBe(xBefore.txHash);
      expect(await ballotOnChain(xBody.entryId)).toMatchObject({ choice: 1, kind: 1, nonce: 1 });
    } finally {
      indexer.start();
    }
    await expectIndexEqualsRebuild();
  });
});

describe("waiting for the index", () => {
  it("does not wait for a block above the chain's head (the chain may have gone back below it)", async () => {
    const head = await tb.service.ctx.client.getBlockNumber({ cacheTime: 0 });
    await tb.service.ctx.indexer.waitFor(head + 1_000n);
    expect(await tb.service.ctx.indexer.indexedBlock()).toBeGreaterThanOrEqual(head);
  }, 10_000);
});

describe("a batch that reverts because voting closed before it was mined", () => {
  it("confirms the ballot that had already counted and refuses the other with the contract's verdict, never 'failed'", async () => {
    const { worker, prisma } = tb.service.ctx;
    const counted = await prisma.relayJob.findFirstOrThrow({ where: { kind: "ballot", status: "confirmed" }, orderBy: { createdAt: "asc" } });
    await worker.stop();
    // As a crash before its receipt was stored would leave it: back in the queue, already counted on chain.
    await prisma.relayJob.update({ where: { id: counted.id }, data: { status: "accepted", txHash: null, blockNumber: null, blockHash: null } });
    const late = await call(tb, "POST", "/api/ballots", await ballotBody("frank", 0));
    expect(late.status).toBe(202);
    await advanceChainTime(tb, votingEnd - (await tb.driver.now()) + 1n);
    worker.start();
    const [a, b] = [await settled(counted.id), await settled(late.body.receipt.id)];
    expect(a.status).toBe("confirmed");
    expect(await onChainAsReceiptSays(a)).toBe(true);
    expect(b).toMatchObject({ status: "rejected", reason: "VotingNotOpen" });
    await expectIndexEqualsRebuild();
  });
});
