import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { CommitteeKind, SETTINGS, SupervisorKind, committeeAuth, createCommunity, deployLedger, hashOf, supervisorAuth } from "./support";
import { supervisorPayloadHash } from "../../chain/payloads";

async function withCommunity() {
  const l = await deployLedger();
  const communityId = await createCommunity(l);
  const buildings = [{ buildingId: 1, compound: 1, label: "1栋" }];
  await l.registry.registerBuildings(
    communityId,
    buildings,
    await committeeAuth(l, communityId, CommitteeKind.RegisterBuildings, hashOf(CommitteeKind.RegisterBuildings, [buildings]), l.members.slice(0, 3)),
  );
  return { ...l, communityId };
}

const unit = (unitId: number, areaSource = 2, areaCm2 = 9000n) => ({
  unitId,
  buildingId: 1,
  areaCm2,
  areaSource,
  kind: 1,
  developerHeld: false,
  label: `1-${unitId}`,
});

describe("CommunityRegistry", () => {
  describe("communities and committees", () => {
    it("a supervisor creates a community with its committee; events carry the data", async () => {
      const l = await deployLedger();
      const addrs = l.members.map((m) => m.address);
      const payload = supervisorPayloadHash(SupervisorKind.CreateCommunity, ["小区", SETTINGS, addrs, 3]);
      const auth = await supervisorAuth(l, l.supervisor, SupervisorKind.CreateCommunity, payload);
      await expect(l.registry.createCommunity("小区", SETTINGS, addrs, 3, auth))
        .to.emit(l.registry, "CommunityCreated")
        .and.to.emit(l.registry, "CommitteeInstalled")
        .withArgs(1n, 1, addrs, 3);
      expect(await l.registry.isCommitteeMember(1n, addrs[0]!)).to.equal(true);
      expect(await l.registry.isCommitteeMember(1n, l.outsider.address)).to.equal(false);
    });

    it("refuses a community signed by someone who is not a supervisor, even if the relayer is the district admin", async () => {
      const l = await deployLedger();
      const addrs = l.members.map((m) => m.address);
      const payload = supervisorPayloadHash(SupervisorKind.CreateCommunity, ["小区", SETTINGS, addrs, 3]);
      const auth = await supervisorAuth(l, l.outsider, SupervisorKind.CreateCommunity, payload);
      await expect(l.registry.connect(l.admin).createCommunity("小区", SETTINGS, addrs, 3, auth))
        .to.be.revertedWithCustomError(l.registry, "RegistryNotSupervisor")
        .withArgs(l.outsider.address);
    });

    it("refuses a committee that one person could run, or that cannot reach its threshold", async () => {
      const l = await deployLedger();
      const addrs = l.members.map((m) => m.address);
      for (const [members, threshold] of [
        [addrs, 1],
        [addrs, 6],
        [addrs, 0],
        [[addrs[0]!, addrs[0]!, addrs[1]!], 2],
      ] as [string[], number][]) {
        const payload = supervisorPayloadHash(SupervisorKind.CreateCommunity, ["小区", SETTINGS, members, threshold]);
        const auth = await supervisorAuth(l, l.supervisor, SupervisorKind.CreateCommunity, payload);
        await expect(l.registry.createCommunity("小区", SETTINGS, members, threshold, auth)).to.be.revertedWithCustomError(
          l.registry,
          "RegistryInvalidCommittee",
        );
      }
    });

    it("installs a new committee only by the community's supervisor; the old committee loses its power", async () => {
      const l = await loadFixture(withCommunity);
      const newMembers = [l.voters[0]!, l.voters[1]!, l.voters[2]!];
      const addrs = newMembers.map((m) => m.address);
      const payload = supervisorPayloadHash(SupervisorKind.InstallCommittee, [l.communityId, addrs, 2]);
      const bad = await supervisorAuth(l, l.outsider, SupervisorKind.InstallCommittee, payload);
      await expect(l.registry.installCommittee(l.communityId, addrs, 2, bad)).to.be.revertedWithCustomError(l.registry, "RegistryNotSupervisor");
      const good = await supervisorAuth(l, l.supervisor, SupervisorKind.InstallCommittee, payload);
      await expect(l.registry.installCommittee(l.communityId, addrs, 2, good)).to.emit(l.registry, "CommitteeInstalled").withArgs(l.communityId, 2, addrs, 2);
      const units = [unit(101)];
      const old = await committeeAuth(l, l.communityId, CommitteeKind.RegisterUnits, hashOf(CommitteeKind.RegisterUnits, [units]), l.members.slice(0, 3));
      await expect(l.registry.registerUnits(l.communityId, units, old)).to.be.revertedWithCustomError(l.registry, "RegistryNotCommitteeMember");
      const fresh = await committeeAuth(l, l.communityId, CommitteeKind.RegisterUnits, hashOf(CommitteeKind.RegisterUnits, [units]), newMembers.slice(0, 2));
      await expect(l.registry.registerUnits(l.communityId, units, fresh)).to.emit(l.registry, "UnitRegistered");
    });
  });

  describe("committee signatures", () => {
    const units = [unit(101)];
    const payload = () => hashOf(CommitteeKind.RegisterUnits, [units]);

    it("need at least the threshold of members", async () => {
      const l = await loadFixture(withCommunity);
      const auth = await committeeAuth(l, l.communityId, CommitteeKind.RegisterUnits, payload(), l.members.slice(0, 2));
      await expect(l.registry.registerUnits(l.communityId, units, auth)).to.be.revertedWithCustomError(l.registry, "RegistryBelowThreshold").withArgs(2, 3);
    });

    it("refuse a non-member among the signers", async () => {
      const l = await loadFixture(withCommunity);
      const auth = await committeeAuth(l, l.communityId, CommitteeKind.RegisterUnits, payload(), [l.members[0]!, l.members[1]!, l.outsider]);
      await expect(l.registry.registerUnits(l.communityId, units, auth))
        .to.be.revertedWithCustomError(l.registry, "RegistryNotCommitteeMember")
        .withArgs(l.outsider.address);
    });

    it("must be in ascending signer order, so one member cannot sign twice", async () => {
      const l = await loadFixture(withCommunity);
      const unsorted = await committeeAuth(l, l.communityId, CommitteeKind.RegisterUnits, payload(), l.members.slice(0, 3), { unsorted: true });
      await expect(l.registry.registerUnits(l.communityId, units, unsorted)).to.be.revertedWithCustomError(l.registry, "RegistrySignersNotAscending");
      const once = await committeeAuth(l, l.communityId, CommitteeKind.RegisterUnits, payload(), l.members.slice(0, 1));
      const twice = { ...once, signatures: [once.signatures[0]!, once.signatures[0]!, once.signatures[0]!] };
      await expect(l.registry.registerUnits(l.communityId, units, twice)).to.be.revertedWithCustomError(l.registry, "RegistrySignersNotAscending");
    });

    it("expire at their deadline and cannot be replayed", async () => {
      const l = await loadFixture(withCommunity);
      const now = BigInt(await time.latest());
      const expired = await committeeAuth(l, l.communityId, CommitteeKind.RegisterUnits, payload(), l.members.slice(0, 3), { deadline: now - 1n });
      await expect(l.registry.registerUnits(l.communityId, units, expired)).to.be.revertedWithCustomError(l.registry, "RegistrySignatureExpired");
      const auth = await committeeAuth(l, l.communityId, CommitteeKind.RegisterUnits, payload(), l.members.slice(0, 3));
      await expect(l.registry.registerUnits(l.communityId, units, auth)).to.emit(l.registry, "CommitteeActionExecuted");
      await expect(l.registry.registerUnits(l.communityId, units, auth)).to.be.revertedWithCustomError(l.registry, "RegistryActionReplayed");
    });

    it("cover the payload, the chain and the community: signatures for anything else recover strangers", async () => {
      const l = await loadFixture(withCommunity);
      const other = await committeeAuth(l, l.communityId, CommitteeKind.RegisterUnits, hashOf(CommitteeKind.RegisterUnits, [[unit(999)]]), l.members.slice(0, 3));
      await expect(l.registry.registerUnits(l.communityId, units, other)).to.be.reverted;
      const wrongChain = await committeeAuth(l, l.communityId, CommitteeKind.RegisterUnits, payload(), l.members.slice(0, 3), { chainId: 1 });
      await expect(l.registry.registerUnits(l.communityId, units, wrongChain)).to.be.reverted;
      // a second community with the same committee: community 1's signatures do not work there
      const second = await createCommunity(l);
      const forFirst = await committeeAuth(l, l.communityId, CommitteeKind.RegisterBuildings, hashOf(CommitteeKind.RegisterBuildings, [[{ buildingId: 7, compound: 1, label: "7" }]]), l.members.slice(0, 3));
      await expect(l.registry.registerBuildings(second, [{ buildingId: 7, compound: 1, label: "7" }], forFirst)).to.be.reverted;
    });

    it("consumeCommitteeAction is open only to ledger modules", async () => {
      const l = await loadFixture(withCommunity);
      const auth = await committeeAuth(l, l.communityId, 20, ethers.ZeroHash, l.members.slice(0, 3));
      await expect(l.registry.connect(l.outsider).consumeCommitteeAction(l.communityId, 20, ethers.ZeroHash, auth))
        .to.be.revertedWithCustomError(l.registry, "AccessControlUnauthorizedAccount")
        .withArgs(l.outsider.address, await l.registry.LEDGER_MODULE_ROLE());
    });
  });

  describe("units and owners", () => {
    async function register(l: Awaited<ReturnType<typeof withCommunity>>, units: ReturnType<typeof unit>[]) {
      return l.registry.registerUnits(
        l.communityId,
        units,
        await committeeAuth(l, l.communityId, CommitteeKind.RegisterUnits, hashOf(CommitteeKind.RegisterUnits, [units]), l.members.slice(0, 3)),
      );
    }

    it("registers units with their area and refuses duplicates, unknown buildings and empty areas", async () => {
      const l = await loadFixture(withCommunity);
      await expect(register(l, [unit(101)])).to.emit(l.registry, "UnitRegistered").withArgs(l.communityId, 101, 1, 9000n, 2, 1, false, "1-101");
      await expect(register(l, [unit(101)])).to.be.revertedWithCustomError(l.registry, "RegistryUnitExists").withArgs(101);
      await expect(register(l, [{ ...unit(102), buildingId: 9 }])).to.be.revertedWithCustomError(l.registry, "RegistryUnknownBuilding").withArgs(9);
      await expect(register(l, [unit(103, 2, 0n)])).to.be.revertedWithCustomError(l.registry, "RegistryInvalidUnit").withArgs(103);
    });

    it("moves a unit's area only to a source of equal or higher precedence (registered > surveyed > contract)", async () => {
      const l = await loadFixture(withCommunity);
      await register(l, [unit(101, 2)]);
      const down = await committeeAuth(l, l.communityId, CommitteeKind.UpdateUnitArea, hashOf(CommitteeKind.UpdateUnitArea, [101, 8000n, 1]), l.members.slice(0, 3));
      await expect(l.registry.updateUnitArea(l.communityId, 101, 8000n, 1, down))
        .to.be.revertedWithCustomError(l.registry, "RegistryAreaSourceDowngrade")
        .withArgs(101, 2, 1);
      const up = await committeeAuth(l, l.communityId, CommitteeKind.UpdateUnitArea, hashOf(CommitteeKind.UpdateUnitArea, [101, 8950n, 3]), l.members.slice(0, 3));
      await expect(l.registry.updateUnitArea(l.communityId, 101, 8950n, 3, up))
        .to.emit(l.registry, "UnitAreaChanged")
        .withArgs(l.communityId, 101, 9000n, 2, 8950n, 3);
      const u = await l.registry.unitOf(l.communityId, 101);
      expect(u.areaCm2).to.equal(8950n);
      expect(u.source).to.equal(3n);
    });

    it("binds owners by identity hash, refuses a double binding, and unbinds", async () => {
      const l = await loadFixture(withCommunity);
      await register(l, [unit(101)]);
      const b = [{ unitId: 101, owner: l.voters[0]!.address, identityHash: ethers.id("id-0"), evidenceHash: ethers.id("ev") }];
      const auth = () => committeeAuth(l, l.communityId, CommitteeKind.BindOwners, hashOf(CommitteeKind.BindOwners, [b]), l.members.slice(0, 3));
      await expect(l.registry.bindOwners(l.communityId, b, await auth())).to.emit(l.registry, "OwnerBound");
      await expect(l.registry.bindOwners(l.communityId, b, await auth())).to.be.revertedWithCustomError(l.registry, "RegistryOwnerAlreadyBound");
      expect(await l.registry.ownerIdentity(l.communityId, 101, l.voters[0]!.address)).to.equal(ethers.id("id-0"));
      const un = await committeeAuth(l, l.communityId, CommitteeKind.UnbindOwner, hashOf(CommitteeKind.UnbindOwner, [101, l.voters[0]!.address, ethers.id("sale")]), l.members.slice(0, 3));
      await expect(l.registry.unbindOwner(l.communityId, 101, l.voters[0]!.address, ethers.id("sale"), un)).to.emit(l.registry, "OwnerUnbound");
      expect(await l.registry.ownerIdentity(l.communityId, 101, l.voters[0]!.address)).to.equal(ethers.ZeroHash);
    });

    it("delivers only developer-held units", async () => {
      const l = await loadFixture(withCommunity);
      await register(l, [unit(101), { ...unit(102), developerHeld: true }]);
      const auth = (ids: number[]) => committeeAuth(l, l.communityId, CommitteeKind.DeliverUnits, hashOf(CommitteeKind.DeliverUnits, [ids]), l.members.slice(0, 3));
      await expect(l.registry.deliverUnits(l.communityId, [101], await auth([101]))).to.be.revertedWithCustomError(l.registry, "RegistryUnitNotDeveloperHeld").withArgs(101);
      await expect(l.registry.deliverUnits(l.communityId, [102], await auth([102]))).to.emit(l.registry, "UnitDelivered").withArgs(l.communityId, 102);
      expect((await l.registry.unitOf(l.communityId, 102)).developerHeld).to.equal(false);
    });

    it("changes settings with old and new values in the event", async () => {
      const l = await loadFixture(withCommunity);
      const next = { ...SETTINGS, allowBallotChange: false };
      const auth = await committeeAuth(l, l.communityId, CommitteeKind.ChangeSettings, hashOf(CommitteeKind.ChangeSettings, [next]), l.members.slice(0, 3));
      await expect(l.registry.changeSettings(l.communityId, next, auth)).to.emit(l.registry, "SettingsChanged");
      expect((await l.registry.settingsOf(l.communityId)).allowBallotChange).to.equal(false);
    });
  });
});
