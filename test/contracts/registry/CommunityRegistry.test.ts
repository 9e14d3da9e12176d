import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { committeePayloadHash, supervisorPayloadHash } from "../../../chain/payloads";
import { committeeActionTypes, objectionTypes, supervisorActionTypes } from "../../../chain/typedData";
import { behavesLikeCommitteeActions, type CommitteeActionCase } from "../behaviours/committeeAction";
import {
  AreaSource,
  CommitteeKind,
  DEFAULT_SETTINGS,
  type Actor,
  type BuildingInput,
  type CommitteeAuth,
  type Ledger,
  type OwnerBinding,
  type Settings,
  SupervisorKind,
  type UnitInput,
  UnitKind,
  deployFixture,
  payload,
  settingsTuple,
  sortAddresses,
  wallet,
  wallets,
} from "../fixtures";

// ───────────────────────────────────────────────────────────── fixtures

const OWNER_A = wallet(900).address;
const OWNER_B = wallet(901).address;
const ID_A = ethers.id("identity: owner A");
const ID_B = ethers.id("identity: owner B");
const EVIDENCE = ethers.id("property certificate scan");

const unit = (unitId: number, over: Partial<UnitInput> = {}): UnitInput => ({
  unitId,
  buildingId: 1,
  areaCm2: 9000n,
  areaSource: AreaSource.Surveyed,
  kind: UnitKind.Residential,
  developerHeld: false,
  label: `1-1-${unitId}`,
  ...over,
});

/**
 * Community 1: buildings 1 and 2; unit 101 (surveyed 90.00 m², owner A bound), unit 102 (developer
 * held, contract area 80.00 m²), unit 103 (a registered parking space). Community 2 has the same
 * committee and supervisor and nothing else; community 3 has its own committee.
 */
async function populatedFixture() {
  const l = await deployFixture();
  const c1 = await l.createCommunity();
  await l.registerBuildings(c1, [
    { buildingId: 1, compound: 1, label: "1栋" },
    { buildingId: 2, compound: 1, label: "2栋" },
  ]);
  await l.registerUnits(c1, [
    unit(101),
    unit(102, { areaCm2: 8000n, areaSource: AreaSource.Contract, developerHeld: true }),
    unit(103, { buildingId: 2, areaCm2: 1250n, areaSource: AreaSource.Registered, kind: UnitKind.Parking, label: "P-103" }),
  ]);
  await l.bindOwners(c1, [{ unitId: 101, owner: OWNER_A, identityHash: ID_A, evidenceHash: EVIDENCE }]);
  const c2 = await l.createCommunity({ name: "第二小区" });
  const committee2 = l.spare.slice(0, 5);
  const c3 = await l.createCommunity({ name: "第三小区", members: committee2 });
  return { l, c1, c2, c3, committee2 };
}
type Populated = Awaited<ReturnType<typeof populatedFixture>>;

// ───────────────────────────────────────────────────────────── the seven committee actions

type ActionCase = CommitteeActionCase<Populated>;

const newBuildings: BuildingInput[] = [{ buildingId: 3, compound: 2, label: "3栋" }];
const newUnits: UnitInput[] = [
  unit(201, { buildingId: 2, areaCm2: 10250n, areaSource: AreaSource.Registered, label: "2-1-201" }),
];
const DEVELOPER = ethers.getAddress("0x00000000000000000000000000000000000de7e1");
const newBindings: OwnerBinding[] = [{ unitId: 102, owner: OWNER_B, identityHash: ID_B, evidenceHash: EVIDENCE }];
const newSettings: Settings = { ...DEFAULT_SETTINGS, noticeDays: 20, objectionDays: 10, allowBallotChange: false };

const ACTIONS: ActionCase[] = [
  {
    name: "registerBuildings",
    kind: CommitteeKind.RegisterBuildings,
    payloadHash: () => payload.registerBuildings(newBuildings),
    send: (x, c, auth) => x.l.registry.registerBuildings(c, newBuildings, auth),
    emitter: (x) => x.l.registry,
    takesCommunityId: true,
    event: "BuildingRegistered",
    eventArgs: (_x, c) => [c, 3, 2, "3栋"],
  },
  {
    name: "registerUnits",
    kind: CommitteeKind.RegisterUnits,
    payloadHash: () => payload.registerUnits(newUnits),
    send: (x, c, auth) => x.l.registry.registerUnits(c, newUnits, auth),
    emitter: (x) => x.l.registry,
    takesCommunityId: true,
    event: "UnitRegistered",
    eventArgs: (_x, c) => [c, 201, 2, 10250n, AreaSource.Registered, UnitKind.Residential, false, "2-1-201"],
  },
  {
    name: "updateUnitArea",
    kind: CommitteeKind.UpdateUnitArea,
    payloadHash: () => payload.updateUnitArea(101, 9120n, AreaSource.Registered),
    send: (x, c, auth) => x.l.registry.updateUnitArea(c, 101, 9120n, AreaSource.Registered, auth),
    emitter: (x) => x.l.registry,
    takesCommunityId: true,
    event: "UnitAreaChanged",
    eventArgs: (_x, c) => [c, 101, 9000n, AreaSource.Surveyed, 9120n, AreaSource.Registered],
  },
  {
    name: "deliverUnits",
    kind: CommitteeKind.DeliverUnits,
    payloadHash: () => payload.deliverUnits([102]),
    send: (x, c, auth) => x.l.registry.deliverUnits(c, [102], auth),
    emitter: (x) => x.l.registry,
    takesCommunityId: true,
    event: "UnitDelivered",
    eventArgs: (_x, c) => [c, 102],
  },
  {
    name: "bindOwners",
    kind: CommitteeKind.BindOwners,
    payloadHash: () => payload.bindOwners(newBindings),
    send: (x, c, auth) => x.l.registry.bindOwners(c, newBindings, auth),
    emitter: (x) => x.l.registry,
    takesCommunityId: true,
    event: "OwnerBound",
    eventArgs: (_x, c) => [c, 102, OWNER_B, ID_B, EVIDENCE],
  },
  {
    name: "unbindOwner",
    kind: CommitteeKind.UnbindOwner,
    payloadHash: () => payload.unbindOwner(101, OWNER_A, ethers.id("sale contract")),
    send: (x, c, auth) => x.l.registry.unbindOwner(c, 101, OWNER_A, ethers.id("sale contract"), auth),
    emitter: (x) => x.l.registry,
    takesCommunityId: true,
    event: "OwnerUnbound",
    eventArgs: (_x, c) => [c, 101, OWNER_A, ethers.id("sale contract")],
  },
  {
    name: "changeSettings",
    kind: CommitteeKind.ChangeSettings,
    payloadHash: () => payload.changeSettings(newSettings),
    send: (x, c, auth) => x.l.registry.changeSettings(c, newSettings, auth),
    emitter: (x) => x.l.registry,
    takesCommunityId: true,
    event: "SettingsChanged",
    eventArgs: (_x, c) => [c, settingsTuple(DEFAULT_SETTINGS), settingsTuple(newSettings)],
  },
  {
    name: "setDeveloper",
    kind: CommitteeKind.SetDeveloper,
    payloadHash: () => payload.setDeveloper(DEVELOPER),
    send: (x, c, auth) => x.l.registry.setDeveloper(c, DEVELOPER, auth),
    emitter: (x) => x.l.registry,
    takesCommunityId: true,
    event: "DeveloperSet",
    eventArgs: (_x, c) => [c, ethers.ZeroAddress, DEVELOPER],
  },
];

async function digestOf(l: Ledger, communityId: bigint, kind: number, payloadHash: string, auth: CommitteeAuth) {
  return l.registry.committeeActionDigest(communityId, kind, payloadHash, auth.salt, auth.deadline);
}


describe("CommunityRegistry", () => {
  behavesLikeCommitteeActions("CommunityRegistry", populatedFixture, ACTIONS);

  describe("committee actions: signatures", () => {
    it("all five members may sign; a deadline equal to the block time is still valid", async () => {
      const { l, c1 } = await loadFixture(populatedFixture);
      const deadline = (await l.now()) + 100n;
      const auth = await l.signCommittee(c1, CommitteeKind.RegisterBuildings, payload.registerBuildings(newBuildings), l.committee, { deadline });
      await time.setNextBlockTimestamp(deadline);
      await expect(l.registry.registerBuildings(c1, newBuildings, auth))
        .to.emit(l.registry, "CommitteeActionExecuted")
        .withArgs(c1, CommitteeKind.RegisterBuildings, ethers.isHexString, sortAddresses(l.committee.map((m) => m.address)));
    });

    it("the same action with a fresh salt may run again (salt makes the digest unique)", async () => {
      const { l, c1 } = await loadFixture(populatedFixture);
      const s1 = await l.signCommittee(c1, CommitteeKind.ChangeSettings, payload.changeSettings(newSettings), l.quorum);
      const s2 = await l.signCommittee(c1, CommitteeKind.ChangeSettings, payload.changeSettings(newSettings), l.quorum);
      await expect(l.registry.changeSettings(c1, newSettings, s1)).to.emit(l.registry, "SettingsChanged");
      await expect(l.registry.changeSettings(c1, newSettings, s2))
        .to.emit(l.registry, "SettingsChanged")
        .withArgs(c1, settingsTuple(newSettings), settingsTuple(newSettings));
    });
  });

  describe("supervisor actions: communities and committees", () => {
    it("a supervisor creates a community with its committee; events and views carry the data", async () => {
      const l = await loadFixture(deployFixture);
      const members = l.committee.map((m) => m.address);
      const auth = await l.signSupervisor(SupervisorKind.CreateCommunity, payload.createCommunity("阳光花园", DEFAULT_SETTINGS, members, 3));
      const tx = l.registry.createCommunity("阳光花园", DEFAULT_SETTINGS, members, 3, auth);
      await expect(tx)
        .to.emit(l.registry, "CommunityCreated")
        .withArgs(1n, l.supervisor.address, "阳光花园", settingsTuple(DEFAULT_SETTINGS));
      await expect(tx).to.emit(l.registry, "CommitteeInstalled").withArgs(1n, 1, members, 3);
      expect(await l.registry.communityCount()).to.equal(1n);
      expect(await l.registry.communityExists(1n)).to.equal(true);
      expect(await l.registry.communityExists(0n)).to.equal(false);
      expect(await l.registry.communityExists(2n)).to.equal(false);
      const c = await l.registry.communityOf(1n);
      expect([c.supervisor, c.epoch, c.threshold, c.memberCount]).to.deep.equal([l.supervisor.address, 1n, 3n, 5n]);
      expect(await l.registry.settingsOf(1n)).to.deep.equal(settingsTuple(DEFAULT_SETTINGS));
      for (const m of members) expect(await l.registry.isCommitteeMember(1n, m)).to.equal(true);
      expect(await l.registry.isCommitteeMember(1n, l.outsider.address)).to.equal(false);
      expect(await l.registry.isCommitteeMember(1n, l.supervisor.address)).to.equal(false);
      await expect(l.registry.settingsOf(2n)).to.be.revertedWithCustomError(l.registry, "RegistryUnknownCommunity").withArgs(2n);
    });

    it("only a SUPERVISOR_ROLE signer may create a community (others → RegistryNotSupervisor)", async () => {
      const l = await loadFixture(deployFixture);
      const members = l.committee.map((m) => m.address);
      const hash = payload.createCommunity("小区", DEFAULT_SETTINGS, members, 3);
      for (const signer of [l.outsider, l.admin, l.relayer, l.committee[0]!] as Actor[]) {
        const auth = await l.signSupervisor(SupervisorKind.CreateCommunity, hash, { signer });
        // even when the district admin itself sends the transaction
        await expect(l.registry.connect(l.admin).createCommunity("小区", DEFAULT_SETTINGS, members, 3, auth))
          .to.be.revertedWithCustomError(l.registry, "RegistryNotSupervisor")
          .withArgs(signer.address);
      }
      // a supervisor whose role was revoked
      await l.registry.connect(l.admin).revokeRole(await l.registry.SUPERVISOR_ROLE(), l.supervisor.address);
      const auth = await l.signSupervisor(SupervisorKind.CreateCommunity, hash);
      await expect(l.registry.createCommunity("小区", DEFAULT_SETTINGS, members, 3, auth))
        .to.be.revertedWithCustomError(l.registry, "RegistryNotSupervisor")
        .withArgs(l.supervisor.address);
      expect(await l.registry.communityCount()).to.equal(0n);
    });

    it("a supervisor's signature covers the payload: changed arguments recover a stranger", async () => {
      const l = await loadFixture(deployFixture);
      const members = l.committee.map((m) => m.address);
      const auth = await l.signSupervisor(SupervisorKind.CreateCommunity, payload.createCommunity("小区", DEFAULT_SETTINGS, members, 3));
      const realHash = payload.createCommunity("小区", DEFAULT_SETTINGS, members, 2);
      const digest = await l.registry.supervisorActionDigest(SupervisorKind.CreateCommunity, realHash, auth.salt, auth.deadline);
      await expect(l.registry.createCommunity("小区", DEFAULT_SETTINGS, members, 2, auth))
        .to.be.revertedWithCustomError(l.registry, "RegistryNotSupervisor")
        .withArgs(ethers.recoverAddress(digest, auth.signature));
    });

    it("a supervisor action expires and cannot be replayed", async () => {
      const l = await loadFixture(deployFixture);
      const members = l.committee.map((m) => m.address);
      const hash = payload.createCommunity("小区", DEFAULT_SETTINGS, members, 3);
      const deadline = (await l.now()) + 50n;
      const late = await l.signSupervisor(SupervisorKind.CreateCommunity, hash, { deadline });
      await time.setNextBlockTimestamp(deadline + 1n);
      await expect(l.registry.createCommunity("小区", DEFAULT_SETTINGS, members, 3, late))
        .to.be.revertedWithCustomError(l.registry, "RegistrySignatureExpired")
        .withArgs(deadline, deadline + 1n);
      const auth = await l.signSupervisor(SupervisorKind.CreateCommunity, hash);
      await l.registry.createCommunity("小区", DEFAULT_SETTINGS, members, 3, auth);
      const digest = await l.registry.supervisorActionDigest(SupervisorKind.CreateCommunity, hash, auth.salt, auth.deadline);
      expect(await l.registry.actionUsed(digest)).to.equal(true);
      await expect(l.registry.createCommunity("小区", DEFAULT_SETTINGS, members, 3, auth))
        .to.be.revertedWithCustomError(l.registry, "RegistryActionReplayed")
        .withArgs(digest);
    });

    it("refuses an invalid committee: threshold 0, threshold > members, threshold 1 of 5, duplicate, zero address, empty, more than 21", async () => {
      const l = await loadFixture(deployFixture);
      const a = l.committee.map((m) => m.address);
      const cases: [string[], number][] = [
        [a, 0],
        [a, 6],
        [a, 1],
        [[a[0]!, a[1]!, a[0]!], 2],
        [[a[0]!, ethers.ZeroAddress, a[1]!], 2],
        [[], 0],
        [[], 1],
        [wallets(22, 300).map((w) => w.address), 11],
      ];
      for (const [members, threshold] of cases) {
        const auth = await l.signSupervisor(SupervisorKind.CreateCommunity, payload.createCommunity("小区", DEFAULT_SETTINGS, members, threshold));
        await expect(l.registry.createCommunity("小区", DEFAULT_SETTINGS, members, threshold, auth))
          .to.be.revertedWithCustomError(l.registry, "RegistryInvalidCommittee")
          .withArgs(members.length, threshold);
      }
      expect(await l.registry.communityCount()).to.equal(0n);
    });

    it("accepts the committee bounds: one member alone (threshold 1), 21 members, threshold = members", async () => {
      const l = await loadFixture(deployFixture);
      for (const [members, threshold] of [
        [[l.committee[0]!.address], 1],
        [wallets(21, 300).map((w) => w.address), 2],
        [l.committee.map((m) => m.address), 5],
      ] as [string[], number][]) {
        const auth = await l.signSupervisor(SupervisorKind.CreateCommunity, payload.createCommunity("小区", DEFAULT_SETTINGS, members, threshold));
        await expect(l.registry.createCommunity("小区", DEFAULT_SETTINGS, members, threshold, auth)).to.emit(l.registry, "CommitteeInstalled");
      }
      expect(await l.registry.communityCount()).to.equal(3n);
    });

    it("refuses invalid settings; accepts the bounds", async () => {
      const l = await loadFixture(deployFixture);
      const members = l.committee.map((m) => m.address);
      const bad: Settings[] = [
        { ...DEFAULT_SETTINGS, noticeDays: 6, adHocNoticeDays: 6 },
        { ...DEFAULT_SETTINGS, noticeDays: 61 },
        { ...DEFAULT_SETTINGS, adHocNoticeDays: 0 },
        { ...DEFAULT_SETTINGS, adHocNoticeDays: 16 },
        { ...DEFAULT_SETTINGS, objectionDays: 0 },
        { ...DEFAULT_SETTINGS, objectionDays: 61 },
      ];
      for (const s of bad) {
        const auth = await l.signSupervisor(SupervisorKind.CreateCommunity, payload.createCommunity("小区", s, members, 3));
        await expect(l.registry.createCommunity("小区", s, members, 3, auth)).to.be.revertedWithCustomError(l.registry, "RegistryInvalidSettings");
      }
      const good: Settings[] = [
        { noticeDays: 7, adHocNoticeDays: 7, objectionDays: 60, allowBallotChange: false, excludeParkingArea: true, finalWithOpenObjections: true },
        { noticeDays: 60, adHocNoticeDays: 1, objectionDays: 1, allowBallotChange: true, excludeParkingArea: false, finalWithOpenObjections: false },
      ];
      for (const s of good) {
        const auth = await l.signSupervisor(SupervisorKind.CreateCommunity, payload.createCommunity("小区", s, members, 3));
        await expect(l.registry.createCommunity("小区", s, members, 3, auth)).to.emit(l.registry, "CommunityCreated");
      }
    });

    it("changeSettings validates the new settings too", async () => {
      const { l, c1 } = await loadFixture(populatedFixture);
      const s = { ...DEFAULT_SETTINGS, adHocNoticeDays: 20 };
      const auth = await l.signCommittee(c1, CommitteeKind.ChangeSettings, payload.changeSettings(s), l.quorum);
      await expect(l.registry.changeSettings(c1, s, auth)).to.be.revertedWithCustomError(l.registry, "RegistryInvalidSettings");
      expect(await l.registry.settingsOf(c1)).to.deep.equal(settingsTuple(DEFAULT_SETTINGS));
    });

    it("setDeveloper names the developer's signer, changes it, and refuses a change to the same address", async () => {
      const { l, c1 } = await loadFixture(populatedFixture);
      expect(await l.registry.developerOf(c1)).to.equal(ethers.ZeroAddress);
      const set = async (d: string) => l.registry.setDeveloper(c1, d, await l.signCommittee(c1, CommitteeKind.SetDeveloper, payload.setDeveloper(d), l.quorum));
      await expect(set(DEVELOPER)).to.emit(l.registry, "DeveloperSet").withArgs(c1, ethers.ZeroAddress, DEVELOPER);
      expect(await l.registry.developerOf(c1)).to.equal(ethers.getAddress(DEVELOPER));
      await expect(set(DEVELOPER)).to.be.revertedWithCustomError(l.registry, "RegistryDeveloperUnchanged").withArgs(DEVELOPER);
      await expect(set(ethers.ZeroAddress)).to.emit(l.registry, "DeveloperSet").withArgs(c1, DEVELOPER, ethers.ZeroAddress);
      await expect(l.registry.developerOf(99n)).to.be.revertedWithCustomError(l.registry, "RegistryUnknownCommunity");
    });

    it("installCommittee only by the community's own supervisor", async () => {
      const { l, c1 } = await loadFixture(populatedFixture);
      const supervisor2 = l.spare[10]!;
      await l.registry.connect(l.admin).grantRole(await l.registry.SUPERVISOR_ROLE(), supervisor2.address);
      const members = l.spare.slice(5, 8).map((m) => m.address);
      const hash = payload.installCommittee(c1, members, 2);
      for (const signer of [l.outsider, supervisor2, l.committee[0]!, l.admin]) {
        const auth = await l.signSupervisor(SupervisorKind.InstallCommittee, hash, { signer });
        await expect(l.registry.installCommittee(c1, members, 2, auth))
          .to.be.revertedWithCustomError(l.registry, "RegistryNotSupervisor")
          .withArgs(signer.address);
      }
      const ok = await l.signSupervisor(SupervisorKind.InstallCommittee, hash);
      await expect(l.registry.installCommittee(c1, members, 2, ok)).to.emit(l.registry, "CommitteeInstalled").withArgs(c1, 2, members, 2);
      const c = await l.registry.communityOf(c1);
      expect([c.epoch, c.threshold, c.memberCount]).to.deep.equal([2n, 2n, 3n]);
      expect(await l.registry.isCommitteeMember(c1, members[0]!)).to.equal(true);
      expect(await l.registry.isCommitteeMember(c1, l.committee[0]!.address)).to.equal(false);
    });

    it("installCommittee: signature bound to the community, unknown community, invalid committee", async () => {
      const { l, c1, c2 } = await loadFixture(populatedFixture);
      const members = l.spare.slice(5, 8).map((m) => m.address);
      // signed by the same supervisor for community 2, submitted for community 1
      const forC2 = await l.signSupervisor(SupervisorKind.InstallCommittee, payload.installCommittee(c2, members, 2));
      const digest = await l.registry.supervisorActionDigest(SupervisorKind.InstallCommittee, payload.installCommittee(c1, members, 2), forC2.salt, forC2.deadline);
      await expect(l.registry.installCommittee(c1, members, 2, forC2))
        .to.be.revertedWithCustomError(l.registry, "RegistryNotSupervisor")
        .withArgs(ethers.recoverAddress(digest, forC2.signature));
      const unknown = await l.signSupervisor(SupervisorKind.InstallCommittee, payload.installCommittee(42n, members, 2));
      await expect(l.registry.installCommittee(42n, members, 2, unknown)).to.be.revertedWithCustomError(l.registry, "RegistryUnknownCommunity").withArgs(42n);
      const invalid = await l.signSupervisor(SupervisorKind.InstallCommittee, payload.installCommittee(c1, members, 1));
      await expect(l.registry.installCommittee(c1, members, 1, invalid)).to.be.revertedWithCustomError(l.registry, "RegistryInvalidCommittee").withArgs(3, 1);
      // a create-community signature cannot be used as an install-committee signature
      const create = await l.signSupervisor(SupervisorKind.CreateCommunity, payload.installCommittee(c1, members, 2));
      await expect(l.registry.installCommittee(c1, members, 2, create)).to.be.revertedWithCustomError(l.registry, "RegistryNotSupervisor");
    });

    it("a re-elected member keeps acting in the new epoch; re-installing resets membership", async () => {
      const { l, c1 } = await loadFixture(populatedFixture);
      const kept = l.committee[0]!;
      const elected = [kept, l.spare[5]!, l.spare[6]!];
      const members = elected.map((m) => m.address);
      await l.registry.installCommittee(c1, members, 2, await l.signSupervisor(SupervisorKind.InstallCommittee, payload.installCommittee(c1, members, 2)));
      expect(await l.registry.isCommitteeMember(c1, kept.address)).to.equal(true);
      expect(await l.registry.isCommitteeMember(c1, l.committee[1]!.address)).to.equal(false);
      await expect(l.registerBuildings(c1, newBuildings, [kept, l.spare[6]!])).to.emit(l.registry, "BuildingRegistered");
      await expect(l.registerBuildings(c1, [{ buildingId: 4, compound: 2, label: "4栋" }], [kept, l.committee[1]!]))
        .to.be.revertedWithCustomError(l.registry, "RegistryNotCommitteeMember")
        .withArgs(l.committee[1]!.address);
    });
  });

  describe("isolation between communities", () => {
    it("a committee of community 1 cannot act in community 2, even with correct signatures for community 2", async () => {
      const { l, c1, c3, committee2 } = await loadFixture(populatedFixture);
      const b = [{ buildingId: 1, compound: 1, label: "1栋" }];
      await expect(l.registerBuildings(c3, b, l.quorum))
        .to.be.revertedWithCustomError(l.registry, "RegistryNotCommitteeMember")
        .withArgs(sortAddresses(l.quorum.map((m) => m.address))[0]);
      // and the other way round
      await expect(l.registerBuildings(c1, [{ buildingId: 9, compound: 1, label: "9" }], committee2.slice(0, 3)))
        .to.be.revertedWithCustomError(l.registry, "RegistryNotCommitteeMember");
      // each committee in its own community
      await expect(l.registerBuildings(c3, b, committee2.slice(2, 5))).to.emit(l.registry, "BuildingRegistered").withArgs(c3, 1, 1, "1栋");
    });

    it("buildings, units and owners of one community are invisible to another", async () => {
      const { l, c1, c2 } = await loadFixture(populatedFixture);
      expect((await l.registry.unitOf(c1, 101)).exists).to.equal(true);
      expect((await l.registry.unitOf(c2, 101)).exists).to.equal(false);
      expect(await l.registry.ownerIdentity(c1, 101, OWNER_A)).to.equal(ID_A);
      expect(await l.registry.ownerIdentity(c2, 101, OWNER_A)).to.equal(ethers.ZeroHash);
      // community 2 has no building 1 yet: the same ids are free there
      await expect(l.registerUnits(c2, [unit(101)])).to.be.revertedWithCustomError(l.registry, "RegistryUnknownBuilding").withArgs(1);
      await l.registerBuildings(c2, [{ buildingId: 1, compound: 1, label: "1栋" }]);
      await expect(l.registerUnits(c2, [unit(101, { areaCm2: 5000n })])).to.emit(l.registry, "UnitRegistered");
      expect((await l.registry.unitOf(c2, 101)).areaCm2).to.equal(5000n);
      expect((await l.registry.unitOf(c1, 101)).areaCm2).to.equal(9000n);
    });

    it("the supervisor of one community cannot install another community's committee", async () => {
      const l = await loadFixture(deployFixture);
      const supervisor2 = l.spare[10]!;
      await l.registry.connect(l.admin).grantRole(await l.registry.SUPERVISOR_ROLE(), supervisor2.address);
      const c1 = await l.createCommunity();
      const c2 = await l.createCommunity({ supervisor: supervisor2 });
      expect((await l.registry.communityOf(c2)).supervisor).to.equal(supervisor2.address);
      const members = l.spare.slice(0, 3).map((m) => m.address);
      const auth = await l.signSupervisor(SupervisorKind.InstallCommittee, payload.installCommittee(c1, members, 2), { signer: supervisor2 });
      await expect(l.registry.installCommittee(c1, members, 2, auth))
        .to.be.revertedWithCustomError(l.registry, "RegistryNotSupervisor")
        .withArgs(supervisor2.address);
    });
  });

  describe("buildings, units and owners", () => {
    it("buildings: id 0 and duplicates (also within one batch) are refused", async () => {
      const { l, c1 } = await loadFixture(populatedFixture);
      await expect(l.registerBuildings(c1, [{ buildingId: 0, compound: 1, label: "?" }]))
        .to.be.revertedWithCustomError(l.registry, "RegistryUnknownBuilding")
        .withArgs(0);
      await expect(l.registerBuildings(c1, [{ buildingId: 1, compound: 1, label: "1栋" }]))
        .to.be.revertedWithCustomError(l.registry, "RegistryBuildingExists")
        .withArgs(1);
      await expect(
        l.registerBuildings(c1, [
          { buildingId: 5, compound: 1, label: "5栋" },
          { buildingId: 5, compound: 1, label: "5栋" },
        ]),
      )
        .to.be.revertedWithCustomError(l.registry, "RegistryBuildingExists")
        .withArgs(5);
    });

    it("units: unknown building, duplicate unit, invalid unit are refused and nothing is half-written", async () => {
      const { l, c1 } = await loadFixture(populatedFixture);
      await expect(l.registerUnits(c1, [unit(301, { buildingId: 9 })])).to.be.revertedWithCustomError(l.registry, "RegistryUnknownBuilding").withArgs(9);
      await expect(l.registerUnits(c1, [unit(101)])).to.be.revertedWithCustomError(l.registry, "RegistryUnitExists").withArgs(101);
      await expect(l.registerUnits(c1, [unit(301), unit(301)])).to.be.revertedWithCustomError(l.registry, "RegistryUnitExists").withArgs(301);
      for (const bad of [
        unit(0),
        unit(302, { areaCm2: 0n }),
        unit(303, { areaSource: AreaSource.None }),
        unit(304, { kind: UnitKind.None }),
      ]) {
        await expect(l.registerUnits(c1, [bad])).to.be.revertedWithCustomError(l.registry, "RegistryInvalidUnit").withArgs(bad.unitId);
      }
      // a bad unit at the end of a batch: the good ones before it are not written, the signatures not used
      const batch = [unit(310), unit(311), unit(312, { areaCm2: 0n })];
      const auth = await l.signCommittee(c1, CommitteeKind.RegisterUnits, payload.registerUnits(batch), l.quorum);
      await expect(l.registry.registerUnits(c1, batch, auth)).to.be.revertedWithCustomError(l.registry, "RegistryInvalidUnit").withArgs(312);
      expect((await l.registry.unitOf(c1, 310)).exists).to.equal(false);
      expect(await l.registry.actionUsed(await digestOf(l, c1, CommitteeKind.RegisterUnits, payload.registerUnits(batch), auth))).to.equal(false);
    });

    it("unitOf returns what was registered", async () => {
      const { l, c1 } = await loadFixture(populatedFixture);
      const u = await l.registry.unitOf(c1, 103);
      expect([u.exists, u.buildingId, u.areaCm2, u.source, u.kind, u.developerHeld]).to.deep.equal([
        true,
        2n,
        1250n,
        BigInt(AreaSource.Registered),
        BigInt(UnitKind.Parking),
        false,
      ]);
      const d = await l.registry.unitOf(c1, 102);
      expect([d.exists, d.buildingId, d.areaCm2, d.source, d.kind, d.developerHeld]).to.deep.equal([
        true,
        1n,
        8000n,
        BigInt(AreaSource.Contract),
        BigInt(UnitKind.Residential),
        true,
      ]);
      const none = await l.registry.unitOf(c1, 999);
      expect(none.exists).to.equal(false);
    });

    it("area: registered → contract or surveyed → contract is a downgrade and refused", async () => {
      const { l, c1 } = await loadFixture(populatedFixture);
      const upd = async (unitId: number, area: bigint, source: number) =>
        l.registry.updateUnitArea(
          c1,
          unitId,
          area,
          source,
          await l.signCommittee(c1, CommitteeKind.UpdateUnitArea, payload.updateUnitArea(unitId, area, source), l.quorum),
        );
      await expect(upd(103, 1300n, AreaSource.Contract))
        .to.be.revertedWithCustomError(l.registry, "RegistryAreaSourceDowngrade")
        .withArgs(103, AreaSource.Registered, AreaSource.Contract);
      await expect(upd(103, 1300n, AreaSource.Surveyed))
        .to.be.revertedWithCustomError(l.registry, "RegistryAreaSourceDowngrade")
        .withArgs(103, AreaSource.Registered, AreaSource.Surveyed);
      await expect(upd(101, 9100n, AreaSource.Contract))
        .to.be.revertedWithCustomError(l.registry, "RegistryAreaSourceDowngrade")
        .withArgs(101, AreaSource.Surveyed, AreaSource.Contract);
      await expect(upd(999, 9100n, AreaSource.Registered)).to.be.revertedWithCustomError(l.registry, "RegistryUnknownUnit").withArgs(999);
      await expect(upd(101, 0n, AreaSource.Registered)).to.be.revertedWithCustomError(l.registry, "RegistryInvalidUnit").withArgs(101);
      await expect(upd(101, 9100n, AreaSource.None)).to.be.revertedWithCustomError(l.registry, "RegistryInvalidUnit").withArgs(101);
      expect((await l.registry.unitOf(c1, 103)).areaCm2).to.equal(1250n);
    });

    it("area: contract → surveyed → registered upgrades, and a same-source correction, are allowed; other fields unchanged", async () => {
      const { l, c1 } = await loadFixture(populatedFixture);
      const upd = async (area: bigint, source: number) =>
        l.registry.updateUnitArea(
          c1,
          102,
          area,
          source,
          await l.signCommittee(c1, CommitteeKind.UpdateUnitArea, payload.updateUnitArea(102, area, source), l.quorum),
        );
      await expect(upd(8050n, AreaSource.Surveyed)).to.emit(l.registry, "UnitAreaChanged").withArgs(c1, 102, 8000n, AreaSource.Contract, 8050n, AreaSource.Surveyed);
      await expect(upd(8040n, AreaSource.Surveyed)).to.emit(l.registry, "UnitAreaChanged").withArgs(c1, 102, 8050n, AreaSource.Surveyed, 8040n, AreaSource.Surveyed);
      await expect(upd(8031n, AreaSource.Registered)).to.emit(l.registry, "UnitAreaChanged").withArgs(c1, 102, 8040n, AreaSource.Surveyed, 8031n, AreaSource.Registered);
      const u = await l.registry.unitOf(c1, 102);
      expect([u.areaCm2, u.source, u.buildingId, u.kind, u.developerHeld]).to.deep.equal([8031n, 3n, 1n, 1n, true]);
    });

    it("deliver: only developer-held units, once", async () => {
      const { l, c1 } = await loadFixture(populatedFixture);
      const deliver = async (ids: number[]) =>
        l.registry.deliverUnits(c1, ids, await l.signCommittee(c1, CommitteeKind.DeliverUnits, payload.deliverUnits(ids), l.quorum));
      await expect(deliver([101])).to.be.revertedWithCustomError(l.registry, "RegistryUnitNotDeveloperHeld").withArgs(101);
      await expect(deliver([999])).to.be.revertedWithCustomError(l.registry, "RegistryUnknownUnit").withArgs(999);
      await expect(deliver([102, 102])).to.be.revertedWithCustomError(l.registry, "RegistryUnitNotDeveloperHeld").withArgs(102);
      await expect(deliver([102])).to.emit(l.registry, "UnitDelivered").withArgs(c1, 102);
      const u = await l.registry.unitOf(c1, 102);
      expect([u.developerHeld, u.areaCm2, u.source, u.kind, u.buildingId]).to.deep.equal([false, 8000n, 1n, 1n, 1n]);
      await expect(deliver([102])).to.be.revertedWithCustomError(l.registry, "RegistryUnitNotDeveloperHeld").withArgs(102);
    });

    it("owners: bind (co-owners, one buyer on several units), refuse invalid and double bindings, unbind and rebind", async () => {
      const { l, c1 } = await loadFixture(populatedFixture);
      await expect(l.bindOwners(c1, [{ unitId: 999, owner: OWNER_B, identityHash: ID_B, evidenceHash: EVIDENCE }]))
        .to.be.revertedWithCustomError(l.registry, "RegistryUnknownUnit")
        .withArgs(999);
      await expect(l.bindOwners(c1, [{ unitId: 101, owner: ethers.ZeroAddress, identityHash: ID_B, evidenceHash: EVIDENCE }]))
        .to.be.revertedWithCustomError(l.registry, "RegistryInvalidOwner")
        .withArgs(101);
      await expect(l.bindOwners(c1, [{ unitId: 101, owner: OWNER_B, identityHash: ethers.ZeroHash, evidenceHash: EVIDENCE }]))
        .to.be.revertedWithCustomError(l.registry, "RegistryInvalidOwner")
        .withArgs(101);
      await expect(l.bindOwners(c1, [{ unitId: 101, owner: OWNER_A, identityHash: ID_A, evidenceHash: EVIDENCE }]))
        .to.be.revertedWithCustomError(l.registry, "RegistryOwnerAlreadyBound")
        .withArgs(101, OWNER_A);
      // a co-owner on 101 and owner A on the parking space 103 too
      await expect(
        l.bindOwners(c1, [
          { unitId: 101, owner: OWNER_B, identityHash: ID_B, evidenceHash: EVIDENCE },
          { unitId: 103, owner: OWNER_A, identityHash: ID_A, evidenceHash: EVIDENCE },
        ]),
      )
        .to.emit(l.registry, "OwnerBound")
        .withArgs(c1, 103, OWNER_A, ID_A, EVIDENCE);
      expect(await l.registry.ownerIdentity(c1, 101, OWNER_B)).to.equal(ID_B);
      expect(await l.registry.ownerIdentity(c1, 103, OWNER_A)).to.equal(ID_A);

      const unbind = async (unitId: number, owner: string) =>
        l.registry.unbindOwner(
          c1,
          unitId,
          owner,
          EVIDENCE,
          await l.signCommittee(c1, CommitteeKind.UnbindOwner, payload.unbindOwner(unitId, owner, EVIDENCE), l.quorum),
        );
      await expect(unbind(102, OWNER_A)).to.be.revertedWithCustomError(l.registry, "RegistryOwnerNotBound").withArgs(102, OWNER_A);
      await expect(unbind(101, OWNER_A)).to.emit(l.registry, "OwnerUnbound").withArgs(c1, 101, OWNER_A, EVIDENCE);
      expect(await l.registry.ownerIdentity(c1, 101, OWNER_A)).to.equal(ethers.ZeroHash);
      expect(await l.registry.ownerIdentity(c1, 101, OWNER_B)).to.equal(ID_B);
      await expect(unbind(101, OWNER_A)).to.be.revertedWithCustomError(l.registry, "RegistryOwnerNotBound").withArgs(101, OWNER_A);
      await expect(l.bindOwners(c1, [{ unitId: 101, owner: OWNER_A, identityHash: ID_A, evidenceHash: EVIDENCE }])).to.emit(l.registry, "OwnerBound");
    });

    it("batches must hold 1 to 400 items", async () => {
      const { l, c1 } = await loadFixture(populatedFixture);
      const empty = await l.signCommittee(c1, CommitteeKind.RegisterBuildings, payload.registerBuildings([]), l.quorum);
      await expect(l.registry.registerBuildings(c1, [], empty)).to.be.revertedWithCustomError(l.registry, "RegistryBatchTooLarge").withArgs(0, 400);
      await expect(l.registry.registerUnits(c1, [], empty)).to.be.revertedWithCustomError(l.registry, "RegistryBatchTooLarge").withArgs(0, 400);
      await expect(l.registry.bindOwners(c1, [], empty)).to.be.revertedWithCustomError(l.registry, "RegistryBatchTooLarge").withArgs(0, 400);
      const ids = Array.from({ length: 401 }, (_, i) => 1000 + i);
      const big = await l.signCommittee(c1, CommitteeKind.DeliverUnits, payload.deliverUnits(ids), l.quorum);
      await expect(l.registry.deliverUnits(c1, ids, big)).to.be.revertedWithCustomError(l.registry, "RegistryBatchTooLarge").withArgs(401, 400);
    });
  });

  describe("roles", () => {
    it("one table of committee-action kinds: the registry owns 1–8 and the voting module 20–24, from their own declarations", async () => {
      const l = await loadFixture(deployFixture);
      for (const kind of [1, 2, 3, 4, 5, 6, 7, 8]) expect(await l.registry.moduleOfKind(kind)).to.equal(l.registryAddress);
      for (const kind of [20, 21, 22, 23, 24]) expect(await l.registry.moduleOfKind(kind)).to.equal(l.votingAddress);
      expect(await l.registry.moduleOfKind(30)).to.equal(ethers.ZeroAddress);
      expect((await l.voting.committeeKinds()).map(Number)).to.deep.equal([20, 21, 22, 23, 24]);
      expect((await l.registry.committeeKinds()).map(Number)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8]);
    });

    it("consumeCommitteeAction is refused to anyone but the module that owns the kind → RegistryKindNotOwned", async () => {
      const { l, c1 } = await loadFixture(populatedFixture);
      const auth = await l.signCommittee(c1, 30, ethers.id("module payload"), l.quorum);
      for (const caller of [l.outsider, l.relayer, l.admin, l.supervisor, l.committee[0]!]) {
        await expect(l.registry.connect(caller).consumeCommitteeAction(c1, 30, ethers.id("module payload"), auth))
          .to.be.revertedWithCustomError(l.registry, "RegistryKindNotOwned")
          .withArgs(30, caller.address);
      }
    });

    it("a registered module consumes a committee action of its own kind once and gets the signers; never another module's kind", async () => {
      const { l, c1 } = await loadFixture(populatedFixture);
      const module = await ethers.deployContract("TestModule", [l.registryAddress, [30, 31]], l.relayer);
      const moduleAddress = await module.getAddress();
      await expect(l.registry.connect(l.admin).registerModule(moduleAddress))
        .to.emit(l.registry, "ModuleRegistered")
        .withArgs(moduleAddress, [30, 31]);
      const hash = ethers.id("module payload");
      const auth = await l.signCommittee(c1, 30, hash, l.quorum);
      const signers = sortAddresses(l.quorum.map((m) => m.address));
      const digest = await digestOf(l, c1, 30, hash, auth);
      await expect(module.act(c1, 30, hash, auth))
        .to.emit(l.registry, "CommitteeActionExecuted")
        .withArgs(c1, 30, digest, signers)
        .and.to.emit(module, "Consumed")
        .withArgs(c1, 30, signers);
      await expect(module.act(c1, 30, hash, auth)).to.be.revertedWithCustomError(l.registry, "RegistryActionReplayed").withArgs(digest);
      // another module's kinds, signed by the committee, are refused to this module
      for (const kind of [CommitteeKind.PublishProposal, CommitteeKind.RegisterBuildings]) {
        const foreign = await l.signCommittee(c1, kind, hash, l.quorum);
        await expect(module.act(c1, kind, hash, foreign))
          .to.be.revertedWithCustomError(l.registry, "RegistryKindNotOwned")
          .withArgs(kind, moduleAddress);
      }
    });

    it("registerModule: district admin only, each kind to one module, a contract that declares kinds", async () => {
      const { l } = await loadFixture(populatedFixture);
      const taken = await ethers.deployContract("TestModule", [l.registryAddress, [40, 20]], l.relayer);
      await expect(l.registry.connect(l.admin).registerModule(await taken.getAddress()))
        .to.be.revertedWithCustomError(l.registry, "RegistryKindTaken")
        .withArgs(20, l.votingAddress);
      expect(await l.registry.moduleOfKind(40)).to.equal(ethers.ZeroAddress); // nothing half-written
      const own = await ethers.deployContract("TestModule", [l.registryAddress, [5]], l.relayer);
      await expect(l.registry.connect(l.admin).registerModule(await own.getAddress()))
        .to.be.revertedWithCustomError(l.registry, "RegistryKindTaken")
        .withArgs(5, l.registryAddress);
      const none = await ethers.deployContract("TestModule", [l.registryAddress, []], l.relayer);
      await expect(l.registry.connect(l.admin).registerModule(await none.getAddress()))
        .to.be.revertedWithCustomError(l.registry, "RegistryInvalidModule")
        .withArgs(await none.getAddress());
      await expect(l.registry.connect(l.admin).registerModule(l.outsider.address))
        .to.be.revertedWithCustomError(l.registry, "RegistryInvalidModule")
        .withArgs(l.outsider.address);
      const fresh = await ethers.deployContract("TestModule", [l.registryAddress, [41]], l.relayer);
      await expect(l.registry.connect(l.supervisor).registerModule(await fresh.getAddress()))
        .to.be.revertedWithCustomError(l.registry, "AccessControlUnauthorizedAccount")
        .withArgs(l.supervisor.address, ethers.ZeroHash);
    });

    it("only the district admin grants roles", async () => {
      const l = await loadFixture(deployFixture);
      const role = await l.registry.SUPERVISOR_ROLE();
      await expect(l.registry.connect(l.supervisor).grantRole(role, l.outsider.address))
        .to.be.revertedWithCustomError(l.registry, "AccessControlUnauthorizedAccount")
        .withArgs(l.supervisor.address, ethers.ZeroHash);
      await expect(l.registry.grantRole(role, l.outsider.address))
        .to.be.revertedWithCustomError(l.registry, "AccessControlUnauthorizedAccount")
        .withArgs(l.relayer.address, ethers.ZeroHash);
    });
  });

  describe("digests and payload encodings", () => {
    it("the contract's EIP-712 digests equal ethers' TypedDataEncoder with chain/typedData.ts", async () => {
      const l = await loadFixture(deployFixture);
      const msg = { communityId: 7n, kind: 20, payloadHash: ethers.id("p"), salt: ethers.id("s"), deadline: 1_900_000_000n };
      expect(await l.registry.committeeActionDigest(msg.communityId, msg.kind, msg.payloadHash, msg.salt, msg.deadline)).to.equal(
        ethers.TypedDataEncoder.hash(l.registryDomain(), { CommitteeAction: [...committeeActionTypes.CommitteeAction] }, msg),
      );
      const sup = { kind: 1, payloadHash: ethers.id("p"), salt: ethers.id("s"), deadline: 1_900_000_000n };
      expect(await l.registry.supervisorActionDigest(sup.kind, sup.payloadHash, sup.salt, sup.deadline)).to.equal(
        ethers.TypedDataEncoder.hash(l.registryDomain(), { SupervisorAction: [...supervisorActionTypes.SupervisorAction] }, sup),
      );
      const objection = { proposalId: 3n, entryId: 41, textHash: ethers.id("text"), deadline: 1_900_000_000n };
      expect(await l.voting.objectionDigest(objection.proposalId, objection.entryId, objection.textHash, objection.deadline)).to.equal(
        ethers.TypedDataEncoder.hash(l.votingDomain(), { Objection: [...objectionTypes.Objection] }, objection),
      );
    });

    it("the payload hashes of this suite equal chain/payloads.ts (the API's encoder)", async () => {
      const members = [wallet(1).address, wallet(2).address];
      expect(payload.createCommunity("小区", DEFAULT_SETTINGS, members, 2)).to.equal(
        supervisorPayloadHash(SupervisorKind.CreateCommunity, ["小区", DEFAULT_SETTINGS, members, 2]),
      );
      expect(payload.installCommittee(3n, members, 2)).to.equal(supervisorPayloadHash(SupervisorKind.InstallCommittee, [3n, members, 2]));
      expect(payload.registerBuildings(newBuildings)).to.equal(committeePayloadHash(CommitteeKind.RegisterBuildings, [newBuildings]));
      expect(payload.registerUnits(newUnits)).to.equal(committeePayloadHash(CommitteeKind.RegisterUnits, [newUnits]));
      expect(payload.updateUnitArea(101, 9120n, 3)).to.equal(committeePayloadHash(CommitteeKind.UpdateUnitArea, [101, 9120n, 3]));
      expect(payload.deliverUnits([102, 103])).to.equal(committeePayloadHash(CommitteeKind.DeliverUnits, [[102, 103]]));
      expect(payload.bindOwners(newBindings)).to.equal(committeePayloadHash(CommitteeKind.BindOwners, [newBindings]));
      expect(payload.unbindOwner(101, OWNER_A, EVIDENCE)).to.equal(committeePayloadHash(CommitteeKind.UnbindOwner, [101, OWNER_A, EVIDENCE]));
      expect(payload.changeSettings(newSettings)).to.equal(committeePayloadHash(CommitteeKind.ChangeSettings, [newSettings]));
      expect(payload.setDeveloper(DEVELOPER)).to.equal(committeePayloadHash(CommitteeKind.SetDeveloper, [DEVELOPER]));
      expect(payload.extendVoting(4n, 1_900_000_000n)).to.equal(committeePayloadHash(CommitteeKind.ExtendVoting, [4n, 1_900_000_000n]));
      expect(payload.answerObjection(4n, 2, EVIDENCE)).to.equal(committeePayloadHash(CommitteeKind.AnswerObjection, [4n, 2, EVIDENCE]));
      const input = {
        communityId: 1n,
        matter: 5,
        scopeKind: 1,
        scopeIds: [3, 4],
        adHoc: false,
        votingStart: 1_800_000_000n,
        votingEnd: 1_800_864_000n,
        title: "更换 3 栋电梯",
        textHash: ethers.id("t"),
        options: ["同意", "反对", "弃权"],
        namedChoice: false,
        rollRoot: ethers.id("root"),
        totalAreaCm2: 123_456n,
        totalHeadcount: 12,
        entryCount: 12,
      };
      expect(payload.publishProposal(input)).to.equal(committeePayloadHash(CommitteeKind.PublishProposal, [input]));
      const paper = [{ entryId: 1, voter: OWNER_A, areaCm2: 9000n, headcount: 1, choice: 2, scanHash: ethers.id("scan"), proof: [ethers.id("x")] }];
      expect(payload.enterPaperBallots(2n, paper)).to.equal(committeePayloadHash(CommitteeKind.EnterPaperBallots, [2n, paper]));
      const mandates = [{ entryId: 1, voter: OWNER_A, areaCm2: 9000n, headcount: 1, proxy: OWNER_B, mandateHash: ethers.id("m"), proof: [] }];
      expect(payload.registerMandates(2n, mandates)).to.equal(committeePayloadHash(CommitteeKind.RegisterMandates, [2n, mandates]));
    });
  });
});
