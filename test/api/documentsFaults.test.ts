/**
 * Anchoring documents while the chain node drops every connection: the batch stays closed and
 * its job queued (retried, never failed or rejected), and once the node is back the root is
 * anchored exactly once.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { documentAnchorAbi } from "../../chain/abi";
import { makeClients } from "../../ledger-api/src/chain/clients";
import { ANVIL_RELAYER_KEY } from "../../scripts/lib/anvil";
import { MEMBERS, createTestbed, publishViaApi, signIn, waitFor, type Testbed } from "./support/testbed";
import { startFlakyRpc, type FlakyRpc } from "./support/flakyRpc";

let tb: Testbed;
let flaky: FlakyRpc;
let proposalId: bigint;

beforeAll(async () => {
  flaky = await startFlakyRpc();
  tb = await createTestbed({
    serviceRpc: (url) => flaky.forwardTo(url),
    service: { documents: { anchoring: { batchSize: 2, batchSeconds: 1 } } },
  });
  ({ proposalId } = await publishViaApi(tb, { matter: 9, scope: { kind: 0, ids: [] } }));
}, 180_000);

afterAll(async () => {
  await tb?.stop();
  await flaky?.close();
});

it("keeps a batch's anchoring queued while the node is away, then anchors it once", async () => {
  const { prisma } = tb.service.ctx;
  const token = await signIn(tb, MEMBERS[0]!);
  const res = await tb.service.app.request(`/api/communities/${tb.communityId}/documents?kind=proposal-text&record=proposal:${proposalId}`, {
    method: "POST",
    headers: { "content-type": "application/pdf", authorization: `Bearer ${token}` },
    body: Buffer.from("%PDF-1.7\n% while the node is away\n") as unknown as BodyInit,
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const sha256 = ((await res.json()) as { document: { sha256: string } }).document.sha256;
  flaky.down();
  // the batch closes by time (1 s) with the node away; the relayer's sends fail and are retried
  const batch = await waitFor(async () => {
    const doc = await prisma.storedDocument.findFirst({ where: { sha256 } });
    return doc?.batchId ? prisma.documentBatch.findUnique({ where: { id: doc.batchId } }) : null;
  });
  await waitFor(async () => (flaky.dropped() > 3 ? true : null));
  await new Promise((r) => setTimeout(r, 1500));
  const job = await prisma.relayJob.findUniqueOrThrow({ where: { digest: batch.jobDigest } });
  expect(["accepted", "submitted"]).toContain(job.status);
  expect((await prisma.documentBatch.findUniqueOrThrow({ where: { id: batch.id } })).status).toBe("closed");
  flaky.up();
  await waitFor(async () => ((await prisma.documentBatch.findUnique({ where: { id: batch.id } }))?.status === "confirmed" ? true : null), 60_000);
  expect((await prisma.relayJob.findUniqueOrThrow({ where: { digest: batch.jobDigest } })).status).toBe("confirmed");
  const { publicClient } = makeClients(tb.deployment.chainId, tb.anvil.rpcUrl, ANVIL_RELAYER_KEY);
  const logs = await publicClient.getContractEvents({ address: tb.deployment.documents, abi: documentAnchorAbi, eventName: "BatchAnchored", fromBlock: 0n });
  expect(logs.filter((l) => l.args.root?.toLowerCase() === batch.root).length).toBe(1);
  const proof = await tb.service.app.request(`/api/documents/${sha256}/proof`);
  expect(proof.status).toBe(200);
}, 120_000);
