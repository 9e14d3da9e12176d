// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICommunityRegistry} from "./ICommunityRegistry.sol";
import {IOwnerVoting} from "./IOwnerVoting.sol";

/**
 * @title IFundLedger
 * @notice The housing maintenance fund (住宅专项维修资金): one sub-account (分户账) per unit in
 * integer fen, kept by double entry. Money only moves from one account to another:
 *
 *   bank (the custodian's account, outside the ledger) → unit     deposit, top-up, interest
 *   bank → common                                                 common-parts income (公共收益)
 *   unit → payable(payment)                                       a payment held on its scope
 *   payable(payment) → payee (outside, through the bank)          the custodian posts it
 *   payable(payment) → unit                                       the custodian voids it
 *   common → unit                                                 common income moved on a vote
 *   unit → bank                                                   a reversal or a refund
 *
 * so that at every step deposited + income − paid out − reversed − refunded
 * = Σ unit balances + Σ held payables + common balance (see {Totals}), and no balance is ever
 * below zero. Entries are never edited: a correction is a reversing entry.
 *
 * Apportionment (分摊) and interest allocation both use the running-total rule over the units in
 * account order: with C_i the cumulative weight (area, or balance for interest) of the first
 * i+1 units and T the total, unit i bears floor(A·C_i/T) − floor(A·C_{i−1}/T). The parts add
 * up exactly to A and each is within one fen of the exact share. Per-unit shares are not
 * emitted one event each: they are recomputed from the payment's event and the plan's scope.
 *
 * A plan's scope is a byte string of 6-byte entries, `uint16 accountIndex ‖ uint32 areaCm2`, in
 * strictly ascending account order, fixed when the plan is created (its keccak256 is stored).
 */
interface IFundLedger {
    enum DepositKind {
        None,
        First, // 首期: area × the community's rate, once per unit
        TopUp // 续筹 or any later deposit
    }

    enum PlanKind {
        None,
        Voted, // from a passed fund-use proposal (matter 五)
        Emergency // 应急使用: committee and supervisor, no vote, capped
    }

    enum EmergencyCategory {
        None,
        Lift, // a lift endangering people
        Roof, // a roof or exterior wall leak
        FireSafety,
        Pipe, // a burst water or drainage pipe
        Other // another danger to people or property
    }

    enum PaymentStatus {
        None,
        Held,
        Posted,
        Voided
    }

    /// @notice Fund rules a community sets.
    struct FundSettings {
        uint64 depositRateFenPerM2; // first deposit per m² of exclusive area, as the city sets it
        uint64 emergencyCapFen; // the most an emergency plan may budget
        uint16 emergencyReportDays; // days after an emergency plan within which its statement is due
    }

    struct DepositLine {
        uint32 unitId;
        uint64 amountFen;
    }

    /// @notice What a plan is, as its signers approved it.
    struct PlanTerms {
        uint256 proposalId; // the passed proposal (0 for an emergency plan)
        EmergencyCategory category; // None for a voted plan
        IOwnerVoting.ScopeKind scopeKind; // the proposal's scope (for an emergency: what it covers)
        uint32[] scopeIds;
        uint64 budgetFen;
        string payee; // the contractor, by name (companies are public)
        bytes32 textHash; // the plan's text (projects, works) kept off chain
        bytes32 quoteHash;
        bytes32 contractHash;
    }

    struct PlanInput {
        uint256 communityId;
        PlanTerms terms;
        uint16[] accounts; // the units that bear the cost, by account index, ascending
    }

    struct PlanView {
        uint256 communityId;
        uint256 proposalId;
        PlanKind kind;
        EmergencyCategory category;
        uint64 budgetFen;
        uint64 committedFen; // held + posted
        uint64 postedFen;
        uint64 scopeAreaCm2;
        uint32 unitCount;
        uint64 createdAt;
        uint64 reportDue; // emergency: when its statement is due; 0 for a voted plan
        bytes32 scopeHash;
        bytes32 reportHash; // emergency statement, once published
        bool accepted; // an acceptance report has been posted with a payment
        uint32 paymentCount; // payments requested so far
        uint32 heldSeq; // the held payment's seq, 0 if none
        uint64 heldFen;
    }

    /// @notice A payment request. Its id is planId << 32 | seq; `seq` must be the plan's next
    /// payment number (1, 2, …), which makes the committee's signatures single-use. A plan has at
    /// most one held payment at a time: it is posted or voided before the next is requested.
    struct PaymentInput {
        uint256 planId;
        uint32 seq;
        uint64 amountFen;
        bytes32 invoiceHash;
        bytes32 acceptanceHash; // the acceptance report (zero for an advance tranche)
    }

    struct PaymentView {
        uint256 planId;
        uint32 seq;
        PaymentStatus status;
        uint64 amountFen; // while held (a settled payment's amount is in its events)
    }

    /// @notice The community's running totals, in fen. Conservation:
    /// deposited + income + commonIncome − paidOut − reversed − refunded = unitFunds + commonBalance,
    /// where unitFunds = Σ unit balances + Σ plans' held payments (a held payment moves money from
    /// its units to its payable and changes no total).
    struct Totals {
        uint64 deposited;
        uint64 income; // interest and other 增值收益 allocated to units
        uint64 commonIncome; // 公共收益 received
        uint64 paidOut;
        uint64 reversed;
        uint64 refunded;
        uint64 unitFunds;
        uint64 commonBalance;
        uint32 accountCount;
        uint64 entryCount; // entries so far (each entry's id is its number)
    }

    event FundSettingsChanged(uint256 indexed communityId, FundSettings settings);
    event AccountOpened(
        uint256 indexed communityId,
        uint32 indexed unitId,
        uint16 accountIndex,
        uint32 buildingId,
        uint32 areaCm2
    );
    event AccountAreaSynced(uint256 indexed communityId, uint32 indexed unitId, uint32 oldAreaCm2, uint32 newAreaCm2);
    /// @notice bank → each line's unit. `entryId` numbers the community's entries.
    event Deposited(
        uint256 indexed communityId,
        uint64 indexed entryId,
        DepositKind kind,
        DepositLine[] lines,
        uint64 totalFen,
        bytes32 bankRecordHash
    );
    /// @notice unit → bank for each line of an earlier deposit entry (a correction).
    event DepositReversed(
        uint256 indexed communityId,
        uint64 indexed entryId,
        uint64 reversedEntryId,
        DepositLine[] lines,
        uint64 totalFen,
        bytes32 bankRecordHash
    );
    /// @notice bank → every open account pro rata to its balance (`totalWeightFen`, the sum of the
    /// balances before the allocation), by the running-total rule in account order.
    event InterestAllocated(
        uint256 indexed communityId,
        uint64 indexed entryId,
        uint64 amountFen,
        uint64 totalWeightFen,
        bytes32 bankRecordHash
    );
    event CommonIncomeReceived(
        uint256 indexed communityId,
        uint64 indexed entryId,
        uint64 amountFen,
        bytes32 sourceHash,
        bytes32 bankRecordHash
    );
    /// @notice common → the units of `scope` (same encoding as a plan's), by area (running-total
    /// rule), on a passed vote of the whole community.
    event CommonIncomeMoved(
        uint256 indexed communityId,
        uint64 indexed entryId,
        uint256 proposalId,
        uint64 amountFen,
        bytes scope,
        uint64 scopeAreaCm2
    );
    event PlanCreated(
        uint256 indexed communityId,
        uint256 indexed planId,
        PlanKind kind,
        PlanTerms terms,
        bytes scope,
        uint64 scopeAreaCm2,
        uint64 reportDue
    );
    event EmergencyReportPublished(uint256 indexed communityId, uint256 indexed planId, bytes32 reportHash, bool late);
    /// @notice units of the plan's scope → payable(paymentId), apportioned by area.
    event PaymentHeld(
        uint256 indexed communityId,
        uint256 indexed planId,
        uint256 paymentId,
        uint64 amountFen,
        bytes32 invoiceHash,
        bytes32 acceptanceHash
    );
    /// @notice payable(paymentId) → the plan's payee, paid by the custodian.
    event PaymentPosted(uint256 indexed communityId, uint256 indexed paymentId, uint64 entryId, bytes32 bankRecordHash);
    /// @notice payable(paymentId) → the same units, by the same shares.
    event PaymentVoided(uint256 indexed communityId, uint256 indexed paymentId, uint64 entryId, bytes32 bankRecordHash);
    /// @notice unit → bank: the unit's whole balance refunded (a demolished unit); the account closes.
    event UnitRefunded(
        uint256 indexed communityId,
        uint32 indexed unitId,
        uint64 entryId,
        uint64 amountFen,
        bytes32 bankRecordHash
    );

    error FundUnknownCommunity(uint256 communityId);
    error FundUnknownUnit(uint32 unitId);
    error FundAccountExists(uint32 unitId);
    error FundAccountClosed(uint32 unitId);
    error FundTooManyAccounts(uint256 communityId);
    error FundAreaTooLarge(uint32 unitId, uint64 areaCm2);
    error FundInvalidSettings();
    error FundNoRate(uint256 communityId);
    error FundEmptyBatch();
    error FundBatchTooLarge(uint256 length, uint256 max);
    error FundInvalidAmount();
    error FundFirstDepositDone(uint32 unitId);
    error FundFirstDepositMismatch(uint32 unitId, uint64 expectedFen, uint64 givenFen);
    error FundNoFirstDeposit(uint32 unitId);
    error FundBalanceOverflow(uint32 unitId);
    error FundInsufficientBalance(uint32 unitId, uint64 balanceFen, uint64 shareFen);
    error FundInsufficientCommon(uint64 balanceFen, uint64 amountFen);
    error FundUnknownEntry(uint64 entryId);
    error FundEntryMismatch(uint64 entryId);
    error FundEntryReversed(uint64 entryId);
    error FundNotAFundUse(uint256 proposalId);
    error FundProposalNotPassed(uint256 proposalId);
    error FundProposalOtherCommunity(uint256 proposalId, uint256 communityId);
    error FundScopeMismatch(uint256 proposalId);
    error FundUnitOutOfScope(uint32 unitId);
    error FundInvalidScope();
    error FundInvalidPlan();
    error FundEmergencyOverCap(uint64 budgetFen, uint64 capFen);
    error FundUnknownPlan(uint256 planId);
    error FundOverBudget(uint256 planId, uint64 committedFen, uint64 amountFen, uint64 budgetFen);
    error FundUnknownPayment(uint256 paymentId);
    error FundPaymentNotHeld(uint256 paymentId, PaymentStatus status);
    error FundWrongSeq(uint256 planId, uint32 expected, uint32 given);
    error FundPaymentPending(uint256 planId, uint256 paymentId);
    error FundNotEmergency(uint256 planId);
    error FundReportPublished(uint256 planId);

    /// @notice A plan's terms and progress.
    function getPlan(uint256 planId) external view returns (PlanView memory);

    /// @notice A payment by id (planId << 32 | seq).
    function getPayment(uint256 paymentId) external view returns (PaymentView memory);

    /// @notice The community's running totals; see {Totals} for the conservation law.
    function totalsOf(uint256 communityId) external view returns (Totals memory);
}
