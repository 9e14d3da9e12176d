/**
 * Set-up for the maintenance-fund contract tests: the ledger of fixtures.ts plus FundLedger as a
 * registered module, one community with buildings and units, its custodian and fund settings.
 * Payload hashes are encoded here from FundLedger's NatSpec "Payload:" lines.
 */
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { FundLedger, FundReports } from "../../../typechain-types";
import {
  AreaSource,
  DAY,
  HOUR,
  Matter,
  ScopeKind,
  UnitKind,
  deployFixture,
  simpleRoll,
  type Actor,
  type Ledger,
  type UnitInput,
} from "../fixtures";

export const DepositKind = { None: 0, First: 1, TopUp: 2 } as const;
export const PlanKind = { None: 0, Voted: 1, Emergency: 2 } as const;
export const Category = { None: 0, Lift: 1, Roof: 2, FireSafety: 3, Pipe: 4, Other: 5 } as const;
export const PaymentStatus = { None: 0, Held: 1, Posted: 2, Voided: 3 } as const;

export const K = {
  ChangeFundSettings: 30,
  CreatePlan: 31,
  CreateEmergencyPlan: 32,
  RequestPayment: 33,
  PublishStatement: 34,
  PublishEmergencyReport: 35,
  MoveCommonIncome: 36,
  RecordDeposits: 40,
  RecordInterest: 41,
  RecordCommonIncome: 42,
  PostPayment: 43,
  VoidPayment: 44,
  ReverseDeposit: 45,
  RefundUnit: 46,
  ConfirmStatement: 47,
} as const;

export interface FundSettings {
  depositRateFenPerM2: bigint;
  emergencyCapFen: bigint;
  emergencyReportDays: number;
}
export interface DepositLine {
  unitId: number;
  amountFen: bigint;
}
export interface PlanTerms {
  proposalId: bigint;
  category: number;
  scopeKind: number;
  scopeIds: number[];
  budgetFen: bigint;
  payee: string;
  textHash: string;
  quoteHash: string;
  contractHash: string;
}
export interface PlanInput {
  communityId: bigint;
  terms: PlanTerms;
  accounts: number[];
}
export interface PaymentInput {
  planId: bigint;
  seq: number;
  amountFen: bigint;
  invoiceHash: string;
  acceptanceHash: string;
}

const T_FUND_SETTINGS = "tuple(uint64 depositRateFenPerM2,uint64 emergencyCapFen,uint16 emergencyReportDays)";
const T_LINE = "tuple(uint32 unitId,uint64 amountFen)";
const T_TERMS =
  "tuple(uint256 proposalId,uint8 category,uint8 scopeKind,uint32[] scopeIds,uint64 budgetFen,string payee,bytes32 textHash,bytes32 quoteHash,bytes32 contractHash)";
const T_PLAN = `tuple(uint256 communityId,${T_TERMS} terms,uint16[] accounts)`;
const T_PAYMENT = "tuple(uint256 planId,uint32 seq,uint64 amountFen,bytes32 invoiceHash,bytes32 acceptanceHash)";
const T_STATEMENT =
  "tuple(uint256 communityId,uint64 periodStart,uint64 periodEnd,bytes32 root,uint64 totalFen,uint32 lineCount,uint64 ledgerBalanceFen,bytes32 documentHash)";

const enc = (types: string[], values: unknown[]) => ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(types, values));

export const fundPayload = {
  changeSettings: (communityId: bigint, s: FundSettings) => enc(["uint256", T_FUND_SETTINGS], [communityId, s]),
  plan: (input: PlanInput) => enc([T_PLAN], [input]),
  payment: (input: PaymentInput) => enc([T_PAYMENT], [input]),
  deposits: (communityId: bigint, kind: number, lines: DepositLine[], bank: string) =>
    enc(["uint256", "uint8", `${T_LINE}[]`, "bytes32"], [communityId, kind, lines, bank]),
  interest: (communityId: bigint, amount: bigint, bank: string) => enc(["uint256", "uint64", "bytes32"], [communityId, amount, bank]),
  commonIncome: (communityId: bigint, amount: bigint, source: string, bank: string) =>
    enc(["uint256", "uint64", "bytes32", "bytes32"], [communityId, amount, source, bank]),
  postOrVoid: (paymentId: bigint, bank: string) => enc(["uint256", "bytes32"], [paymentId, bank]),
  reverse: (communityId: bigint, entryId: bigint, bank: string) => enc(["uint256", "uint64", "bytes32"], [communityId, entryId, bank]),
  refund: (communityId: bigint, unitId: number, bank: string) => enc(["uint256", "uint32", "bytes32"], [communityId, unitId, bank]),
  report: (planId: bigint, reportHash: string) => enc(["uint256", "bytes32"], [planId, reportHash]),
  statement: (s: unknown) => enc([T_STATEMENT], [s]),
  confirm: (statementId: bigint, bank: bigint, ledger: bigint, record: string) =>
    enc(["uint256", "uint64", "uint64", "bytes32"], [statementId, bank, ledger, record]),
  moveCommon: (communityId: bigint, proposalId: bigint, amount: bigint, accounts: number[]) =>
    enc(["uint256", "uint256", "uint64", "uint16[]"], [communityId, proposalId, amount, accounts]),
};

export const h = (s: string) => ethers.keccak256(ethers.toUtf8Bytes(s));
export const RATE = 10_000n; // 100 yuan per m², in fen
export const firstDeposit = (areaCm2: bigint, rate = RATE) => (areaCm2 * rate + 50n) / 100n;

/** Scope bytes as PlanCreated emits them: uint16 index ‖ uint32 area per unit. */
export function scopeBytes(entries: { index: number; areaCm2: bigint }[]): string {
  return ethers.concat(entries.map((e) => ethers.solidityPacked(["uint16", "uint32"], [e.index, e.areaCm2])));
}

export class Fund {
  constructor(
    readonly l: Ledger,
    readonly fund: FundLedger,
    readonly reports: FundReports,
    readonly communityId: bigint,
    readonly custodian: Actor,
    /** unit id → area, in the order their accounts were opened */
    readonly units: { unitId: number; buildingId: number; areaCm2: bigint }[],
  ) {}

  async signCustodian(kind: number, payloadHash: string, opts: { signer?: Actor; deadline?: bigint } = {}) {
    const salt = ethers.hexlify(ethers.randomBytes(32));
    const deadline = opts.deadline ?? (await this.l.now()) + HOUR;
    const signature = await (opts.signer ?? this.custodian).signTypedData(
      this.l.registryDomain(),
      {
        CustodianAction: [
          { name: "communityId", type: "uint256" },
          { name: "kind", type: "uint8" },
          { name: "payloadHash", type: "bytes32" },
          { name: "salt", type: "bytes32" },
          { name: "deadline", type: "uint64" },
        ],
      },
      { communityId: this.communityId, kind, payloadHash, salt, deadline },
    );
    return { salt, deadline, signature };
  }

  committee(kind: number, payloadHash: string, signers: Actor[] = this.l.quorum) {
    return this.l.signCommittee(this.communityId, kind, payloadHash, signers);
  }

  async deposit(lines: DepositLine[], kind: number = DepositKind.First, bank = h("bank record")) {
    const auth = await this.signCustodian(K.RecordDeposits, fundPayload.deposits(this.communityId, kind, lines, bank));
    return (await this.fund.recordDeposits(this.communityId, kind, lines, bank, auth)).wait();
  }

  async firstDeposits(units = this.units) {
    for (let i = 0; i < units.length; i += 200) {
      await this.deposit(units.slice(i, i + 200).map((u) => ({ unitId: u.unitId, amountFen: firstDeposit(u.areaCm2) })));
    }
  }

  async interest(amount: bigint, bank = h("interest")) {
    const auth = await this.signCustodian(K.RecordInterest, fundPayload.interest(this.communityId, amount, bank));
    return (await this.fund.recordInterest(this.communityId, amount, bank, auth)).wait();
  }

  async balances(): Promise<bigint[]> {
    return [...(await this.fund.balancesOf(this.communityId, 0, this.units.length))];
  }

  /** Passes a fund-use vote on the given scope (everyone votes for) and makes it final. */
  async passFundUse(scopeKind: number, scopeIds: number[], over: { choices?: (number | null)[]; matter?: number } = {}) {
    const roll = simpleRoll([100n, 100n, 100n], 500);
    const matter = over.matter ?? Matter.UseFund;
    const r = await this.l.runVote(this.communityId, roll, over.choices ?? [0, 0, 0], { matter, scopeKind, scopeIds });
    const view = await this.l.voting.getProposal(r.proposalId);
    await time.increaseTo(view.objectionEnd + 1n);
    await (await this.l.voting.confirm(r.proposalId)).wait();
    return { proposalId: r.proposalId, roll };
  }

  terms(over: Partial<PlanTerms> = {}): PlanTerms {
    return {
      proposalId: 0n,
      category: Category.None,
      scopeKind: ScopeKind.Community,
      scopeIds: [],
      budgetFen: 1_000_000n,
      payee: "上海某电梯维修有限公司",
      textHash: h("plan text"),
      quoteHash: h("quote"),
      contractHash: h("contract"),
      ...over,
    };
  }

  /** Account indices of the units in `buildingIds` (all units if omitted). */
  accountsOf(buildingIds?: number[]): number[] {
    return this.units.flatMap((u, i) => (!buildingIds || buildingIds.includes(u.buildingId) ? [i] : []));
  }

  scopeOf(accounts: number[]) {
    return scopeBytes(accounts.map((i) => ({ index: i, areaCm2: this.units[i]!.areaCm2 })));
  }

  async createPlan(input: PlanInput, signers?: Actor[]) {
    const auth = await this.committee(K.CreatePlan, fundPayload.plan(input), signers);
    await (await this.fund.createPlan(input, auth)).wait();
    return this.fund.planCount();
  }

  async createEmergency(input: PlanInput, opts: { signers?: Actor[]; supervisor?: Actor } = {}) {
    const p = fundPayload.plan(input);
    const auth = await this.committee(K.CreateEmergencyPlan, p, opts.signers);
    const sup = await this.l.signSupervisor(K.CreateEmergencyPlan, p, { signer: opts.supervisor });
    await (await this.fund.createEmergencyPlan(input, auth, sup)).wait();
    return this.fund.planCount();
  }

  /** Requests a payment; `seq` defaults to the plan's next payment number. */
  async request(input: Omit<PaymentInput, "seq"> & { seq?: number }, accounts: number[], signers?: Actor[]) {
    const seq = input.seq ?? Number((await this.fund.getPlan(input.planId)).paymentCount) + 1;
    const full: PaymentInput = { ...input, seq };
    const auth = await this.committee(K.RequestPayment, fundPayload.payment(full), signers);
    const receipt = await (await this.fund.requestPayment(full, this.scopeOf(accounts), auth)).wait();
    return { paymentId: (input.planId << 32n) | BigInt(seq), receipt: receipt! };
  }

  async post(paymentId: bigint, bank = h("transfer")) {
    const auth = await this.signCustodian(K.PostPayment, fundPayload.postOrVoid(paymentId, bank));
    return (await this.fund.postPayment(paymentId, bank, auth)).wait();
  }

  async void(paymentId: bigint, accounts: number[], bank = h("void")) {
    const auth = await this.signCustodian(K.VoidPayment, fundPayload.postOrVoid(paymentId, bank));
    return (await this.fund.voidPayment(paymentId, this.scopeOf(accounts), bank, auth)).wait();
  }

  /** Conservation: what came in and went out equals what the units and the common account hold. */
  async conservation() {
    const t = await this.fund.totalsOf(this.communityId);
    const sumBalances = (await this.balances()).reduce((a, b) => a + b, 0n);
    let held = 0n;
    for (let planId = 1n; planId <= (await this.fund.planCount()); planId++) held += (await this.fund.getPlan(planId)).heldFen;
    return {
      t,
      sumBalances,
      held,
      inflow: t.deposited + t.income + t.commonIncome - t.paidOut - t.reversed - t.refunded,
      stock: t.unitFunds + t.commonBalance,
    };
  }
}

/** Units: `perBuilding` units in each of `buildings` buildings, areas varied deterministically. */
export function makeUnits(buildings: number, perBuilding: number, total = buildings * perBuilding): UnitInput[] {
  const units: UnitInput[] = [];
  for (let b = 1; b <= buildings; b++) {
    for (let k = 0; k < perBuilding && units.length < total; k++) {
      const unitId = b * 1000 + k + 1;
      units.push({
        unitId,
        buildingId: b,
        areaCm2: 6_000n + BigInt((unitId * 7919) % 9_000), // 60.00–149.99 m²
        areaSource: AreaSource.Registered,
        kind: UnitKind.Residential,
        developerHeld: k === perBuilding - 1,
        label: `${b}-${k + 1}`,
      });
    }
  }
  return units;
}

export async function fundFixtureWith(buildings: number, perBuilding: number, total = buildings * perBuilding) {
  const l = await deployFixture();
  const fund = (await ethers.deployContract("FundLedger", [l.registryAddress, l.votingAddress], l.relayer)) as unknown as FundLedger;
  await fund.waitForDeployment();
  await (await l.registry.connect(l.admin).registerModule(await fund.getAddress())).wait();
  const reports = (await ethers.deployContract(
    "FundReports",
    [l.registryAddress, l.votingAddress, await fund.getAddress()],
    l.relayer,
  )) as unknown as FundReports;
  await reports.waitForDeployment();
  await (await l.registry.connect(l.admin).registerModule(await reports.getAddress())).wait();
  const communityId = await l.createCommunity();
  await l.registerBuildings(
    communityId,
    Array.from({ length: buildings }, (_, i) => ({ buildingId: i + 1, compound: 1 + (i % 3), label: `${i + 1}号楼` })),
  );
  const units = makeUnits(buildings, perBuilding, total);
  for (let i = 0; i < units.length; i += 400) await l.registerUnits(communityId, units.slice(i, i + 400));
  const custodian = l.spare[5]!;
  const sup = await l.signSupervisor(3, ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["uint256", "address"], [communityId, custodian.address])));
  await (await l.registry.setCustodian(communityId, custodian.address, sup)).wait();
  const settings: FundSettings = { depositRateFenPerM2: RATE, emergencyCapFen: 5_000_000n, emergencyReportDays: 30 };
  const auth = await l.signCommittee(communityId, K.ChangeFundSettings, fundPayload.changeSettings(communityId, settings), l.quorum);
  await (await fund.connect(l.relayer).changeSettings(communityId, settings, auth)).wait();
  const f = new Fund(
    l,
    fund.connect(l.relayer),
    reports.connect(l.relayer),
    communityId,
    custodian,
    units.map((u) => ({ unitId: u.unitId, buildingId: u.buildingId, areaCm2: u.areaCm2 })),
  );
  return f;
}

export const fundFixture = () => fundFixtureWith(2, 10);
export { DAY, HOUR, ScopeKind, Matter };
