/**
 * Shared set-up for the contract tests.
 *
 * - `deployFixture`: CommunityRegistry(districtAdmin) and OwnerVoting(registry); the admin registers
 *   the voting contract as a module (with its committee-action kinds) and grants SUPERVISOR_ROLE to
 *   the supervisor. A separate
 *   relayer account, which holds no role, sends every transaction: authority comes only from the
 *   EIP-712 signatures of the supervisor, committee members and voters.
 * - Payload hashes are encoded here independently with ethers' AbiCoder from the contracts'
 *   NatSpec "Payload:" lines (CommunityRegistry.test.ts checks that they equal chain/payloads.ts).
 * - Rolls are OpenZeppelin StandardMerkleTrees over (uint32 entryId, address voter, uint64 areaCm2,
 *   uint32 headcount), one leaf per (entry, voter), the zero address for an entry without one.
 */
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { Signer, TypedDataDomain } from "ethers";
import type { CommunityRegistry, OwnerVoting } from "../../typechain-types";
import { packBallot } from "../../chain/payloads";
import { packProofFlags } from "../../chain/relayedBallots";
import {
  CommitteeKind,
  SupervisorKind,
  ballotTypes,
  objectionTypes,
  committeeActionTypes,
  supervisorActionTypes,
} from "../../chain/typedData";
import { DEFAULT_SETTINGS, type CommunitySettings } from "../../domain/settings";

export { CommitteeKind, SupervisorKind };

// ───────────────────────────────────────────────────────────── constants (Solidity enums)

export const HOUR = 3_600n;
export const DAY = 86_400n;

export const Matter = {
  None: 0,
  RulesOfProcedure: 1,
  ManagementCovenant: 2,
  ElectCommittee: 3,
  HireOrFireManager: 4,
  UseFund: 5,
  RaiseFund: 6,
  Rebuild: 7,
  ChangeUseOfCommonParts: 8,
  OtherMajorMatter: 9,
} as const;
export const HALF_MATTERS = [1, 2, 3, 4, 5, 9] as const;
export const THREE_QUARTER_MATTERS = [6, 7, 8] as const;

export const ScopeKind = { Community: 0, Buildings: 1, Units: 2 } as const;
export const Status = { None: 0, Notice: 1, Voting: 2, Provisional: 3, Final: 4 } as const;
export const Outcome = { None: 0, Passed: 1, Rejected: 2, NoQuorum: 3 } as const;
export const BallotKind = { None: 0, Electronic: 1, Paper: 2 } as const;
export const Reason = {
  None: 0,
  VotingNotOpen: 1,
  Expired: 2,
  BadChoice: 3,
  NotInRoll: 4,
  BadSignature: 5,
  WrongSigner: 6,
  NonceUsed: 7,
  ChangeNotAllowed: 8,
  NonceExhausted: 9,
} as const;
export const AreaSource = { None: 0, Contract: 1, Surveyed: 2, Registered: 3 } as const;
export const UnitKind = { None: 0, Residential: 1, Commercial: 2, Parking: 3, Stall: 4 } as const;

// ───────────────────────────────────────────────────────────── data shapes

export type Settings = CommunitySettings;
export { DEFAULT_SETTINGS };
export const settingsTuple = (s: Settings) => [
  s.noticeDays,
  s.adHocNoticeDays,
  s.objectionDays,
  s.allowBallotChange,
  s.excludeParkingArea,
  s.finalWithOpenObjections,
];

export interface BuildingInput {
  buildingId: number;
  compound: number;
  label: string;
}
export interface UnitInput {
  unitId: number;
  buildingId: number;
  areaCm2: bigint;
  areaSource: number;
  kind: number;
  developerHeld: boolean;
  label: string;
}
export interface OwnerBinding {
  unitId: number;
  owner: string;
  identityHash: string;
  evidenceHash: string;
}
export interface ProposalInput {
  communityId: bigint;
  matter: number;
  scopeKind: number;
  scopeIds: number[];
  adHoc: boolean;
  votingStart: bigint;
  votingEnd: bigint;
  title: string;
  textHash: string;
  options: string[];
  namedChoice: boolean;
  rollRoot: string;
  totalAreaCm2: bigint;
  totalHeadcount: number;
  entryCount: number;
}
export interface SignedBallot {
  packed: bigint;
  voter: string;
  r: string;
  vs: string;
  proof: string[];
}
export interface PaperBallot {
  entryId: number;
  voter: string;
  areaCm2: bigint;
  headcount: number;
  choice: number;
  scanHash: string;
  proof: string[];
}
export interface Mandate {
  entryId: number;
  voter: string;
  areaCm2: bigint;
  headcount: number;
  proxy: string;
  mandateHash: string;
  proof: string[];
}
export interface CommitteeAuth {
  salt: string;
  deadline: bigint;
  signatures: string[];
}
export interface SupervisorAuth {
  salt: string;
  deadline: bigint;
  signature: string;
}

/** Anything that signs EIP-712 data: a Hardhat account or an offline wallet (voters). */
export type Actor = Pick<Signer, "signTypedData"> & { readonly address: string };

// ───────────────────────────────────────────────────────────── payload hashes

const T_SETTINGS =
  "tuple(uint16 noticeDays,uint16 adHocNoticeDays,uint16 objectionDays,bool allowBallotChange,bool excludeParkingArea,bool finalWithOpenObjections)";
const T_BUILDING = "tuple(uint32 buildingId,uint16 compound,string label)";
const T_UNIT =
  "tuple(uint32 unitId,uint32 buildingId,uint64 areaCm2,uint8 areaSource,uint8 kind,bool developerHeld,string label)";
const T_BINDING = "tuple(uint32 unitId,address owner,bytes32 identityHash,bytes32 evidenceHash)";
const T_PROPOSAL =
  "tuple(uint256 communityId,uint8 matter,uint8 scopeKind,uint32[] scopeIds,bool adHoc,uint64 votingStart," +
  "uint64 votingEnd,string title,bytes32 textHash,string[] options,bool namedChoice,bytes32 rollRoot," +
  "uint64 totalAreaCm2,uint32 totalHeadcount,uint32 entryCount)";
const T_PAPER =
  "tuple(uint32 entryId,address voter,uint64 areaCm2,uint32 headcount,uint8 choice,bytes32 scanHash,bytes32[] proof)";
const T_MANDATE =
  "tuple(uint32 entryId,address voter,uint64 areaCm2,uint32 headcount,address proxy,bytes32 mandateHash,bytes32[] proof)";

const hashEncoded = (types: string[], values: unknown[]) =>
  ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(types, values));

/** keccak256(abi.encode(...)) of each action's arguments, as the NatSpec "Payload:" lines say. */
export const payload = {
  createCommunity: (name: string, settings: Settings, members: string[], threshold: number) =>
    hashEncoded(["string", T_SETTINGS, "address[]", "uint8"], [name, settings, members, threshold]),
  installCommittee: (communityId: bigint, members: string[], threshold: number) =>
    hashEncoded(["uint256", "address[]", "uint8"], [communityId, members, threshold]),
  registerBuildings: (buildings: BuildingInput[]) => hashEncoded([`${T_BUILDING}[]`], [buildings]),
  registerUnits: (units: UnitInput[]) => hashEncoded([`${T_UNIT}[]`], [units]),
  updateUnitArea: (unitId: number, areaCm2: bigint, source: number) =>
    hashEncoded(["uint32", "uint64", "uint8"], [unitId, areaCm2, source]),
  deliverUnits: (unitIds: number[]) => hashEncoded(["uint32[]"], [unitIds]),
  bindOwners: (bindings: OwnerBinding[]) => hashEncoded([`${T_BINDING}[]`], [bindings]),
  unbindOwner: (unitId: number, owner: string, evidenceHash: string) =>
    hashEncoded(["uint32", "address", "bytes32"], [unitId, owner, evidenceHash]),
  changeSettings: (settings: Settings) => hashEncoded([T_SETTINGS], [settings]),
  setDeveloper: (developer: string) => hashEncoded(["address"], [developer]),
  publishProposal: (input: ProposalInput) => hashEncoded([T_PROPOSAL], [input]),
  enterPaperBallots: (proposalId: bigint, ballots: PaperBallot[]) =>
    hashEncoded(["uint256", `${T_PAPER}[]`], [proposalId, ballots]),
  registerMandates: (proposalId: bigint, mandates: Mandate[]) =>
    hashEncoded(["uint256", `${T_MANDATE}[]`], [proposalId, mandates]),
  extendVoting: (proposalId: bigint, newVotingEnd: bigint) =>
    hashEncoded(["uint256", "uint64"], [proposalId, newVotingEnd]),
  answerObjection: (proposalId: bigint, objectionId: number, answerHash: string) =>
    hashEncoded(["uint256", "uint32", "bytes32"], [proposalId, objectionId, answerHash]),
};

// ───────────────────────────────────────────────────────────── offline voter wallets

const walletCache = new Map<number, InstanceType<typeof ethers.Wallet>>();
/** A deterministic offline wallet: voters only sign, the relayer pays for every transaction. */
export function wallet(i: number) {
  let w = walletCache.get(i);
  if (!w) {
    w = new ethers.Wallet(ethers.id(`community-ledger test voter ${i}`));
    walletCache.set(i, w);
  }
  return w;
}
export const wallets = (n: number, offset = 0) => Array.from({ length: n }, (_, i) => wallet(offset + i));

// ───────────────────────────────────────────────────────────── electorate roll

export const ROLL_LEAF_ENCODING = ["uint32", "address", "uint64", "uint32"];

export interface RollEntry {
  entryId: number;
  /** Signers or addresses of the entry's leaves; empty for an entry that can only vote on paper. */
  voters: (Actor | string)[];
  areaCm2: bigint;
  headcount: number;
}

export interface RollLeaf {
  entryId: number;
  voter: string;
  areaCm2: bigint;
  headcount: number;
  proof: string[];
}

export interface Roll {
  root: string;
  tree: StandardMerkleTree<[number, string, bigint, number]>;
  entries: RollEntry[];
  totalAreaCm2: bigint;
  totalHeadcount: number;
  entryCount: number;
  /** The leaf (with its proof) of `voter` in `entryId`; by default the entry's first leaf. */
  leaf(entryId: number, voter?: string): RollLeaf;
  getProof(entryId: number, voter?: string): string[];
  /** The signer of the entry's first leaf, if the roll was built with signers. */
  signerOf(entryId: number): Actor;
  entry(entryId: number): RollEntry;
}

const addressOf = (v: Actor | string) => (typeof v === "string" ? v : v.address);

export function buildRoll(entries: RollEntry[]): Roll {
  const values: [number, string, bigint, number][] = [];
  const index = new Map<string, number>();
  const byId = new Map<number, RollEntry>();
  for (const e of entries) {
    byId.set(e.entryId, e);
    const addrs = e.voters.length > 0 ? e.voters.map(addressOf) : [ethers.ZeroAddress];
    for (const a of addrs) {
      index.set(`${e.entryId}:${a.toLowerCase()}`, values.length);
      values.push([e.entryId, a, e.areaCm2, e.headcount]);
    }
  }
  const tree = StandardMerkleTree.of(values, ROLL_LEAF_ENCODING);
  const entry = (entryId: number) => {
    const e = byId.get(entryId);
    if (!e) throw new Error(`roll has no entry ${entryId}`);
    return e;
  };
  const leaf = (entryId: number, voter?: string): RollLeaf => {
    const e = entry(entryId);
    const v = voter ?? (e.voters.length > 0 ? addressOf(e.voters[0]!) : ethers.ZeroAddress);
    const i = index.get(`${entryId}:${v.toLowerCase()}`);
    if (i === undefined) throw new Error(`roll has no leaf for entry ${entryId} and ${v}`);
    const [, , areaCm2, headcount] = values[i]!;
    return { entryId, voter: values[i]![1], areaCm2, headcount, proof: tree.getProof(i) };
  };
  return {
    root: tree.root,
    tree,
    entries,
    totalAreaCm2: entries.reduce((s, e) => s + e.areaCm2, 0n),
    totalHeadcount: entries.reduce((s, e) => s + e.headcount, 0),
    entryCount: entries.length,
    leaf,
    getProof: (entryId, voter) => leaf(entryId, voter).proof,
    entry,
    signerOf(entryId) {
      const v = entry(entryId).voters[0];
      if (v === undefined || typeof v === "string") throw new Error(`entry ${entryId} has no signer`);
      return v;
    },
  };
}

/** A roll of one-voter entries 0..n-1 with the given areas (headcount 1 each), voters wallet(offset+i). */
export function simpleRoll(areas: bigint[], offset = 0): Roll {
  return buildRoll(areas.map((areaCm2, i) => ({ entryId: i, voters: [wallet(offset + i)], areaCm2, headcount: 1 })));
}

// ───────────────────────────────────────────────────────────── the ledger under test

export interface ProposalOverrides {
  matter?: number;
  scopeKind?: number;
  scopeIds?: number[];
  adHoc?: boolean;
  votingStart?: bigint;
  votingEnd?: bigint;
  options?: string[];
  namedChoice?: boolean;
  title?: string;
  rollRoot?: string;
  totalAreaCm2?: bigint;
  totalHeadcount?: number;
  entryCount?: number;
}

export class Ledger {
  constructor(
    readonly registry: CommunityRegistry,
    readonly voting: OwnerVoting,
    readonly relayer: HardhatEthersSigner,
    readonly admin: HardhatEthersSigner,
    readonly supervisor: HardhatEthersSigner,
    readonly outsider: HardhatEthersSigner,
    /** Five committee members of the first community (threshold 3). */
    readonly committee: HardhatEthersSigner[],
    /** Further accounts: a second committee, a second supervisor, proxies. */
    readonly spare: HardhatEthersSigner[],
    readonly chainId: bigint,
    readonly registryAddress: string,
    readonly votingAddress: string,
  ) {}

  async now() {
    return BigInt(await time.latest());
  }

  registryDomain(over: Partial<TypedDataDomain> = {}): TypedDataDomain {
    return { name: "CommunityRegistry", version: "1", chainId: this.chainId, verifyingContract: this.registryAddress, ...over };
  }

  votingDomain(over: Partial<TypedDataDomain> = {}): TypedDataDomain {
    return { name: "OwnerVoting", version: "1", chainId: this.chainId, verifyingContract: this.votingAddress, ...over };
  }

  /** A supervisor action signed by `signer` (the fixture's supervisor by default). */
  async signSupervisor(
    kind: number,
    payloadHash: string,
    opts: { signer?: Actor; deadline?: bigint; salt?: string } = {},
  ): Promise<SupervisorAuth> {
    const salt = opts.salt ?? ethers.hexlify(ethers.randomBytes(32));
    const deadline = opts.deadline ?? (await this.now()) + HOUR;
    const signature = await (opts.signer ?? this.supervisor).signTypedData(
      this.registryDomain(),
      { SupervisorAction: [...supervisorActionTypes.SupervisorAction] },
      { kind, payloadHash, salt, deadline },
    );
    return { salt, deadline, signature };
  }

  /**
   * A committee action signed by each of `signers`, signatures sorted by signer address
   * ascending as the registry requires (`order: "given"` keeps the order given).
   */
  async signCommittee(
    communityId: bigint,
    kind: number,
    payloadHash: string,
    signers: Actor[],
    opts: { deadline?: bigint; salt?: string; order?: "sorted" | "given"; domain?: Partial<TypedDataDomain> } = {},
  ): Promise<CommitteeAuth> {
    const salt = opts.salt ?? ethers.hexlify(ethers.randomBytes(32));
    const deadline = opts.deadline ?? (await this.now()) + HOUR;
    const domain = this.registryDomain(opts.domain);
    const signed = await Promise.all(
      signers.map(async (s) => ({
        address: s.address,
        signature: await s.signTypedData(
          domain,
          { CommitteeAction: [...committeeActionTypes.CommitteeAction] },
          { communityId, kind, payloadHash, salt, deadline },
        ),
      })),
    );
    if ((opts.order ?? "sorted") === "sorted") signed.sort((a, b) => cmpAddress(a.address, b.address));
    return { salt, deadline, signatures: signed.map((s) => s.signature) };
  }

  /** The default quorum of signers: the first three committee members. */
  get quorum() {
    return this.committee.slice(0, 3);
  }

  async createCommunity(
    opts: { name?: string; settings?: Settings; members?: Actor[]; threshold?: number; supervisor?: Actor } = {},
  ): Promise<bigint> {
    const name = opts.name ?? "阳光花园小区";
    const settings = opts.settings ?? DEFAULT_SETTINGS;
    const members = (opts.members ?? this.committee).map((m) => m.address);
    const threshold = opts.threshold ?? 3;
    const auth = await this.signSupervisor(
      SupervisorKind.CreateCommunity,
      payload.createCommunity(name, settings, members, threshold),
      { signer: opts.supervisor },
    );
    await (await this.registry.createCommunity(name, settings, members, threshold, auth)).wait();
    return this.registry.communityCount();
  }

  async registerBuildings(communityId: bigint, buildings: BuildingInput[], signers: Actor[] = this.quorum) {
    const auth = await this.signCommittee(communityId, CommitteeKind.RegisterBuildings, payload.registerBuildings(buildings), signers);
    return this.registry.registerBuildings(communityId, buildings, auth);
  }

  async registerUnits(communityId: bigint, units: UnitInput[], signers: Actor[] = this.quorum) {
    const auth = await this.signCommittee(communityId, CommitteeKind.RegisterUnits, payload.registerUnits(units), signers);
    return this.registry.registerUnits(communityId, units, auth);
  }

  async bindOwners(communityId: bigint, bindings: OwnerBinding[], signers: Actor[] = this.quorum) {
    const auth = await this.signCommittee(communityId, CommitteeKind.BindOwners, payload.bindOwners(bindings), signers);
    return this.registry.bindOwners(communityId, bindings, auth);
  }

  /** The proposal input with the defaults of the brief: notice 15 days (+10 min), voting 10 days. */
  async proposalInput(communityId: bigint, roll: Roll, over: ProposalOverrides = {}): Promise<ProposalInput> {
    const votingStart = over.votingStart ?? (await this.now()) + 15n * DAY + 600n;
    return {
      communityId,
      matter: over.matter ?? Matter.UseFund,
      scopeKind: over.scopeKind ?? ScopeKind.Community,
      scopeIds: over.scopeIds ?? [],
      adHoc: over.adHoc ?? false,
      votingStart,
      votingEnd: over.votingEnd ?? votingStart + 10n * DAY,
      title: over.title ?? "更换 3 栋电梯",
      textHash: ethers.id(over.title ?? "更换 3 栋电梯"),
      options: over.options ?? ["同意", "反对", "弃权"],
      namedChoice: over.namedChoice ?? false,
      rollRoot: over.rollRoot ?? roll.root,
      totalAreaCm2: over.totalAreaCm2 ?? roll.totalAreaCm2,
      totalHeadcount: over.totalHeadcount ?? roll.totalHeadcount,
      entryCount: over.entryCount ?? roll.entryCount,
    };
  }

  async signPublish(input: ProposalInput, signers: Actor[] = this.quorum) {
    return this.signCommittee(input.communityId, CommitteeKind.PublishProposal, payload.publishProposal(input), signers);
  }

  /** Publishes a proposal; voting has not opened yet. */
  async publish(communityId: bigint, roll: Roll, over: ProposalOverrides = {}) {
    const input = await this.proposalInput(communityId, roll, over);
    const auth = await this.signPublish(input);
    const tx = await this.voting.publishProposal(input, auth);
    const receipt = await tx.wait();
    const proposalId = await this.voting.proposalCount();
    return { proposalId, input, votingStart: input.votingStart, votingEnd: input.votingEnd, tx, receipt: receipt! };
  }

  /** Publishes a proposal and moves time to its votingStart. */
  async open(communityId: bigint, roll: Roll, over: ProposalOverrides = {}) {
    const p = await this.publish(communityId, roll, over);
    await time.increaseTo(p.votingStart);
    return p;
  }

  /**
   * A ballot signed by `signer` (by default the entry's first voter), relayable by anyone:
   * packed fields, EIP-2098 compact signature (r, vs) and the roll proof of `voter`'s leaf.
   */
  async signBallot(
    roll: Roll,
    b: {
      proposalId: bigint;
      entryId: number;
      choice: number;
      nonce?: number;
      deadline?: bigint;
      signer?: Actor;
      voter?: string;
    },
    domain: Partial<TypedDataDomain> = {},
  ): Promise<SignedBallot> {
    const signer = b.signer ?? roll.signerOf(b.entryId);
    const nonce = b.nonce ?? 1;
    const deadline = b.deadline ?? (await this.now()) + DAY;
    const leaf = roll.leaf(b.entryId, b.voter ?? (b.signer ? voterOrFirst(roll, b.entryId, signer.address) : undefined));
    const sig = await signer.signTypedData(
      this.votingDomain(domain),
      { Ballot: [...ballotTypes.Ballot] },
      { proposalId: b.proposalId, entryId: b.entryId, choice: b.choice, nonce, deadline },
    );
    const s = ethers.Signature.from(sig);
    return {
      packed: packBallot({
        entryId: b.entryId,
        choice: b.choice,
        nonce,
        deadline,
        headcount: leaf.headcount,
        areaCm2: leaf.areaCm2,
      }),
      voter: leaf.voter,
      r: s.r,
      vs: s.yParityAndS,
      proof: leaf.proof,
    };
  }

  /**
   * The arguments of castBallotsWithMultiproof for signed ballots: the ballots without their
   * proofs, in the order of the roll's multiproof leaves, with that multiproof.
   */
  static multiproofBatch(roll: Roll, ballots: SignedBallot[]) {
    const key = (entryId: bigint | number, voter: string) => `${entryId}:${voter.toLowerCase()}`;
    const indexOf = new Map<string, number>();
    for (const [i, v] of roll.tree.entries()) indexOf.set(key(v[0], v[1]), i);
    const byKey = new Map(ballots.map((b) => [key(BigInt(b.packed) & 0xffffffffn, b.voter), b]));
    const indices = ballots.map((b) => {
      const i = indexOf.get(key(BigInt(b.packed) & 0xffffffffn, b.voter));
      if (i === undefined) throw new Error("ballot has no roll leaf");
      return i;
    });
    const mp = roll.tree.getMultiProof(indices);
    const ordered = mp.leaves.map((v) => byKey.get(key(v[0], v[1]))!);
    return {
      ballots: ordered.map(({ packed, voter, r, vs }) => ({ packed, voter, r, vs })),
      proof: mp.proof,
      proofFlags: packProofFlags(mp.proofFlags),
    };
  }

  paperBallot(roll: Roll, entryId: number, choice: number, voter?: string): PaperBallot {
    const leaf = roll.leaf(entryId, voter);
    return {
      entryId,
      voter: leaf.voter,
      areaCm2: leaf.areaCm2,
      headcount: leaf.headcount,
      choice,
      scanHash: ethers.id(`paper ballot scan ${entryId}/${choice}`),
      proof: leaf.proof,
    };
  }

  mandate(roll: Roll, entryId: number, proxy: string, voter?: string): Mandate {
    const leaf = roll.leaf(entryId, voter);
    return {
      entryId,
      voter: leaf.voter,
      areaCm2: leaf.areaCm2,
      headcount: leaf.headcount,
      proxy,
      mandateHash: ethers.id(`mandate scan ${entryId} ${proxy}`),
      proof: leaf.proof,
    };
  }

  async enterPaperBallots(communityId: bigint, proposalId: bigint, ballots: PaperBallot[], signers: Actor[] = this.quorum) {
    const auth = await this.signCommittee(
      communityId,
      CommitteeKind.EnterPaperBallots,
      payload.enterPaperBallots(proposalId, ballots),
      signers,
    );
    return this.voting.enterPaperBallots(proposalId, ballots, auth);
  }

  async registerMandates(communityId: bigint, proposalId: bigint, mandates: Mandate[], signers: Actor[] = this.quorum) {
    const auth = await this.signCommittee(
      communityId,
      CommitteeKind.RegisterMandates,
      payload.registerMandates(proposalId, mandates),
      signers,
    );
    return this.voting.registerMandates(proposalId, mandates, auth);
  }

  async extendVoting(communityId: bigint, proposalId: bigint, newVotingEnd: bigint, signers: Actor[] = this.quorum) {
    const auth = await this.signCommittee(
      communityId,
      CommitteeKind.ExtendVoting,
      payload.extendVoting(proposalId, newVotingEnd),
      signers,
    );
    return this.voting.extendVoting(proposalId, newVotingEnd, auth);
  }

  /** An objection to `proposalId` for `entryId`, signed by the entry's first signer unless `signer` is given. */
  async signObjection(
    roll: Roll,
    o: { proposalId: bigint; entryId: number; text?: string; deadline?: bigint; signer?: Actor; voter?: string },
    domain: Partial<TypedDataDomain> = {},
  ) {
    const signer = o.signer ?? roll.signerOf(o.entryId);
    const deadline = o.deadline ?? (await this.now()) + DAY;
    const textHash = ethers.keccak256(ethers.toUtf8Bytes(o.text ?? `objection to ${o.proposalId} by entry ${o.entryId}`));
    const leaf = roll.leaf(o.entryId, o.voter ?? (o.signer ? voterOrFirst(roll, o.entryId, signer.address) : undefined));
    const signature = await signer.signTypedData(
      this.votingDomain(domain),
      { Objection: [...objectionTypes.Objection] },
      { proposalId: o.proposalId, entryId: o.entryId, textHash, deadline },
    );
    const objection = {
      entryId: o.entryId,
      voter: leaf.voter,
      areaCm2: leaf.areaCm2,
      headcount: leaf.headcount,
      textHash,
      deadline,
      proof: leaf.proof,
    };
    return { objection, signature };
  }

  async answerObjection(communityId: bigint, proposalId: bigint, objectionId: number, answerHash: string, signers: Actor[] = this.quorum) {
    const auth = await this.signCommittee(
      communityId,
      CommitteeKind.AnswerObjection,
      payload.answerObjection(proposalId, objectionId, answerHash),
      signers,
    );
    return this.voting.answerObjection(proposalId, objectionId, answerHash, auth);
  }

  /** [areaCm2, headcount] of each option. */
  async tallies(proposalId: bigint, optionCount = 3): Promise<[bigint, bigint][]> {
    const out: [bigint, bigint][] = [];
    for (let o = 0; o < optionCount; o++) {
      const t = await this.voting.tallyOf(proposalId, o);
      out.push([t.areaCm2, t.headcount]);
    }
    return out;
  }

  /** Entry i votes choices[i] (null: does not vote), all in one castBallots batch. */
  async castChoices(roll: Roll, proposalId: bigint, choices: (number | null)[], deadline?: bigint) {
    const ballots: SignedBallot[] = [];
    for (let i = 0; i < choices.length; i++) {
      const choice = choices[i];
      if (choice === null || choice === undefined) continue;
      ballots.push(await this.signBallot(roll, { proposalId, entryId: roll.entries[i]!.entryId, choice, deadline }));
    }
    if (ballots.length > 0) await (await this.voting.castBallots(proposalId, ballots)).wait();
  }

  /** Moves past votingEnd, tallies, and returns the proposal and the ProposalTallied event's args. */
  async closeAndFinalize(proposalId: bigint) {
    const before = await this.voting.getProposal(proposalId);
    if (BigInt(await time.latest()) < before.votingEnd) await time.increaseTo(before.votingEnd);
    const receipt = (await (await this.voting.finalize(proposalId)).wait())!;
    const log = receipt.logs
      .map((l) => {
        try {
          return this.voting.interface.parseLog(l);
        } catch {
          return null;
        }
      })
      .find((l) => l?.name === "ProposalTallied");
    if (!log) throw new Error("no ProposalTallied event");
    const view = await this.voting.getProposal(proposalId);
    return {
      view,
      tallied: {
        participatingAreaCm2: log.args[1] as bigint,
        participatingHeadcount: log.args[2] as bigint,
        quorumMet: log.args[3] as boolean,
        outcome: Number(log.args[4]),
        winningOption: Number(log.args[5]),
        objectionEnd: log.args[6] as bigint,
      },
    };
  }

  /** Publish, open, vote `choices`, close and tally: the outcome of one vote. */
  async runVote(communityId: bigint, roll: Roll, choices: (number | null)[], over: ProposalOverrides = {}) {
    const p = await this.open(communityId, roll, over);
    await this.castChoices(roll, p.proposalId, choices, p.votingEnd);
    const r = await this.closeAndFinalize(p.proposalId);
    return { ...p, ...r };
  }
}

function voterOrFirst(roll: Roll, entryId: number, signer: string): string | undefined {
  const e = roll.entry(entryId);
  return e.voters.some((v) => addressOf(v).toLowerCase() === signer.toLowerCase()) ? signer : undefined;
}

export function cmpAddress(a: string, b: string) {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export const sortAddresses = (xs: string[]) => [...xs].sort(cmpAddress);

// ───────────────────────────────────────────────────────────── fixtures (for loadFixture)

export async function deployFixture(): Promise<Ledger> {
  const signers = await ethers.getSigners();
  const [relayer, admin, supervisor, outsider] = signers as [
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
  ];
  const committee = signers.slice(4, 9);
  const spare = signers.slice(9);
  const registry = (await ethers.deployContract("CommunityRegistry", [admin.address], relayer)) as unknown as CommunityRegistry;
  await registry.waitForDeployment();
  const registryAddress = await registry.getAddress();
  const voting = (await ethers.deployContract("OwnerVoting", [registryAddress], relayer)) as unknown as OwnerVoting;
  await voting.waitForDeployment();
  const votingAddress = await voting.getAddress();
  await (await registry.connect(admin).registerModule(votingAddress)).wait();
  await (await registry.connect(admin).grantRole(await registry.SUPERVISOR_ROLE(), supervisor.address)).wait();
  const chainId = (await ethers.provider.getNetwork()).chainId;
  return new Ledger(
    registry.connect(relayer),
    voting.connect(relayer),
    relayer,
    admin,
    supervisor,
    outsider,
    committee,
    spare,
    chainId,
    registryAddress,
    votingAddress,
  );
}

/** The ledger with one community (default settings, committee of 5, threshold 3). */
export async function communityFixture() {
  const l = await deployFixture();
  const communityId = await l.createCommunity();
  return { l, communityId };
}

/** As communityFixture, but the community's rules forbid changing a ballot. */
export async function strictCommunityFixture() {
  const l = await deployFixture();
  const communityId = await l.createCommunity({ settings: { ...DEFAULT_SETTINGS, allowBallotChange: false } });
  return { l, communityId };
}

/** Tiny deterministic PRNG (mulberry32) for the randomised invariant tests. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}
