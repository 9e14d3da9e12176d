/**
 * The contracts fit the 24,576-byte limit of EIP-170, so they deploy on a Besu QBFT network with
 * its default settings (and on the local Anvil node, which keeps the same limit).
 */
import { expect } from "chai";
import { artifacts } from "hardhat";

describe("Contract size (EIP-170)", () => {
  for (const name of ["CommunityRegistry", "OwnerVoting", "FundLedger", "FundReports"]) {
    it(`${name} fits 24,576 bytes`, async () => {
      const { deployedBytecode } = await artifacts.readArtifact(name);
      expect((deployedBytecode.length - 2) / 2).to.be.at.most(24_576);
    });
  }
});
