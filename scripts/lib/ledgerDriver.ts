/**
 * Drives the contracts directly with local keys: signs supervisor, committee and ballot
 * actions with the signer's own key and sends them from the relayer's key (which only pays
 * gas). Used by the demo seed, the API tests and the benchmark.
 */
import {
  encodeFunctionData,
  hashTypedData,
  type Address,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
} from "viem";
import { privateKeyToAccount, sign } from "viem/accounts";
import { communityRegistryAbi, ownerVotingAbi } from "../../chain/abi";
import { moduleNamed, moduleOfKind, type ModuleName } from "../../chain/modules";
import { textHashOf } from "../../chain/textHash";
import { committeeActionTarget, committeePayloadHash, signedValuesOf, supervisorPayloadHash } from "../../chain/payloads";
import {
  CommitteeKind,
  SupervisorKind,
  ballotTypes,
  committeeActionTypes,
  custodianActionTypes,
  objectionTypes,
  registryDomain,
  supervisorActionTypes,
  votingDomain,
} from "../../chain/typedData";
import type { LedgerWallet } from "../../ledger-api/src/chain/clients";
import type { Deployment } from "../../ledger-api/src/chain/deployment";
import { proofFor, type ElectorateRoll } from "../../domain/electorate";
import { signedBallotArg, type SignedBallotInput } from "../../chain/relayedBallots";
import { DEFAULT_SETTINGS, type CommunitySettings } from "../../domain/settings";

const DAY = 86_400n;

let saltCounter = 0n;
const nextSalt = (): Hex => `0x${(BigInt(Date.now()) * 1_000_000n + ++saltCounter).toString(16).padStart(64, "0")}`;

export type Settings = CommunitySettings;
export { DEFAULT_SETTINGS };

export class LedgerDriver {
  constructor(
    readonly client: PublicClient,
    readonly wallet: LedgerWallet,
    readonly deployment: Deployment,
  ) {}

  async now(): Promise<bigint> {
    return (await this.client.getBlock({ blockTag: "latest" })).timestamp;
  }

  /** Moves a development chain's clock (Anvil or Hardhat) forward and mines a block. */
  async increaseTime(seconds: bigint | number): Promise<void> {
    await this.client.request({ method: "evm_increaseTime" as never, params: [Number(seconds)] as never });
    await this.client.request({ method: "evm_mine" as never, params: [] as never });
  }

  async send(contract: ModuleName, functionName: string, args: readonly unknown[]): Promise<TransactionReceipt> {
    const abi = moduleNamed(contract).abi;
    const address = this.deployment[contract];
    // Simulate first so that a refusal surfaces as the contract's custom error.
    await this.client.simulateContract({ abi, address, functionName, args, account: this.wallet.account } as never);
    const hash = await this.wallet.sendTransaction({
      to: address,
      data: encodeFunctionData({ abi, functionName, args } as never),
    });
    const receipt = await this.client.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${functionName} reverted in ${hash}`);
    return receipt;
  }

  async supervisorAuth(supervisorKey: Hex, kind: number, payloadHash: Hex) {
    const salt = nextSalt();
    const deadline = (await this.now()) + 3600n;
    const signature = await privateKeyToAccount(supervisorKey).signTypedData({
      domain: registryDomain(this.deployment.chainId, this.deployment.registry),
      types: supervisorActionTypes,
      primaryType: "SupervisorAction",
      message: { kind, payloadHash, salt, deadline },
    });
    return { salt, deadline, signature };
  }

  async committeeAuth(communityId: bigint, kind: CommitteeKind, payloadValues: readonly unknown[], memberKeys: readonly Hex[]) {
    const payloadHash = committeePayloadHash(kind, payloadValues);
    const salt = nextSalt();
    const deadline = (await this.now()) + 3600n;
    const message = { communityId, kind, payloadHash, salt, deadline };
    const signed = await Promise.all(
      memberKeys.map(async (k) => {
        const account = privateKeyToAccount(k);
        const signature = await account.signTypedData({
          domain: registryDomain(this.deployment.chainId, this.deployment.registry),
          types: committeeActionTypes,
          primaryType: "CommitteeAction",
          message,
        });
        return { address: account.address, signature };
      }),
    );
    signed.sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
    return { salt, deadline, signatures: signed.map((s) => s.signature) };
  }

  async createCommunity(supervisorKey: Hex, name: string, settings: Settings, members: Address[], threshold: number) {
    const payloadHash = supervisorPayloadHash(SupervisorKind.CreateCommunity, [name, settings, members, threshold]);
    const auth = await this.supervisorAuth(supervisorKey, SupervisorKind.CreateCommunity, payloadHash);
    const receipt = await this.send("registry", "createCommunity", [name, settings, members, threshold, auth]);
    const count = await this.client.readContract({
      address: this.deployment.registry,
      abi: communityRegistryAbi,
      functionName: "communityCount",
    });
    return { communityId: count, receipt };
  }

  /** A committee action: `args` are the function's arguments before the auth struct. */
  async committee(communityId: bigint, kind: CommitteeKind, args: readonly unknown[], memberKeys: readonly Hex[]) {
    const target = committeeActionTarget(kind);
    const module = moduleOfKind(kind);
    const auth = await this.committeeAuth(communityId, kind, signedValuesOf(kind, args), memberKeys);
    return this.send(module.name, target.fn, [...args, auth]);
  }

  /** A custodian action (a movement of real money it confirms): `args` before the auth struct. */
  async custodian(communityId: bigint, kind: CommitteeKind, args: readonly unknown[], custodianKey: Hex) {
    const target = committeeActionTarget(kind);
    const payloadHash = committeePayloadHash(kind, signedValuesOf(kind, args));
    const salt = nextSalt();
    const deadline = (await this.now()) + 3600n;
    const signature = await privateKeyToAccount(custodianKey).signTypedData({
      domain: registryDomain(this.deployment.chainId, this.deployment.registry),
      types: custodianActionTypes,
      primaryType: "CustodianAction",
      message: { communityId, kind, payloadHash, salt, deadline },
    });
    return this.send(moduleOfKind(kind).name, target.fn, [...args, { salt, deadline, signature }]);
  }

  /** An action the committee and the supervisor both sign (an emergency plan). */
  async committeeAndSupervisor(
    communityId: bigint,
    kind: CommitteeKind,
    args: readonly unknown[],
    memberKeys: readonly Hex[],
    supervisorKey: Hex,
  ) {
    const target = committeeActionTarget(kind);
    const values = signedValuesOf(kind, args);
    const auth = await this.committeeAuth(communityId, kind, values, memberKeys);
    const supervisor = await this.supervisorAuth(supervisorKey, kind, committeePayloadHash(kind, values));
    return this.send(moduleOfKind(kind).name, target.fn, [...args, auth, supervisor]);
  }

  /** Registers the community's custodian, signed by its supervisor. */
  async setCustodian(supervisorKey: Hex, communityId: bigint, custodian: Address) {
    const payloadHash = supervisorPayloadHash(SupervisorKind.SetCustodian, [communityId, custodian]);
    const auth = await this.supervisorAuth(supervisorKey, SupervisorKind.SetCustodian, payloadHash);
    return this.send("registry", "setCustodian", [communityId, custodian, auth]);
  }

  async signBallot(
    voterKey: Hex,
    proposalId: bigint,
    entryId: number,
    choice: number,
    nonce: number,
    deadline: bigint,
  ): Promise<Hex> {
    // sign() over the digest avoids re-deriving the account's public key for each ballot.
    const digest = hashTypedData({
      domain: votingDomain(this.deployment.chainId, this.deployment.voting),
      types: ballotTypes,
      primaryType: "Ballot",
      message: { proposalId, entryId, choice, nonce, deadline },
    });
    return sign({ hash: digest, privateKey: voterKey, to: "hex" });
  }

  /**
   * Files an objection to a tallied proposal, signed by `voterKey` (an address of the entry's
   * roll leaf); the text's keccak256 goes on chain. Returns the text's hash.
   */
  async fileObjection(voterKey: Hex, roll: ElectorateRoll, proposalId: bigint, entryId: number, text: string): Promise<Hex> {
    const voter = privateKeyToAccount(voterKey).address;
    const leaf = proofFor(roll, entryId, voter);
    if (!leaf) throw new Error(`entry ${entryId} has no leaf for ${voter}`);
    const textHash = textHashOf(text);
    const deadline = (await this.now()) + DAY;
    const signature = await sign({
      hash: hashTypedData({
        domain: votingDomain(this.deployment.chainId, this.deployment.voting),
        types: objectionTypes,
        primaryType: "Objection",
        message: { proposalId, entryId, textHash, deadline },
      }),
      privateKey: voterKey,
      to: "hex",
    });
    const objection = { ...leaf.leaf, textHash, deadline, proof: leaf.proof };
    await this.send("voting", "fileObjection", [proposalId, objection, signature]);
    return textHash;
  }

  /**
   * Publishes a for / against / abstain proposal over `roll` (committed as its root and totals),
   * signed by `memberKeys`: voting opens an hour after the default notice period and lasts
   * `votingDays`. Returns the proposal's id and voting window.
   */
  async publishProposal(
    communityId: bigint,
    memberKeys: readonly Hex[],
    roll: ElectorateRoll,
    p: { matter: number; scope: { kind: 0 | 1 | 2; ids: number[] }; title: string; text: string; votingDays?: bigint },
  ): Promise<{ proposalId: bigint; votingStart: bigint; votingEnd: bigint }> {
    const votingStart = (await this.now()) + BigInt(DEFAULT_SETTINGS.noticeDays) * DAY + 3600n;
    const votingEnd = votingStart + (p.votingDays ?? 10n) * DAY;
    const input = {
      communityId,
      matter: p.matter,
      scopeKind: p.scope.kind,
      scopeIds: p.scope.ids,
      adHoc: false,
      votingStart,
      votingEnd,
      title: p.title,
      textHash: textHashOf(p.text),
      options: ["同意 / For", "反对 / Against", "弃权 / Abstain"],
      namedChoice: false,
      rollRoot: roll.root,
      totalAreaCm2: roll.totalAreaCm2,
      totalHeadcount: roll.totalHeadcount,
      entryCount: roll.entryCount,
    };
    await this.committee(communityId, CommitteeKind.PublishProposal, [input], memberKeys);
    const proposalId = await this.client.readContract({ address: this.deployment.voting, abi: ownerVotingAbi, functionName: "proposalCount" });
    return { proposalId, votingStart, votingEnd };
  }

  /** Builds the contract's SignedBallot from a signature and the roll's proof. */
  static signedBallot(roll: ElectorateRoll, b: SignedBallotInput) {
    const arg = signedBallotArg(roll, b);
    if (!arg) throw new Error(`entry ${b.entryId} has no leaf for ${b.voter}`);
    return arg;
  }
}
