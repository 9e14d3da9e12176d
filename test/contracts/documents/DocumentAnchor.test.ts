/**
 * DocumentAnchor: a batch's root is anchored once, with its size, time and block, and an event;
 * an empty batch and a root anchored before are refused with custom errors; anyone may anchor
 * (a root carries no authority).
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { bytesToHex, hexToBytes } from "viem";
import { buildDocumentLog, descriptorOf, documentLeafHash } from "../../../domain/documents";
import type { DocumentAnchor } from "../../../typechain-types";

describe("DocumentAnchor", () => {
  async function deployed() {
    const [, alice, bob] = await ethers.getSigners();
    const anchor = (await (await ethers.getContractFactory("DocumentAnchor")).deploy()) as unknown as DocumentAnchor;
    return { anchor, alice: alice!, bob: bob! };
  }

  it("anchors a batch root once, with its size, time and block, and an event", async () => {
    const { anchor, alice, bob } = await deployed();
    const leaves = [0, 1, 2].map((i) =>
      hexToBytes(documentLeafHash(`0x${String(i + 1).padStart(64, "0")}`, descriptorOf({ communityId: "1", recordType: "payment", recordId: "3", kind: "invoice" }))),
    );
    const root = bytesToHex(buildDocumentLog(leaves).root);
    const tx = await (anchor.connect(alice) as typeof anchor).anchor(root, 3);
    const receipt = await tx.wait();
    const block = await ethers.provider.getBlock(receipt!.blockNumber);
    await expect(tx).to.emit(anchor, "BatchAnchored").withArgs(1n, root, 3, BigInt(block!.timestamp));
    const a = await anchor.anchorOf(root);
    expect([a.batchId, a.size, a.anchoredAt, a.blockNumber]).to.deep.equal([1n, 3n, BigInt(block!.timestamp), BigInt(receipt!.blockNumber)]);
    expect(await anchor.batchCount()).to.equal(1n);
    // the same root again, from anyone: refused, nothing changes
    await expect((anchor.connect(bob) as typeof anchor).anchor(root, 3)).to.be.revertedWithCustomError(anchor, "AnchorRootExists").withArgs(root, 1n);
    expect(await anchor.batchCount()).to.equal(1n);
    // another root from someone else: batch 2
    await expect((anchor.connect(bob) as typeof anchor).anchor(`0x${"ab".repeat(32)}`, 1)).to.emit(anchor, "BatchAnchored");
    expect(await anchor.batchCount()).to.equal(2n);
    expect((await anchor.anchorOf(`0x${"cd".repeat(32)}`)).batchId).to.equal(0n);
  });

  it("refuses an empty batch: a zero root or no documents", async () => {
    const { anchor } = await deployed();
    await expect(anchor.anchor(ethers.ZeroHash, 1)).to.be.revertedWithCustomError(anchor, "AnchorEmptyBatch");
    await expect(anchor.anchor(`0x${"11".repeat(32)}`, 0)).to.be.revertedWithCustomError(anchor, "AnchorEmptyBatch");
    expect(await anchor.batchCount()).to.equal(0n);
  });

  it("costs one storage word and an event per batch, whatever its size", async () => {
    const { anchor } = await deployed();
    await anchor.anchor(`0x${"20".repeat(32)}`, 5); // the batch counter's first write is paid once, by batch 1
    const g1 = (await (await anchor.anchor(`0x${"21".repeat(32)}`, 1)).wait())!.gasUsed;
    const g10k = (await (await anchor.anchor(`0x${"22".repeat(32)}`, 10_000)).wait())!.gasUsed;
    expect(Number(g10k)).to.be.closeTo(Number(g1), 50); // only the calldata of the size differs
    expect(Number(g10k) / 10_000).to.be.lessThanOrEqual(10);
  });
});
