/**
 * The payload hash of each committee and supervisor action: keccak256 of the ABI encoding of
 * the function's arguments named in the contract's NatSpec. Encoded from the ABI itself so the
 * two cannot drift apart.
 */
import { encodeAbiParameters, getAbiItem, keccak256, type AbiParameter, type Hex } from "viem";
import { communityRegistryAbi, fundLedgerAbi, fundReportsAbi, ownerVotingAbi } from "./abi";
import { CommitteeKind, SupervisorKind } from "./typedData";

type Abi = typeof communityRegistryAbi | typeof ownerVotingAbi | typeof fundLedgerAbi | typeof fundReportsAbi;

function inputsOf(abi: Abi, name: string, names: readonly string[]): readonly AbiParameter[] {
  const item = getAbiItem({ abi: abi as readonly unknown[] as Abi, name } as never) as
    | { inputs: readonly AbiParameter[] }
    | undefined;
  if (!item) throw new Error(`ABI has no function ${name}`);
  return names.map((n) => {
    const p = item.inputs.find((i) => i.name === n);
    if (!p) throw new Error(`${name} has no input ${n}`);
    return p;
  });
}

function hashArgs(abi: Abi, fn: string, names: readonly string[], values: readonly unknown[]): Hex {
  return keccak256(encodeAbiParameters(inputsOf(abi, fn, names), values as unknown[]));
}

/** Function name and argument names whose encoding forms each action's payload. */
const committeePayloads: Record<CommitteeKind, { abi: Abi; fn: string; args: readonly string[] }> = {
  [CommitteeKind.RegisterBuildings]: { abi: communityRegistryAbi, fn: "registerBuildings", args: ["buildings"] },
  [CommitteeKind.RegisterUnits]: { abi: communityRegistryAbi, fn: "registerUnits", args: ["units"] },
  [CommitteeKind.UpdateUnitArea]: {
    abi: communityRegistryAbi,
    fn: "updateUnitArea",
    args: ["unitId", "areaCm2", "source"],
  },
  [CommitteeKind.DeliverUnits]: { abi: communityRegistryAbi, fn: "deliverUnits", args: ["unitIds"] },
  [CommitteeKind.BindOwners]: { abi: communityRegistryAbi, fn: "bindOwners", args: ["bindings"] },
  [CommitteeKind.UnbindOwner]: {
    abi: communityRegistryAbi,
    fn: "unbindOwner",
    args: ["unitId", "owner", "evidenceHash"],
  },
  [CommitteeKind.ChangeSettings]: { abi: communityRegistryAbi, fn: "changeSettings", args: ["settings"] },
  [CommitteeKind.SetDeveloper]: { abi: communityRegistryAbi, fn: "setDeveloper", args: ["developer"] },
  [CommitteeKind.PublishProposal]: { abi: ownerVotingAbi, fn: "publishProposal", args: ["input"] },
  [CommitteeKind.EnterPaperBallots]: {
    abi: ownerVotingAbi,
    fn: "enterPaperBallots",
    args: ["proposalId", "ballots"],
  },
  [CommitteeKind.RegisterMandates]: {
    abi: ownerVotingAbi,
    fn: "registerMandates",
    args: ["proposalId", "mandates"],
  },
  [CommitteeKind.ExtendVoting]: {
    abi: ownerVotingAbi,
    fn: "extendVoting",
    args: ["proposalId", "newVotingEnd"],
  },
  [CommitteeKind.AnswerObjection]: {
    abi: ownerVotingAbi,
    fn: "answerObjection",
    args: ["proposalId", "objectionId", "answerHash"],
  },
  [CommitteeKind.ChangeFundSettings]: { abi: fundLedgerAbi, fn: "changeSettings", args: ["communityId", "settings"] },
  [CommitteeKind.CreatePlan]: { abi: fundLedgerAbi, fn: "createPlan", args: ["input"] },
  [CommitteeKind.CreateEmergencyPlan]: { abi: fundLedgerAbi, fn: "createEmergencyPlan", args: ["input"] },
  [CommitteeKind.RequestPayment]: { abi: fundLedgerAbi, fn: "requestPayment", args: ["input"] },
  [CommitteeKind.PublishEmergencyReport]: { abi: fundLedgerAbi, fn: "publishEmergencyReport", args: ["planId", "reportHash"] },
  [CommitteeKind.MoveCommonIncome]: {
    abi: fundLedgerAbi,
    fn: "moveCommonIncome",
    args: ["communityId", "proposalId", "amountFen", "accounts"],
  },
  [CommitteeKind.RecordDeposits]: {
    abi: fundLedgerAbi,
    fn: "recordDeposits",
    args: ["communityId", "kind", "lines", "bankRecordHash"],
  },
  [CommitteeKind.RecordInterest]: { abi: fundLedgerAbi, fn: "recordInterest", args: ["communityId", "amountFen", "bankRecordHash"] },
  [CommitteeKind.RecordCommonIncome]: {
    abi: fundLedgerAbi,
    fn: "recordCommonIncome",
    args: ["communityId", "amountFen", "sourceHash", "bankRecordHash"],
  },
  [CommitteeKind.PostPayment]: { abi: fundLedgerAbi, fn: "postPayment", args: ["paymentId", "bankRecordHash"] },
  [CommitteeKind.VoidPayment]: { abi: fundLedgerAbi, fn: "voidPayment", args: ["paymentId", "bankRecordHash"] },
  [CommitteeKind.ReverseDeposit]: { abi: fundLedgerAbi, fn: "reverseDeposit", args: ["communityId", "entryId", "bankRecordHash"] },
  [CommitteeKind.RefundUnit]: { abi: fundLedgerAbi, fn: "refundUnit", args: ["communityId", "unitId", "bankRecordHash"] },
  [CommitteeKind.PublishStatement]: { abi: fundReportsAbi, fn: "publishStatement", args: ["statement"] },
  [CommitteeKind.ConfirmStatement]: {
    abi: fundReportsAbi,
    fn: "confirmStatement",
    args: ["statementId", "bankBalanceFen", "ledgerBalanceFen", "bankRecordHash"],
  },
};

/** The contract function a committee action calls, and which of its arguments are signed. */
export function committeeActionTarget(kind: CommitteeKind) {
  return committeePayloads[kind];
}

/**
 * The signed values among a call's arguments (all of them but the auth structs, in the
 * function's order): those the payload names, in the payload's order. The rest are the community
 * id of a registry call (it is in the signed struct) and data the contract checks against what
 * it stored (a plan's scope, a reversed deposit's lines).
 */
export function signedValuesOf(kind: CommitteeKind, callValues: readonly unknown[]): unknown[] {
  const p = committeePayloads[kind];
  const item = getAbiItem({ abi: p.abi as readonly unknown[] as Abi, name: p.fn } as never) as { inputs: readonly AbiParameter[] };
  return p.args.map((name) => callValues[item.inputs.findIndex((i) => i.name === name)]);
}

/** Payload hash of a committee action; `values` in the order of the function's arguments. */
export function committeePayloadHash(kind: CommitteeKind, values: readonly unknown[]): Hex {
  const p = committeePayloads[kind];
  return hashArgs(p.abi, p.fn, p.args, values);
}

export function supervisorPayloadHash(
  kind: (typeof SupervisorKind)[keyof typeof SupervisorKind],
  values: readonly unknown[],
): Hex {
  if (kind === SupervisorKind.CreateCommunity) {
    return hashArgs(communityRegistryAbi, "createCommunity", ["name", "settings", "members", "threshold"], values);
  }
  if (kind === SupervisorKind.SetCustodian) return hashArgs(communityRegistryAbi, "setCustodian", ["communityId", "custodian"], values);
  return hashArgs(communityRegistryAbi, "installCommittee", ["communityId", "members", "threshold"], values);
}

/**
 * Packs a ballot's fields into the contract's `SignedBallot.packed` word:
 * entryId (0-31) | choice (32-39) | nonce (40-55) | deadline (56-119) | headcount (120-151) | areaCm2 (152-215).
 */
export function packBallot(b: {
  entryId: number;
  choice: number;
  nonce: number;
  deadline: bigint;
  headcount: number;
  areaCm2: bigint;
}): bigint {
  return (
    BigInt(b.entryId) |
    (BigInt(b.choice) << 32n) |
    (BigInt(b.nonce) << 40n) |
    (b.deadline << 56n) |
    (BigInt(b.headcount) << 120n) |
    (b.areaCm2 << 152n)
  );
}

export function unpackBallot(packed: bigint) {
  const mask = (bits: bigint) => (1n << bits) - 1n;
  return {
    entryId: Number(packed & mask(32n)),
    choice: Number((packed >> 32n) & mask(8n)),
    nonce: Number((packed >> 40n) & mask(16n)),
    deadline: (packed >> 56n) & mask(64n),
    headcount: Number((packed >> 120n) & mask(32n)),
    areaCm2: (packed >> 152n) & mask(64n),
  };
}
