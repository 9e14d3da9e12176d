/**
 * "confirmed" means final: with a finality depth of 2, a ballot's receipt says "submitted" while
 * its block is the chain's head, and "confirmed" only once two blocks sit on top of it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addr, advanceChainTime, call, createTestbed, publishViaApi, signBallot, waitFor, type Testbed } from "./support/testbed";

let tb: Testbed;

beforeAll(async () => {
  tb = await createTestbed({ finalityDepth: 2 });
}, 120_000);

afterAll(async () => {
  await tb?.stop();
});

async function mine() {
  await tb.service.ctx.client.request({ method: "evm_mine" as never, params: [] as never });
}

describe("a finality depth of 2 blocks", () => {
  it("keeps a receipt at 'submitted' until two blocks are on top of its transaction", async () => {
    // Committee actions need finality too: mine blocks while the proposal is being published.
    const miner = setInterval(() => void mine().catch(() => undefined), 200);
    let p: Awaited<ReturnType<typeof publishViaApi>>;
    try {
      p = await publishViaApi(tb, { matter: 9, scope: { kind: 0, ids: [] } });
    } finally {
      clearInterval(miner);
    }
    await advanceChainTime(tb, p.votingStart - (await tb.driver.now()));
    const r = await call(tb, "GET", `/api/proposals/${p.proposalId}/voters/${addr("alice")}`);
    const entryId = r.body.entries[0].entryId as number;
    const signature = await signBallot(tb, "alice", { proposalId: p.proposalId, entryId, choice: 0, nonce: 1, deadline: p.votingEnd });
    const posted = await call(tb, "POST", "/api/ballots", {
      proposalId: p.proposalId.toString(),
      entryId,
      voter: addr("alice"),
      choice: 0,
      nonce: 1,
      deadline: p.votingEnd.toString(),
      signature,
    });
    expect(posted.status).toBe(202);
    const id = posted.body.receipt.id as string;
    const { prisma, client } = tb.service.ctx;
    // mined: the transaction is in the head block, but nothing is on top of it yet
    const job = await waitFor(async () => {
      const j = await prisma.relayJob.findUniqueOrThrow({ where: { id } });
      if (!j.txHash) return null;
      const receipt = await client.getTransactionReceipt({ hash: j.txHash as `0x${string}` }).catch(() => null);
      return receipt ? { j, receipt } : null;
    });
    await new Promise((res) => setTimeout(res, 1_000));
    expect((await call(tb, "GET", `/api/ballots/${id}`)).body.receipt.status).toBe("submitted");
    await mine();
    await new Promise((res) => setTimeout(res, 1_000));
    expect((await call(tb, "GET", `/api/ballots/${id}`)).body.receipt.status).toBe("submitted");
    await mine();
    const confirmed = await waitFor(async () => {
      const x = (await call(tb, "GET", `/api/ballots/${id}`)).body.receipt;
      return x.status === "confirmed" ? x : null;
    });
    expect(confirmed.txHash).toBe(job.receipt.transactionHash);
    expect(BigInt(confirmed.blockNumber)).toBe(job.receipt.blockNumber);
  });
});
