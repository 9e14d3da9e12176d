// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ICommunityRegistry} from "./interfaces/ICommunityRegistry.sol";
import {IOwnerVoting} from "./interfaces/IOwnerVoting.sol";
import {IFundLedger} from "./interfaces/IFundLedger.sol";
import {ILedgerModule} from "./interfaces/ILedgerModule.sol";

/**
 * @title FundLedger
 * @notice The maintenance fund as a module on the registry: per-unit sub-accounts in fen,
 * deposits and income confirmed by the custodian, spending plans from passed fund-use votes (or
 * the emergency procedure), payments held on the units in scope and posted or voided by the
 * custodian exactly once. See {IFundLedger} for the accounts and rules; statements and ratings
 * are the {FundReports} module's.
 *
 * Authority: committee actions carry the threshold of committee signatures (checked by the
 * registry); custodian actions the custodian's signature; an emergency plan both the committee's
 * and the supervisor's. The transaction sender has no authority of its own.
 *
 * Storage: unit balances are packed eight to a word (32 bits each, up to 42,949,672.95 yuan per
 * unit), so a payment over a whole community writes one word per eight units.
 */
contract FundLedger is IFundLedger, ILedgerModule {
    // Committee-action kinds (threshold-signed).
    uint8 public constant CHANGE_FUND_SETTINGS = 30;
    uint8 public constant CREATE_PLAN = 31;
    uint8 public constant CREATE_EMERGENCY_PLAN = 32; // also signed by the supervisor
    uint8 public constant REQUEST_PAYMENT = 33;
    uint8 public constant PUBLISH_EMERGENCY_REPORT = 35;
    uint8 public constant MOVE_COMMON_INCOME = 36;
    // Custodian-action kinds (signed by the community's custodian).
    uint8 public constant RECORD_DEPOSITS = 40;
    uint8 public constant RECORD_INTEREST = 41;
    uint8 public constant RECORD_COMMON_INCOME = 42;
    uint8 public constant POST_PAYMENT = 43;
    uint8 public constant VOID_PAYMENT = 44;
    uint8 public constant REVERSE_DEPOSIT = 45;
    uint8 public constant REFUND_UNIT = 46;

    uint256 public constant MAX_BATCH = 400;
    uint256 public constant MAX_ACCOUNTS = 65_535;
    /// @notice The largest budget a plan may have: its payments (up to 110 % of it) fit 48 bits.
    uint64 public constant MAX_BUDGET_FEN = 255_886_342_464_231; // floor(10 · (2^48 − 1) / 11)
    uint256 private constant _ENTRY_BYTES = 6;

    // Account record: opened (255) | closed (254) | first deposit done (253)
    //   | firstDepositFen (96..159) | areaCm2 (64..95) | buildingId (32..63) | unitId (0..31)
    uint256 private constant _OPENED = 1 << 255;
    uint256 private constant _CLOSED = 1 << 254;
    uint256 private constant _FIRST_DONE = 1 << 253;


    /// @dev `unitFunds` is the units' money: their balances plus what is held on them for payments
    /// (a held payment changes no total; the plans keep what is held).
    struct Book {
        uint64 unitFunds;
        uint64 entries;
        uint32 accountCount;
        uint32 closedCount; // accounts refunded and closed
        uint64 deposited;
        uint64 income;
        uint64 commonIncome;
        uint64 paidOut;
        uint64 reversed;
        uint64 refunded;
        uint64 commonBalance;
    }

    /// @dev A payment reads the first two words and writes only the first, so the first packs all
    /// a payment needs (48 bits hold 2.8 × 10^14 fen or cm²). A plan holds at most one payment at a
    /// time, always its latest (seq = paymentCount).
    struct Plan {
        uint24 communityId;
        uint48 committedFen; // held + posted
        uint48 heldFen; // the held payment's amount
        uint48 budgetFen;
        uint48 scopeAreaCm2;
        uint16 paymentCount;
        uint8 kind;
        bool held;
        bool heldAccepted; // the held payment carries an acceptance report
        uint64 postedFen;
        uint8 category;
        bool accepted;
        bytes32 scopeHash;
        uint64 proposalId;
        uint64 createdAt;
        uint64 reportDue;
        uint32 unitCount;
        bytes32 reportHash;
    }

    struct DepositEntry {
        bytes32 linesHash;
        bool reversed;
    }

    ICommunityRegistry public immutable registry;
    IOwnerVoting public immutable voting;

    mapping(uint256 communityId => Book) private _books;
    mapping(uint256 communityId => FundSettings) private _settings;
    mapping(uint256 communityId => mapping(uint256 index => uint256 record)) private _accounts;
    mapping(uint256 communityId => mapping(uint32 unitId => uint256 indexPlusOne)) private _indexOf;
    mapping(uint256 communityId => mapping(uint256 word => uint256 lanes)) private _balances;
    mapping(uint256 communityId => mapping(uint64 entryId => DepositEntry)) private _deposits;
    uint256 private _planCount;
    mapping(uint256 planId => Plan) private _plans;
    mapping(uint256 proposalId => uint256 planId) private _planOfProposal;
    mapping(uint256 proposalId => bool) private _commonMoved;
    /// @dev Settled payments' status, two bits per seq, 128 to a word.
    mapping(uint256 planId => mapping(uint256 word => uint256 bits)) private _settled;

    constructor(ICommunityRegistry registry_, IOwnerVoting voting_) {
        registry = registry_;
        voting = voting_;
    }

    // ───────────────────────────────────────────────────────────── views

    /// @inheritdoc ILedgerModule
    function committeeKinds() external pure returns (uint8[] memory kinds) {
        kinds = new uint8[](13);
        kinds[0] = CHANGE_FUND_SETTINGS;
        kinds[1] = CREATE_PLAN;
        kinds[2] = CREATE_EMERGENCY_PLAN;
        kinds[3] = REQUEST_PAYMENT;
        kinds[4] = PUBLISH_EMERGENCY_REPORT;
        kinds[5] = MOVE_COMMON_INCOME;
        kinds[6] = RECORD_DEPOSITS;
        kinds[7] = RECORD_INTEREST;
        kinds[8] = RECORD_COMMON_INCOME;
        kinds[9] = POST_PAYMENT;
        kinds[10] = VOID_PAYMENT;
        kinds[11] = REVERSE_DEPOSIT;
        kinds[12] = REFUND_UNIT;
    }

    /// @notice The community's fund settings (all zero until the committee sets them).
    function settingsOf(uint256 communityId) external view returns (FundSettings memory) {
        return _settings[communityId];
    }

    /// @notice The community's running totals; see {IFundLedger-Totals} for the conservation law.
    function totalsOf(uint256 communityId) external view returns (Totals memory t) {
        Book storage b = _books[communityId];
        t = Totals({
            deposited: b.deposited,
            income: b.income,
            commonIncome: b.commonIncome,
            paidOut: b.paidOut,
            reversed: b.reversed,
            refunded: b.refunded,
            unitFunds: b.unitFunds,
            commonBalance: b.commonBalance,
            accountCount: b.accountCount,
            entryCount: b.entries
        });
    }

    /// @notice A unit's account: whether it is open, its index, balance, first deposit and the
    /// area its shares are computed from.
    function accountOf(
        uint256 communityId,
        uint32 unitId
    )
        external
        view
        returns (bool opened, bool closed, uint16 accountIndex, uint64 balanceFen, uint64 firstDepositFen, uint32 areaCm2)
    {
        uint256 plusOne = _indexOf[communityId][unitId];
        if (plusOne == 0) return (false, false, 0, 0, 0, 0);
        uint256 index = plusOne - 1;
        uint256 record = _accounts[communityId][index];
        return (
            true,
            record & _CLOSED != 0,
            uint16(index),
            _balanceAt(communityId, index),
            uint64(record >> 96),
            uint32(record >> 64)
        );
    }

    /// @notice The balances of `count` accounts from index `start`, in account order.
    function balancesOf(uint256 communityId, uint256 start, uint256 count) external view returns (uint64[] memory out) {
        uint256 n = _books[communityId].accountCount;
        if (start > n) start = n;
        if (count > n - start) count = n - start;
        out = new uint64[](count);
        for (uint256 i = 0; i < count; ++i) out[i] = _balanceAt(communityId, start + i);
    }

    function planCount() external view returns (uint256) {
        return _planCount;
    }

    function getPlan(uint256 planId) external view returns (PlanView memory v) {
        Plan storage p = _plan(planId);
        v = PlanView({
            communityId: p.communityId,
            proposalId: p.proposalId,
            kind: PlanKind(p.kind),
            category: EmergencyCategory(p.category),
            budgetFen: p.budgetFen,
            committedFen: p.committedFen,
            postedFen: p.postedFen,
            scopeAreaCm2: p.scopeAreaCm2,
            unitCount: p.unitCount,
            createdAt: p.createdAt,
            reportDue: p.reportDue,
            scopeHash: p.scopeHash,
            reportHash: p.reportHash,
            accepted: p.accepted,
            paymentCount: p.paymentCount,
            heldSeq: p.held ? p.paymentCount : 0,
            heldFen: p.heldFen
        });
    }

    /// @notice The plan made from a proposal, or 0.
    function planOfProposal(uint256 proposalId) external view returns (uint256) {
        return _planOfProposal[proposalId];
    }

    /// @notice A payment by id (planId << 32 | seq).
    function getPayment(uint256 paymentId) external view returns (PaymentView memory v) {
        uint256 planId = paymentId >> 32;
        uint32 seq = uint32(paymentId);
        Plan storage p = _plans[planId];
        if (p.kind == 0 || seq == 0 || seq > p.paymentCount) revert FundUnknownPayment(paymentId);
        v.planId = planId;
        v.seq = seq;
        v.status = _paymentStatus(planId, p, seq);
        if (v.status == PaymentStatus.Held) v.amountFen = p.heldFen;
    }

    // ───────────────────────────────────────────────── committee actions

    /// @notice Sets the community's fund settings. Committee action CHANGE_FUND_SETTINGS,
    /// payload abi.encode(communityId, settings).
    function changeSettings(
        uint256 communityId,
        FundSettings calldata settings,
        ICommunityRegistry.CommitteeAuth calldata auth
    ) external {
        if (settings.depositRateFenPerM2 == 0 || settings.emergencyReportDays == 0) revert FundInvalidSettings();
        registry.consumeCommitteeAction(communityId, CHANGE_FUND_SETTINGS, keccak256(abi.encode(communityId, settings)), auth);
        _settings[communityId] = settings;
        emit FundSettingsChanged(communityId, settings);
    }

    /// @notice Creates a spending plan from a passed, final fund-use proposal of this community
    /// whose scope is the plan's. One plan per proposal; its units must lie in that scope.
    /// Committee action CREATE_PLAN, payload abi.encode(input).
    function createPlan(
        PlanInput calldata input,
        ICommunityRegistry.CommitteeAuth calldata auth
    ) external returns (uint256 planId) {
        PlanTerms calldata t = input.terms;
        if (t.proposalId == 0 || t.category != EmergencyCategory.None) revert FundInvalidPlan();
        (uint256 communityId, IOwnerVoting.Matter matter, IOwnerVoting.Status status, IOwnerVoting.Outcome outcome, bytes32 scopeHash) =
            voting.fundUseOf(t.proposalId);
        if (communityId != input.communityId) revert FundProposalOtherCommunity(t.proposalId, input.communityId);
        if (matter != IOwnerVoting.Matter.UseFund) revert FundNotAFundUse(t.proposalId);
        if (status != IOwnerVoting.Status.Final || outcome != IOwnerVoting.Outcome.Passed) {
            revert FundProposalNotPassed(t.proposalId);
        }
        if (scopeHash != keccak256(abi.encode(t.scopeKind, t.scopeIds))) revert FundScopeMismatch(t.proposalId);
        if (_planOfProposal[t.proposalId] != 0) revert FundInvalidPlan();
        registry.consumeCommitteeAction(input.communityId, CREATE_PLAN, keccak256(abi.encode(input)), auth);
        planId = _createPlan(input, PlanKind.Voted, 0);
        _planOfProposal[t.proposalId] = planId;
    }

    /// @notice Creates an emergency plan (应急使用) without a vote, budget at most the
    /// community's emergency cap, its statement due within the community's set days. Committee
    /// action CREATE_EMERGENCY_PLAN and the supervisor's signature of the same kind and payload,
    /// abi.encode(input).
    function createEmergencyPlan(
        PlanInput calldata input,
        ICommunityRegistry.CommitteeAuth calldata auth,
        ICommunityRegistry.SupervisorAuth calldata supervisorAuth
    ) external returns (uint256 planId) {
        PlanTerms calldata t = input.terms;
        if (t.proposalId != 0 || t.category == EmergencyCategory.None) revert FundInvalidPlan();
        _checkScopeIds(t.scopeKind, t.scopeIds);
        FundSettings storage s = _settings[input.communityId];
        if (t.budgetFen > s.emergencyCapFen) revert FundEmergencyOverCap(t.budgetFen, s.emergencyCapFen);
        bytes32 payloadHash = keccak256(abi.encode(input));
        registry.consumeCommitteeAction(input.communityId, CREATE_EMERGENCY_PLAN, payloadHash, auth);
        registry.consumeSupervisorAction(input.communityId, CREATE_EMERGENCY_PLAN, payloadHash, supervisorAuth);
        planId = _createPlan(input, PlanKind.Emergency, uint64(block.timestamp) + uint64(s.emergencyReportDays) * 1 days);
    }

    /// @notice Publishes an emergency plan's statement (its use, audited afterwards). Committee
    /// action PUBLISH_EMERGENCY_REPORT, payload abi.encode(planId, reportHash).
    function publishEmergencyReport(
        uint256 planId,
        bytes32 reportHash,
        ICommunityRegistry.CommitteeAuth calldata auth
    ) external {
        Plan storage p = _plan(planId);
        if (PlanKind(p.kind) != PlanKind.Emergency) revert FundNotEmergency(planId);
        if (p.reportHash != bytes32(0)) revert FundReportPublished(planId);
        if (reportHash == bytes32(0)) revert FundInvalidPlan();
        registry.consumeCommitteeAction(p.communityId, PUBLISH_EMERGENCY_REPORT, keccak256(abi.encode(planId, reportHash)), auth);
        p.reportHash = reportHash;
        emit EmergencyReportPublished(p.communityId, planId, reportHash, block.timestamp > p.reportDue);
    }

    /// @notice Requests a payment against a plan: the amount is held on the plan's units,
    /// apportioned by area (running-total rule). Refused if the plan's payments would exceed its
    /// budget by more than 10 %, if a payment of the plan is still held, or if a unit's balance
    /// cannot cover its share. `scope` is the plan's scope as emitted by PlanCreated. Committee
    /// action REQUEST_PAYMENT, payload abi.encode(input), single-use by its `seq`.
    function requestPayment(
        PaymentInput calldata input,
        bytes calldata scope,
        ICommunityRegistry.CommitteeAuth calldata auth
    ) external returns (uint256 paymentId) {
        Plan storage p = _plan(input.planId);
        uint64 amount = input.amountFen;
        if (amount == 0) revert FundInvalidAmount();
        uint16 seq = p.paymentCount + 1;
        if (input.seq != seq) revert FundWrongSeq(input.planId, seq, input.seq);
        if (p.held) revert FundPaymentPending(input.planId, (input.planId << 32) | p.paymentCount);
        uint64 committed = p.committedFen;
        // At most 10 % over budget, in integers: 10·(committed + amount) ≤ 11·budget.
        if (10 * (uint256(committed) + amount) > 11 * uint256(p.budgetFen)) {
            revert FundOverBudget(input.planId, committed, amount, p.budgetFen);
        }
        if (keccak256(scope) != p.scopeHash) revert FundInvalidScope();
        uint256 communityId = p.communityId;
        registry.checkSequencedCommitteeAction(communityId, REQUEST_PAYMENT, keccak256(abi.encode(input)), auth);

        // Both fit 48 bits: 10·(committed + amount) ≤ 11·budget (checked above) and a budget is at
        // most MAX_BUDGET_FEN = 10·(2^48 − 1)/11 (checked when the plan was made).
        p.committedFen = uint48(committed + amount);
        p.heldFen = uint48(amount);
        p.paymentCount = seq;
        p.held = true;
        p.heldAccepted = input.acceptanceHash != bytes32(0);
        _applyShares(communityId, scope, amount, p.scopeAreaCm2, false);
        paymentId = (input.planId << 32) | seq;
        emit PaymentHeld(communityId, input.planId, paymentId, amount, input.invoiceHash, input.acceptanceHash);
    }

    /// @notice Moves common income (公共收益) into the unit accounts of a passed, final proposal of
    /// the whole community, by area (running-total rule), once per proposal. Committee action
    /// MOVE_COMMON_INCOME, payload abi.encode(communityId, proposalId, amountFen, accounts).
    function moveCommonIncome(
        uint256 communityId,
        uint256 proposalId,
        uint64 amountFen,
        uint16[] calldata accounts,
        ICommunityRegistry.CommitteeAuth calldata auth
    ) external {
        (uint256 pc, , IOwnerVoting.Status status, IOwnerVoting.Outcome outcome, bytes32 scopeHash) = voting.fundUseOf(
            proposalId
        );
        if (pc != communityId) revert FundProposalOtherCommunity(proposalId, communityId);
        if (status != IOwnerVoting.Status.Final || outcome != IOwnerVoting.Outcome.Passed) {
            revert FundProposalNotPassed(proposalId);
        }
        if (scopeHash != keccak256(abi.encode(IOwnerVoting.ScopeKind.Community, new uint32[](0)))) {
            revert FundScopeMismatch(proposalId);
        }
        if (_commonMoved[proposalId]) revert FundInvalidPlan();
        Book storage b = _books[communityId];
        if (amountFen == 0) revert FundInvalidAmount();
        if (amountFen > b.commonBalance) revert FundInsufficientCommon(b.commonBalance, amountFen);
        registry.consumeCommitteeAction(
            communityId,
            MOVE_COMMON_INCOME,
            keccak256(abi.encode(communityId, proposalId, amountFen, accounts)),
            auth
        );
        _commonMoved[proposalId] = true;
        _moveCommon(communityId, proposalId, amountFen, accounts);
    }

    function _moveCommon(uint256 communityId, uint256 proposalId, uint64 amountFen, uint16[] calldata accounts) private {
        (bytes memory scope, uint64 area) = _buildScope(communityId, IOwnerVoting.ScopeKind.Community, new uint32[](0), accounts);
        _applySharesMemory(communityId, scope, amountFen, area);
        Book storage b = _books[communityId];
        b.commonBalance -= amountFen;
        b.unitFunds += amountFen;
        uint64 entryId = ++b.entries;
        emit CommonIncomeMoved(communityId, entryId, proposalId, amountFen, scope, area);
    }

    // ───────────────────────────────────────────────── custodian actions

    /// @notice Records deposits the custodian received. A first deposit (首期) opens the unit's
    /// account and must equal its area × the community's rate (round half up to the fen); a
    /// top-up (续筹) may be any positive amount into an open account. Custodian action
    /// RECORD_DEPOSITS, payload abi.encode(communityId, kind, lines, bankRecordHash).
    function recordDeposits(
        uint256 communityId,
        DepositKind kind,
        DepositLine[] calldata lines,
        bytes32 bankRecordHash,
        ICommunityRegistry.SupervisorAuth calldata auth
    ) external {
        uint256 n = lines.length;
        if (n == 0) revert FundEmptyBatch();
        if (n > MAX_BATCH) revert FundBatchTooLarge(n, MAX_BATCH);
        if (kind == DepositKind.None) revert FundInvalidAmount();
        uint64 rate = _settings[communityId].depositRateFenPerM2;
        if (kind == DepositKind.First && rate == 0) revert FundNoRate(communityId);
        registry.consumeCustodianAction(
            communityId,
            RECORD_DEPOSITS,
            keccak256(abi.encode(communityId, kind, lines, bankRecordHash)),
            auth
        );
        Book storage b = _books[communityId];
        uint64 total = 0;
        for (uint256 i = 0; i < n; ++i) {
            DepositLine calldata line = lines[i];
            if (line.amountFen == 0) revert FundInvalidAmount();
            uint256 index = kind == DepositKind.First
                ? _openWithFirstDeposit(communityId, b, line, rate)
                : _openIndex(communityId, line.unitId);
            _setBalance(communityId, index, uint256(_balanceAt(communityId, index)) + line.amountFen, line.unitId);
            total += line.amountFen;
        }
        b.deposited += total;
        b.unitFunds += total;
        uint64 entryId = ++b.entries;
        _deposits[communityId][entryId] = DepositEntry({linesHash: keccak256(abi.encode(kind, lines)), reversed: false});
        emit Deposited(communityId, entryId, kind, lines, total, bankRecordHash);
    }

    /// @notice Reverses an earlier deposit entry in full (a correction): each line's amount moves
    /// back from its unit. A reversed first deposit may be made again. Custodian action
    /// REVERSE_DEPOSIT, payload abi.encode(communityId, entryId, bankRecordHash).
    function reverseDeposit(
        uint256 communityId,
        uint64 entryId,
        DepositKind kind,
        DepositLine[] calldata lines,
        bytes32 bankRecordHash,
        ICommunityRegistry.SupervisorAuth calldata auth
    ) external {
        DepositEntry storage d = _deposits[communityId][entryId];
        if (d.linesHash == bytes32(0)) revert FundUnknownEntry(entryId);
        if (d.reversed) revert FundEntryReversed(entryId);
        if (d.linesHash != keccak256(abi.encode(kind, lines))) revert FundEntryMismatch(entryId);
        registry.consumeCustodianAction(
            communityId,
            REVERSE_DEPOSIT,
            keccak256(abi.encode(communityId, entryId, bankRecordHash)),
            auth
        );
        d.reversed = true;
        uint64 total = 0;
        for (uint256 i = 0; i < lines.length; ++i) {
            DepositLine calldata line = lines[i];
            uint256 index = _indexOf[communityId][line.unitId] - 1;
            uint64 balance = _balanceAt(communityId, index);
            if (balance < line.amountFen) revert FundInsufficientBalance(line.unitId, balance, line.amountFen);
            _setBalance(communityId, index, balance - line.amountFen, line.unitId);
            if (kind == DepositKind.First) {
                uint256 record = _accounts[communityId][index];
                _accounts[communityId][index] = record & ~(_FIRST_DONE | (uint256(type(uint64).max) << 96));
            }
            total += line.amountFen;
        }
        Book storage b = _books[communityId];
        b.reversed += total;
        b.unitFunds -= total;
        uint64 reversalId = ++b.entries;
        emit DepositReversed(communityId, reversalId, entryId, lines, total, bankRecordHash);
    }

    /// @notice Allocates interest and other income (增值收益) to every account pro rata to its
    /// balance, exactly (running-total rule in account order). Custodian action RECORD_INTEREST,
    /// payload abi.encode(communityId, amountFen, bankRecordHash).
    function recordInterest(
        uint256 communityId,
        uint64 amountFen,
        bytes32 bankRecordHash,
        ICommunityRegistry.SupervisorAuth calldata auth
    ) external {
        if (amountFen == 0) revert FundInvalidAmount();
        Book storage b = _books[communityId];
        uint256 words = (uint256(b.accountCount) + 7) >> 3;
        mapping(uint256 => uint256) storage balances = _balances[communityId];
        uint256 weight = 0;
        // Unchecked: balances are 32-bit lanes and at most 65,535 of them, so sums stay far below
        // 2^64 and no product below overflows; each result is checked against its lane.
        unchecked {
            for (uint256 w = 0; w < words; ++w) {
                uint256 lanes = balances[w];
                for (uint256 k = 0; k < 256; k += 32) weight += (lanes >> k) & 0xffffffff;
            }
        }
        if (weight == 0) revert FundInvalidAmount();
        registry.consumeCustodianAction(
            communityId,
            RECORD_INTEREST,
            keccak256(abi.encode(communityId, amountFen, bankRecordHash)),
            auth
        );
        uint256 cumulative = 0;
        uint256 allocated = 0;
        unchecked {
            for (uint256 w = 0; w < words; ++w) {
                uint256 lanes = balances[w];
                if (lanes == 0) continue;
                uint256 updated = 0;
                for (uint256 k = 0; k < 256; k += 32) {
                    uint256 balance = (lanes >> k) & 0xffffffff;
                    if (balance == 0) continue;
                    cumulative += balance;
                    uint256 upTo = (uint256(amountFen) * cumulative) / weight;
                    uint256 next = balance + (upTo - allocated);
                    allocated = upTo;
                    if (next > type(uint32).max) revert FundBalanceOverflow(uint32(_accounts[communityId][w * 8 + k / 32]));
                    updated |= next << k;
                }
                balances[w] = updated;
            }
        }
        b.income += amountFen;
        b.unitFunds += amountFen;
        uint64 entryId = ++b.entries;
        emit InterestAllocated(communityId, entryId, amountFen, uint64(weight), bankRecordHash);
    }

    /// @notice Records common-parts income (公共收益: ads, parking) into the common account.
    /// Custodian action RECORD_COMMON_INCOME, payload abi.encode(communityId, amountFen,
    /// sourceHash, bankRecordHash).
    function recordCommonIncome(
        uint256 communityId,
        uint64 amountFen,
        bytes32 sourceHash,
        bytes32 bankRecordHash,
        ICommunityRegistry.SupervisorAuth calldata auth
    ) external {
        if (amountFen == 0) revert FundInvalidAmount();
        if (!registry.communityExists(communityId)) revert FundUnknownCommunity(communityId);
        registry.consumeCustodianAction(
            communityId,
            RECORD_COMMON_INCOME,
            keccak256(abi.encode(communityId, amountFen, sourceHash, bankRecordHash)),
            auth
        );
        Book storage b = _books[communityId];
        b.commonIncome += amountFen;
        b.commonBalance += amountFen;
        uint64 entryId = ++b.entries;
        emit CommonIncomeReceived(communityId, entryId, amountFen, sourceHash, bankRecordHash);
    }

    /// @notice Posts a held payment: the custodian paid the plan's payee. Exactly once.
    /// Custodian action POST_PAYMENT, payload abi.encode(paymentId, bankRecordHash).
    function postPayment(
        uint256 paymentId,
        bytes32 bankRecordHash,
        ICommunityRegistry.SupervisorAuth calldata auth
    ) external {
        (uint256 planId, Plan storage p) = _heldPayment(paymentId);
        uint256 communityId = p.communityId;
        registry.consumeCustodianAction(communityId, POST_PAYMENT, keccak256(abi.encode(paymentId, bankRecordHash)), auth);
        uint64 amount = p.heldFen;
        _settle(planId, p, PaymentStatus.Posted);
        p.postedFen += amount;
        if (p.heldAccepted) p.accepted = true;
        p.heldAccepted = false;
        Book storage b = _books[communityId];
        b.unitFunds -= amount;
        b.paidOut += amount;
        uint64 entryId = ++b.entries;
        emit PaymentPosted(communityId, paymentId, entryId, bankRecordHash);
    }

    /// @notice Voids a held payment: each unit gets back exactly its share. Exactly once.
    /// Custodian action VOID_PAYMENT, payload abi.encode(paymentId, bankRecordHash).
    function voidPayment(
        uint256 paymentId,
        bytes calldata scope,
        bytes32 bankRecordHash,
        ICommunityRegistry.SupervisorAuth calldata auth
    ) external {
        (uint256 planId, Plan storage p) = _heldPayment(paymentId);
        if (keccak256(scope) != p.scopeHash) revert FundInvalidScope();
        uint256 communityId = p.communityId;
        registry.consumeCustodianAction(communityId, VOID_PAYMENT, keccak256(abi.encode(paymentId, bankRecordHash)), auth);
        uint64 amount = p.heldFen;
        _settle(planId, p, PaymentStatus.Voided);
        p.committedFen -= uint48(amount);
        p.heldAccepted = false;
        _applyShares(communityId, scope, amount, p.scopeAreaCm2, true);
        Book storage b = _books[communityId];
        uint64 entryId = ++b.entries;
        emit PaymentVoided(communityId, paymentId, entryId, bankRecordHash);
        // A unit refunded (demolished) while the payment was held got its share back into a
        // closed account: that share follows the rest of its money out, refunded.
        if (b.closedCount != 0) _refundClosed(communityId, b, scope, bankRecordHash);
    }

    /// @dev Refunds whatever the closed accounts of `scope` hold (their shares of a voided payment).
    function _refundClosed(uint256 communityId, Book storage b, bytes calldata scope, bytes32 bankRecordHash) private {
        uint256 n = scope.length / _ENTRY_BYTES;
        for (uint256 i = 0; i < n; ++i) {
            uint256 index = uint16(bytes2(scope[i * _ENTRY_BYTES:i * _ENTRY_BYTES + 2]));
            uint256 record = _accounts[communityId][index];
            if (record & _CLOSED == 0) continue;
            uint64 amount = _balanceAt(communityId, index);
            if (amount == 0) continue;
            uint32 unitId = uint32(record);
            _setBalance(communityId, index, 0, unitId);
            b.refunded += amount;
            b.unitFunds -= amount;
            uint64 entryId = ++b.entries;
            emit UnitRefunded(communityId, unitId, entryId, amount, bankRecordHash);
        }
    }

    /// @notice Refunds a demolished unit's whole balance and closes its account. Custodian
    /// action REFUND_UNIT, payload abi.encode(communityId, unitId, bankRecordHash).
    function refundUnit(
        uint256 communityId,
        uint32 unitId,
        bytes32 bankRecordHash,
        ICommunityRegistry.SupervisorAuth calldata auth
    ) external {
        uint256 index = _openIndex(communityId, unitId);
        registry.consumeCustodianAction(communityId, REFUND_UNIT, keccak256(abi.encode(communityId, unitId, bankRecordHash)), auth);
        uint64 amount = _balanceAt(communityId, index);
        _setBalance(communityId, index, 0, unitId);
        _accounts[communityId][index] |= _CLOSED;
        Book storage b = _books[communityId];
        b.closedCount += 1;
        b.refunded += amount;
        b.unitFunds -= amount;
        uint64 entryId = ++b.entries;
        emit UnitRefunded(communityId, unitId, entryId, amount, bankRecordHash);
    }

    // ───────────────────────────────────────────────── internals

    function _plan(uint256 planId) private view returns (Plan storage p) {
        p = _plans[planId];
        if (p.kind == 0) revert FundUnknownPlan(planId);
    }

    function _heldPayment(uint256 paymentId) private view returns (uint256 planId, Plan storage p) {
        planId = paymentId >> 32;
        uint32 seq = uint32(paymentId);
        p = _plans[planId];
        if (p.kind == 0 || seq == 0 || seq > p.paymentCount) revert FundUnknownPayment(paymentId);
        if (!p.held || p.paymentCount != seq) revert FundPaymentNotHeld(paymentId, _paymentStatus(planId, p, seq));
    }

    function _paymentStatus(uint256 planId, Plan storage p, uint32 seq) private view returns (PaymentStatus) {
        if (p.held && p.paymentCount == seq) return PaymentStatus.Held;
        return PaymentStatus((_settled[planId][seq >> 7] >> ((seq & 127) * 2)) & 3);
    }

    /// @dev Records the held payment's final status and clears the hold.
    function _settle(uint256 planId, Plan storage p, PaymentStatus status) private {
        uint256 seq = p.paymentCount;
        _settled[planId][seq >> 7] |= uint256(uint8(status)) << ((seq & 127) * 2);
        p.held = false;
        p.heldFen = 0;
    }

    function _createPlan(PlanInput calldata input, PlanKind kind, uint64 reportDue) private returns (uint256 planId) {
        PlanTerms calldata t = input.terms;
        // Payments may reach 110 % of the budget and are kept in 48 bits: 11·budget/10 < 2^48.
        if (t.budgetFen == 0 || t.budgetFen > MAX_BUDGET_FEN) revert FundInvalidPlan();
        (bytes memory scope, uint64 area) = _buildScope(input.communityId, t.scopeKind, t.scopeIds, input.accounts);
        planId = ++_planCount;
        Plan storage p = _plans[planId];
        p.communityId = SafeCast.toUint24(input.communityId);
        p.budgetFen = SafeCast.toUint48(t.budgetFen);
        p.scopeAreaCm2 = SafeCast.toUint48(area);
        p.scopeHash = keccak256(scope);
        p.proposalId = uint64(t.proposalId);
        p.createdAt = uint64(block.timestamp);
        p.reportDue = reportDue;
        p.unitCount = uint32(input.accounts.length);
        p.kind = uint8(kind);
        p.category = uint8(t.category);
        emit PlanCreated(input.communityId, planId, kind, t, scope, area, reportDue);
    }

    function _checkScopeIds(IOwnerVoting.ScopeKind scopeKind, uint32[] calldata ids) private pure {
        if (scopeKind == IOwnerVoting.ScopeKind.Community) {
            if (ids.length != 0) revert FundInvalidScope();
            return;
        }
        if (ids.length == 0) revert FundInvalidScope();
        for (uint256 i = 1; i < ids.length; ++i) if (ids[i] <= ids[i - 1]) revert FundInvalidScope();
    }

    /// @dev The scope bytes of the given accounts (strictly ascending, open, within the scope).
    function _buildScope(
        uint256 communityId,
        IOwnerVoting.ScopeKind scopeKind,
        uint32[] memory scopeIds,
        uint16[] calldata accounts
    ) private view returns (bytes memory scope, uint64 area) {
        uint256 n = accounts.length;
        if (n == 0) revert FundInvalidScope();
        scope = new bytes(n * _ENTRY_BYTES);
        uint256 previous = 0;
        for (uint256 i = 0; i < n; ++i) {
            uint256 index = accounts[i];
            if (i > 0 && index <= previous) revert FundInvalidScope();
            previous = index;
            uint256 record = _accounts[communityId][index];
            uint32 unitId = uint32(record);
            if (record & _OPENED == 0) revert FundInvalidScope();
            if (record & _CLOSED != 0) revert FundAccountClosed(unitId);
            if (scopeKind == IOwnerVoting.ScopeKind.Buildings) {
                if (!_contains(scopeIds, uint32(record >> 32))) revert FundUnitOutOfScope(unitId);
            } else if (scopeKind == IOwnerVoting.ScopeKind.Units) {
                if (!_contains(scopeIds, unitId)) revert FundUnitOutOfScope(unitId);
            }
            uint32 unitArea = uint32(record >> 64);
            area += unitArea;
            uint256 packed = (index << 32) | unitArea; // 48 bits: index (16) ‖ area (32)
            assembly ("memory-safe") {
                let ptr := add(add(scope, 0x20), mul(i, 6))
                // write the 6 bytes big-endian; the following bytes are overwritten by the next entry
                mstore(ptr, or(shl(208, packed), and(mload(ptr), sub(shl(208, 1), 1))))
            }
        }
    }

    function _contains(uint32[] memory sorted, uint32 id) private pure returns (bool) {
        uint256 lo = 0;
        uint256 hi = sorted.length;
        while (lo < hi) {
            uint256 mid = (lo + hi) >> 1;
            uint32 v = sorted[mid];
            if (v == id) return true;
            if (v < id) lo = mid + 1;
            else hi = mid;
        }
        return false;
    }

    /// @dev Takes (or, with `credit`, gives back) each scope unit's share of `amount` by the
    /// running-total rule. Reverts naming the first unit whose balance cannot cover its share.
    /// The loop is the hot path of every payment (one pass over 6-byte entries, one storage word
    /// per eight units), so it is written in assembly; it computes exactly what {_applySharesMemory}
    /// computes in Solidity.
    function _applyShares(uint256 communityId, bytes calldata scope, uint64 amount, uint64 total, bool credit) private {
        mapping(uint256 => uint256) storage balances = _balances[communityId];
        uint256 failed; // 1 + the index of a unit that cannot cover its share (or would overflow)
        uint256 failBalance;
        uint256 failShare;
        // No overflow is possible: amount < 2^64 and cumulative ≤ total < 2^64 (the scope's area),
        // and upTo never decreases; a balance is checked before it is reduced or exceeds 32 bits.
        assembly ("memory-safe") {
            let base := balances.slot
            let word := not(0)
            let slot := 0
            let lanes := 0
            let cumulative := 0
            let allocated := 0
            let end := add(scope.offset, scope.length)
            for {
                let ptr := scope.offset
            } lt(ptr, end) {
                ptr := add(ptr, 6)
            } {
                let entry := shr(208, calldataload(ptr))
                let index := shr(32, entry)
                cumulative := add(cumulative, and(entry, 0xffffffff))
                let upTo := div(mul(amount, cumulative), total)
                let share := sub(upTo, allocated)
                allocated := upTo
                let w := shr(3, index)
                if iszero(eq(w, word)) {
                    if iszero(eq(word, not(0))) {
                        sstore(slot, lanes)
                    }
                    word := w
                    mstore(0x00, w)
                    mstore(0x20, base)
                    slot := keccak256(0x00, 0x40)
                    lanes := sload(slot)
                }
                let shift := shl(5, and(index, 7))
                let bal := and(shr(shift, lanes), 0xffffffff)
                let next := sub(bal, share)
                if credit {
                    next := add(bal, share)
                }
                if or(and(iszero(credit), lt(bal, share)), gt(next, 0xffffffff)) {
                    failed := add(index, 1)
                    failBalance := bal
                    failShare := share
                    break
                }
                lanes := or(and(lanes, not(shl(shift, 0xffffffff))), shl(shift, next))
            }
            if and(iszero(failed), iszero(eq(word, not(0)))) {
                sstore(slot, lanes)
            }
        }
        if (failed != 0) {
            uint32 unitId = uint32(_accounts[communityId][failed - 1]);
            if (credit) revert FundBalanceOverflow(unitId);
            revert FundInsufficientBalance(unitId, uint64(failBalance), uint64(failShare));
        }
    }

    /// @dev {_applyShares} crediting, for a scope built in memory.
    function _applySharesMemory(uint256 communityId, bytes memory scope, uint64 amount, uint64 total) private {
        uint256 n = scope.length / _ENTRY_BYTES;
        uint256 cumulative = 0;
        uint256 allocated = 0;
        for (uint256 i = 0; i < n; ++i) {
            uint256 entry;
            assembly ("memory-safe") {
                entry := shr(208, mload(add(add(scope, 0x20), mul(i, 6))))
            }
            uint256 index = entry >> 32;
            cumulative += entry & 0xffffffff;
            uint256 upTo = (uint256(amount) * cumulative) / total;
            uint32 unitId = uint32(_accounts[communityId][index]);
            _setBalance(communityId, index, uint256(_balanceAt(communityId, index)) + (upTo - allocated), unitId);
            allocated = upTo;
        }
    }

    function _openWithFirstDeposit(
        uint256 communityId,
        Book storage b,
        DepositLine calldata line,
        uint64 rate
    ) private returns (uint256 index) {
        uint256 plusOne = _indexOf[communityId][line.unitId];
        uint256 record;
        if (plusOne == 0) {
            (bool exists, uint32 buildingId, uint64 areaCm2, , , ) = _unitOf(communityId, line.unitId);
            if (!exists) revert FundUnknownUnit(line.unitId);
            if (areaCm2 > type(uint32).max) revert FundAreaTooLarge(line.unitId, areaCm2);
            index = b.accountCount;
            if (index >= MAX_ACCOUNTS) revert FundTooManyAccounts(communityId);
            b.accountCount = uint32(index + 1);
            _indexOf[communityId][line.unitId] = index + 1;
            record = _OPENED | (uint256(areaCm2) << 64) | (uint256(buildingId) << 32) | line.unitId;
            emit AccountOpened(communityId, line.unitId, uint16(index), buildingId, uint32(areaCm2));
        } else {
            index = plusOne - 1;
            record = _accounts[communityId][index];
            if (record & _CLOSED != 0) revert FundAccountClosed(line.unitId);
            if (record & _FIRST_DONE != 0) revert FundFirstDepositDone(line.unitId);
        }
        // First deposit = area (cm²) × rate (fen per m²) / 100, rounded half up to the fen.
        uint64 expected = uint64((uint256(uint32(record >> 64)) * rate + 50) / 100);
        if (line.amountFen != expected) revert FundFirstDepositMismatch(line.unitId, expected, line.amountFen);
        _accounts[communityId][index] = record | _FIRST_DONE | (uint256(expected) << 96);
    }

    function _unitOf(
        uint256 communityId,
        uint32 unitId
    ) private view returns (bool, uint32, uint64, ICommunityRegistry.AreaSource, ICommunityRegistry.UnitKind, bool) {
        return IRegistryUnits(address(registry)).unitOf(communityId, unitId);
    }

    /// @dev The index of an open account with its first deposit made.
    function _openIndex(uint256 communityId, uint32 unitId) private view returns (uint256 index) {
        uint256 plusOne = _indexOf[communityId][unitId];
        if (plusOne == 0) revert FundNoFirstDeposit(unitId);
        index = plusOne - 1;
        uint256 record = _accounts[communityId][index];
        if (record & _CLOSED != 0) revert FundAccountClosed(unitId);
        if (record & _FIRST_DONE == 0) revert FundNoFirstDeposit(unitId);
    }

    function _balanceAt(uint256 communityId, uint256 index) private view returns (uint64) {
        return uint64((_balances[communityId][index >> 3] >> ((index & 7) * 32)) & 0xffffffff);
    }

    function _setBalance(uint256 communityId, uint256 index, uint256 value, uint32 unitId) private {
        if (value > type(uint32).max) revert FundBalanceOverflow(unitId);
        uint256 shift = (index & 7) * 32;
        uint256 w = _balances[communityId][index >> 3];
        _balances[communityId][index >> 3] = (w & ~(uint256(0xffffffff) << shift)) | (value << shift);
    }
}

/// @dev The registry's unit view (not part of ICommunityRegistry's module interface).
interface IRegistryUnits {
    function unitOf(
        uint256 communityId,
        uint32 unitId
    )
        external
        view
        returns (
            bool exists,
            uint32 buildingId,
            uint64 areaCm2,
            ICommunityRegistry.AreaSource source,
            ICommunityRegistry.UnitKind kind,
            bool developerHeld
        );
}
