/**
 * Shared set-up for the contract tests: deployment, signing of supervisor, committee and
 * ballot actions with each actor's own key (ethers signers), and rolls built with the same
 * domain module the API uses. The relayer (signers[0]) sends every transaction and holds no role.
 */
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { committeePayloadHash, packBallot, supervisorPayloadHash } from "../../chain/payloads";
import { CommitteeKind, SupervisorKind, ballotTypes, committeeActionTypes, supervisorActionTypes } from "../../chain/typedData";
import { proofFor, rollFromEntries, type ElectorateRoll } from "../../domain/electorate";

export const DAY = 86_400n;
export const SETTINGS = { noticeDays: 15, adHocNoticeDays: 7, objectionDays: 7, allowBallotChange: true, excludeParkingArea: false };
export { CommitteeKind, SupervisorKind };

let salt = 0n;
const nextSalt = () => ethers.toBeHex(++salt + BigInt(Date.now()) * 1000n, 32);

export async function deployLedger() {
  const signers = await ethers.getSigners();
  const [relayer, admin, supervisor, outsider] = signers;
  const members = signers.slice(4, 9);
  const voters = signers.slice(9, 19);
  const registry = await (await ethers.getContractFactory("CommunityRegistry", relayer)).deploy(admin!.address);
  const voting = await (await ethers.getContractFactory("OwnerVoting", relayer)).deploy(await registry.getAddress());
  await registry.connect(admin!).grantRole(await registry.LEDGER_MODULE_ROLE(), await voting.getAddress());
  await registry.connect(admin!).grantRole(await registry.SUPERVISOR_ROLE(), supervisor!.address);
  const chainId = Number((await ethers.provider.getNetwork()).chainId);
  return { registry, voting, relayer: relayer!, admin: admin!, supervisor: supervisor!, outsider: outsider!, members, voters, chainId };
}

export type Ledger = Awaited<ReturnType<typeof deployLedger>>;

export async function supervisorAuth(l: Ledger, signer: HardhatEthersSigner, kind: number, payloadHash: string) {
  const deadline = BigInt(await time.latest()) + 3600n;
  const s = nextSalt();
  const signature = await signer.signTypedData(
    { name: "CommunityRegistry", version: "1", chainId: l.chainId, verifyingContract: await l.registry.getAddress() },
    { SupervisorAction: [...supervisorActionTypes.SupervisorAction] },
    { kind, payloadHash, salt: s, deadline },
  );
  return { salt: s, deadline, signature };
}

export async function createCommunity(l: Ledger, settings = SETTINGS, members = l.members, threshold = 3) {
  const addrs = members.map((m) => m.address);
  const payload = supervisorPayloadHash(SupervisorKind.CreateCommunity, ["小区", settings, addrs, threshold]);
  const auth = await supervisorAuth(l, l.supervisor, SupervisorKind.CreateCommunity, payload);
  await l.registry.createCommunity("小区", settings, addrs, threshold, auth);
  return l.registry.communityCount();
}

/** Committee signatures, sorted by signer address as the contract requires (unless `unsorted`). */
export async function committeeAuth(
  l: Ledger,
  communityId: bigint,
  kind: number,
  payloadHash: string,
  signers: HardhatEthersSigner[],
  opts: { unsorted?: boolean; deadline?: bigint; chainId?: number } = {},
) {
  const deadline = opts.deadline ?? BigInt(await time.latest()) + 3600n;
  const s = nextSalt();
  const domain = { name: "CommunityRegistry", version: "1", chainId: opts.chainId ?? l.chainId, verifyingContract: await l.registry.getAddress() };
  const signed = await Promise.all(
    signers.map(async (m) => ({
      address: m.address,
      signature: await m.signTypedData(domain, { CommitteeAction: [...committeeActionTypes.CommitteeAction] }, {
        communityId,
        kind,
        payloadHash,
        salt: s,
        deadline,
      }),
    })),
  );
  signed.sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
  if (opts.unsorted) signed.reverse();
  return { salt: s, deadline, signatures: signed.map((x) => x.signature) };
}

export const hashOf = (kind: CommitteeKind, values: readonly unknown[]) => committeePayloadHash(kind, values);

/** A roll of entries, each with its area (hundredths of m²) and the signers who may vote for it. */
export function makeRoll(entries: { area: bigint; voters: HardhatEthersSigner[] }[]): ElectorateRoll {
  return rollFromEntries(
    entries.map((e, entryId) => ({
      entryId,
      areaCm2: e.area,
      headcount: 1,
      unitIds: [entryId + 1],
      voters: e.voters.map((v) => v.address.toLowerCase() as `0x${string}`).sort(),
    })),
  );
}

export async function publish(
  l: Ledger,
  communityId: bigint,
  roll: ElectorateRoll,
  over: Partial<{ matter: number; scopeKind: number; scopeIds: number[]; options: string[]; namedChoice: boolean; adHoc: boolean; votingStart: bigint; votingEnd: bigint }> = {},
) {
  const now = BigInt(await time.latest());
  const votingStart = over.votingStart ?? now + 15n * DAY + 600n;
  const input = {
    communityId,
    matter: over.matter ?? 5,
    scopeKind: over.scopeKind ?? 0,
    scopeIds: over.scopeIds ?? [],
    adHoc: over.adHoc ?? false,
    votingStart,
    votingEnd: over.votingEnd ?? votingStart + 10n * DAY,
    title: "更换 1 栋电梯",
    textHash: ethers.id("text"),
    options: over.options ?? ["同意", "反对", "弃权"],
    namedChoice: over.namedChoice ?? false,
    rollRoot: roll.root,
    totalAreaCm2: roll.totalAreaCm2,
    totalHeadcount: roll.totalHeadcount,
    entryCount: roll.entryCount,
  };
  const auth = await committeeAuth(l, communityId, CommitteeKind.PublishProposal, hashOf(CommitteeKind.PublishProposal, [input]), l.members.slice(0, 3));
  return { input, auth, votingStart, votingEnd: input.votingEnd };
}

export async function publishAndOpen(l: Ledger, communityId: bigint, roll: ElectorateRoll, over: Parameters<typeof publish>[3] = {}) {
  const p = await publish(l, communityId, roll, over);
  await l.voting.publishProposal(p.input, p.auth);
  const proposalId = await l.voting.proposalCount();
  await time.increaseTo(p.votingStart);
  return { ...p, proposalId };
}

export async function signedBallot(
  l: Ledger,
  roll: ElectorateRoll,
  signer: HardhatEthersSigner,
  b: { proposalId: bigint; entryId: number; choice: number; nonce?: number; deadline?: bigint; voter?: string },
  domainOver: { chainId?: number; verifyingContract?: string } = {},
) {
  const nonce = b.nonce ?? 1;
  const deadline = b.deadline ?? BigInt(await time.latest()) + 30n * DAY;
  const voter = (b.voter ?? signer.address).toLowerCase() as `0x${string}`;
  const proof = proofFor(roll, b.entryId, voter);
  if (!proof) throw new Error(`no leaf for entry ${b.entryId} and ${voter}`);
  const sig = await signer.signTypedData(
    { name: "OwnerVoting", version: "1", chainId: domainOver.chainId ?? l.chainId, verifyingContract: domainOver.verifyingContract ?? (await l.voting.getAddress()) },
    { Ballot: [...ballotTypes.Ballot] },
    { proposalId: b.proposalId, entryId: b.entryId, choice: b.choice, nonce, deadline },
  );
  const s = ethers.Signature.from(sig);
  return {
    packed: packBallot({ entryId: b.entryId, choice: b.choice, nonce, deadline, headcount: proof.leaf.headcount, areaCm2: proof.leaf.areaCm2 }),
    voter,
    r: s.r,
    vs: s.yParityAndS,
    proof: proof.proof,
  };
}

export function paperBallot(roll: ElectorateRoll, entryId: number, choice: number) {
  const e = roll.entries[entryId]!;
  const voter = (e.voters[0] ?? ethers.ZeroAddress).toLowerCase() as `0x${string}`;
  const p = proofFor(roll, entryId, voter)!;
  return { entryId, voter, areaCm2: p.leaf.areaCm2, headcount: p.leaf.headcount, choice, scanHash: ethers.id(`scan-${entryId}`), proof: p.proof };
}

export async function tallies(l: Ledger, proposalId: bigint, n = 3) {
  const out: [bigint, bigint][] = [];
  for (let i = 0; i < n; i++) {
    const t = await l.voting.tallyOf(proposalId, i);
    out.push([t.areaCm2, t.headcount]);
  }
  return out;
}

/** Votes entry i with choices[i] (null = does not vote), then closes and tallies. */
export async function voteAndFinalize(l: Ledger, roll: ElectorateRoll, proposalId: bigint, votingEnd: bigint, choices: (number | null)[], signers: HardhatEthersSigner[]) {
  const ballots = [];
  for (let i = 0; i < choices.length; i++) {
    if (choices[i] === null) continue;
    ballots.push(await signedBallot(l, roll, signers[i]!, { proposalId, entryId: i, choice: choices[i]!, deadline: votingEnd }));
  }
  if (ballots.length > 0) await l.voting.castBallots(proposalId, ballots);
  await time.increaseTo(votingEnd);
  await l.voting.finalize(proposalId);
  return l.voting.getProposal(proposalId);
}
