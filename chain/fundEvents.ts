/**
 * FundLedger's chain events (as viem decodes them with the ABI) as the domain's FundEvents, which
 * domain/fund/ledgerReplay.ts replays: the one translation the indexer, the browser's check and
 * the CLI verifier share.
 */
import type { ContractEventName, GetEventArgs, Hex } from "viem";
import { fundLedgerAbi } from "./abi";
import { contractEnums } from "./contractEnums";
import type { EventMeta, FundEvent } from "../domain/fund/ledgerReplay";

type Args<N extends ContractEventName<typeof fundLedgerAbi>> = GetEventArgs<
  typeof fundLedgerAbi,
  N,
  { EnableUnion: false; IndexedOnly: false; Required: true }
>;

/** The FundLedger events that move money or define what does (the replay's input). */
export const FUND_EVENT_NAMES = [
  "FundSettingsChanged",
  "AccountOpened",
  "Deposited",
  "DepositReversed",
  "InterestAllocated",
  "CommonIncomeReceived",
  "CommonIncomeMoved",
  "PlanCreated",
  "PaymentHeld",
  "PaymentPosted",
  "PaymentVoided",
  "UnitRefunded",
  "EmergencyReportPublished",
] as const satisfies readonly ContractEventName<typeof fundLedgerAbi>[];

export type FundEventName = (typeof FUND_EVENT_NAMES)[number];

const PLAN_KINDS = contractEnums.IFundLedger.PlanKind;
const DEPOSIT_KINDS = contractEnums.IFundLedger.DepositKind;

const lines = (ls: readonly { unitId: number; amountFen: bigint }[]) => ls.map((l) => ({ unitId: Number(l.unitId), amountFen: l.amountFen }));

/** A decoded FundLedger log as a FundEvent, or null for an event the replay does not need. */
export function fundEventOf(eventName: string, args: unknown, meta: EventMeta): FundEvent | null {
  const m = meta;
  switch (eventName as FundEventName) {
    case "FundSettingsChanged": {
      const a = args as Args<"FundSettingsChanged">;
      return {
        type: "FundSettingsChanged",
        depositRateFenPerM2: a.settings.depositRateFenPerM2,
        emergencyCapFen: a.settings.emergencyCapFen,
        emergencyReportDays: Number(a.settings.emergencyReportDays),
        ...m,
      };
    }
    case "AccountOpened": {
      const a = args as Args<"AccountOpened">;
      return { type: "AccountOpened", unitId: Number(a.unitId), accountIndex: Number(a.accountIndex), buildingId: Number(a.buildingId), areaCm2: BigInt(a.areaCm2), ...m };
    }
    case "Deposited": {
      const a = args as Args<"Deposited">;
      const kind = DEPOSIT_KINDS[Number(a.kind)] === "First" ? "first" : "topUp";
      return { type: "Deposited", entryId: a.entryId, kind, lines: lines(a.lines), totalFen: a.totalFen, bankRecordHash: a.bankRecordHash, ...m };
    }
    case "DepositReversed": {
      const a = args as Args<"DepositReversed">;
      return {
        type: "DepositReversed",
        entryId: a.entryId,
        reversedEntryId: a.reversedEntryId,
        lines: lines(a.lines),
        totalFen: a.totalFen,
        bankRecordHash: a.bankRecordHash,
        ...m,
      };
    }
    case "InterestAllocated": {
      const a = args as Args<"InterestAllocated">;
      return { type: "InterestAllocated", entryId: a.entryId, amountFen: a.amountFen, totalWeightFen: a.totalWeightFen, bankRecordHash: a.bankRecordHash, ...m };
    }
    case "CommonIncomeReceived": {
      const a = args as Args<"CommonIncomeReceived">;
      return { type: "CommonIncomeReceived", entryId: a.entryId, amountFen: a.amountFen, sourceHash: a.sourceHash, bankRecordHash: a.bankRecordHash, ...m };
    }
    case "CommonIncomeMoved": {
      const a = args as Args<"CommonIncomeMoved">;
      return { type: "CommonIncomeMoved", entryId: a.entryId, proposalId: a.proposalId, amountFen: a.amountFen, scope: a.scope, scopeAreaCm2: a.scopeAreaCm2, ...m };
    }
    case "PlanCreated": {
      const a = args as Args<"PlanCreated">;
      const t = a.terms;
      return {
        type: "PlanCreated",
        planId: a.planId,
        kind: PLAN_KINDS[Number(a.kind)] === "Emergency" ? "emergency" : "voted",
        proposalId: t.proposalId,
        category: Number(t.category),
        scopeKind: Number(t.scopeKind),
        scopeIds: t.scopeIds.map(Number),
        budgetFen: t.budgetFen,
        payee: t.payee,
        textHash: t.textHash,
        quoteHash: t.quoteHash,
        contractHash: t.contractHash,
        scope: a.scope as Hex,
        scopeAreaCm2: a.scopeAreaCm2,
        reportDue: a.reportDue,
        ...m,
      };
    }
    case "PaymentHeld": {
      const a = args as Args<"PaymentHeld">;
      return {
        type: "PaymentHeld",
        planId: a.planId,
        paymentId: a.paymentId,
        amountFen: a.amountFen,
        invoiceHash: a.invoiceHash,
        acceptanceHash: a.acceptanceHash,
        ...m,
      };
    }
    case "PaymentPosted": {
      const a = args as Args<"PaymentPosted">;
      return { type: "PaymentPosted", paymentId: a.paymentId, entryId: a.entryId, bankRecordHash: a.bankRecordHash, ...m };
    }
    case "PaymentVoided": {
      const a = args as Args<"PaymentVoided">;
      return { type: "PaymentVoided", paymentId: a.paymentId, entryId: a.entryId, bankRecordHash: a.bankRecordHash, ...m };
    }
    case "UnitRefunded": {
      const a = args as Args<"UnitRefunded">;
      return { type: "UnitRefunded", unitId: Number(a.unitId), entryId: a.entryId, amountFen: a.amountFen, bankRecordHash: a.bankRecordHash, ...m };
    }
    case "EmergencyReportPublished": {
      const a = args as Args<"EmergencyReportPublished">;
      return { type: "EmergencyReportPublished", planId: a.planId, reportHash: a.reportHash, late: a.late, ...m };
    }
    default:
      return null;
  }
}
