// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {CommonBase, Test} from "./lib/Test.sol";
import {CommunityRegistry} from "../../contracts/CommunityRegistry.sol";
import {OwnerVoting} from "../../contracts/OwnerVoting.sol";
import {FundLedger} from "../../contracts/FundLedger.sol";
import {ICommunityRegistry} from "../../contracts/interfaces/ICommunityRegistry.sol";
import {IOwnerVoting} from "../../contracts/interfaces/IOwnerVoting.sol";
import {IFundLedger} from "../../contracts/interfaces/IFundLedger.sol";

/*
 * Invariant tests of FundLedger (the maintenance fund), following RegistryInvariants.t.sol.
 *
 * One community: a 3-of-5 committee, three buildings, 24 units of varied areas (two large shops,
 * three developer-held), the custodian, fund settings and every unit's first deposit. Six owner
 * votes are run in setUp on a three-entry roll whose voters' keys the test holds: five pass
 * (fund use of building 1, building 2, units of building 3, the whole community; another major
 * matter of the whole community, for moving common income) and one fund use is rejected.
 *
 * The handler performs every fund movement with real signatures (committee, custodian,
 * supervisor) and keeps a model of the fund: each account's balance (payments, interest and
 * common income apportioned by the running-total rule, as the contract documents), the totals,
 * each plan's committed / posted / held amounts and each payment's status. Before each call it
 * computes from the model whether the call must succeed, or exactly which custom error it must
 * revert with; anything else fails the run (`fail_on_revert`). Hostile attempts (too few
 * signatures, wrong signer, failed proposal, altered scope, replays) must all revert.
 */

/// @dev Keys and EIP-712 signing shared by the set-up and the handler.
abstract contract FundActors is CommonBase {
    uint256 internal constant ADMIN_KEY = 0xA11CE;
    uint256 internal constant SUPERVISOR_KEY = 0x5E7;
    uint256 internal constant CUSTODIAN_KEY = 0xC057;
    uint256 internal constant MEMBER_KEY_BASE = 0xC0111; // members: BASE + 1 .. BASE + 5
    uint256 internal constant VOTER_KEY_BASE = 0xB0700; // voters: BASE + 1 .. BASE + 3
    uint8 internal constant THRESHOLD = 3;
    uint64 internal constant SIGNATURE_LIFETIME = 1 days;

    uint256 private _saltNonce;

    /// @dev The five members' keys, ascending by address (the registry wants ascending signers).
    function _memberKeysSorted() internal pure returns (uint256[] memory keys) {
        keys = new uint256[](5);
        for (uint256 i = 0; i < 5; ++i) keys[i] = MEMBER_KEY_BASE + 1 + i;
        for (uint256 i = 1; i < keys.length; ++i) {
            for (uint256 j = i; j > 0 && vm.addr(keys[j]) < vm.addr(keys[j - 1]); --j) {
                (keys[j], keys[j - 1]) = (keys[j - 1], keys[j]);
            }
        }
    }

    function _salt() internal returns (bytes32) {
        return keccak256(abi.encode("fund salt", address(this), ++_saltNonce));
    }

    /// @dev `n` signatures of the first `n` members (ascending).
    function _committeeAuth(
        CommunityRegistry registry,
        uint256 communityId,
        uint8 kind,
        bytes32 payloadHash,
        uint256 n
    ) internal returns (ICommunityRegistry.CommitteeAuth memory auth) {
        uint256[] memory keys = _memberKeysSorted();
        auth.salt = _salt();
        auth.deadline = uint64(block.timestamp) + SIGNATURE_LIFETIME;
        bytes32 digest = registry.committeeActionDigest(communityId, kind, payloadHash, auth.salt, auth.deadline);
        auth.signatures = new bytes[](n);
        for (uint256 i = 0; i < n; ++i) auth.signatures[i] = signDigest(keys[i], digest);
    }

    function _supervisorAuth(
        CommunityRegistry registry,
        uint8 kind,
        bytes32 payloadHash,
        uint256 key
    ) internal returns (ICommunityRegistry.SupervisorAuth memory auth) {
        auth.salt = _salt();
        auth.deadline = uint64(block.timestamp) + SIGNATURE_LIFETIME;
        auth.signature = signDigest(key, registry.supervisorActionDigest(kind, payloadHash, auth.salt, auth.deadline));
    }

    function _custodianAuth(
        CommunityRegistry registry,
        uint256 communityId,
        uint8 kind,
        bytes32 payloadHash,
        uint256 key
    ) internal returns (ICommunityRegistry.SupervisorAuth memory auth) {
        auth.salt = _salt();
        auth.deadline = uint64(block.timestamp) + SIGNATURE_LIFETIME;
        auth.signature = signDigest(
            key,
            registry.custodianActionDigest(communityId, kind, payloadHash, auth.salt, auth.deadline)
        );
    }

    function _selectorOf(bytes memory reason) internal pure returns (bytes4 selector) {
        if (reason.length < 4) return bytes4(0);
        assembly {
            selector := mload(add(reason, 32))
        }
    }

    /// @dev Bubbles up a revert reason (the handler's unexpected failures keep their cause).
    function _bubble(bytes memory reason) internal pure {
        assembly {
            revert(add(reason, 32), mload(reason))
        }
    }
}

contract FundHandler is FundActors {
    CommunityRegistry public immutable registry;
    OwnerVoting public immutable voting;
    FundLedger public immutable fund;
    uint256 public immutable communityId;

    uint256 internal constant MAX_PLANS = 12;
    uint256 internal constant LANE_MAX = type(uint32).max;

    /// @dev The voted proposals the handler may use (set once by the test).
    struct Proposals {
        uint256 building1;
        uint256 building2;
        uint256 units3; // units 3001..3003
        uint256 community; // fund use, whole community
        uint256 otherMatter; // another major matter, whole community
        uint256 failed; // fund use, whole community, rejected
    }

    struct PlanGhost {
        uint256 planId;
        uint256 proposalId;
        IFundLedger.PlanKind kind;
        uint64 budget;
        uint64 area;
        bytes scope;
        uint16[] accounts;
        bytes32 proposalScopeHash; // keccak256(abi.encode(scopeKind, scopeIds)) as approved
        uint64 committed;
        uint64 posted;
        uint64 held;
        uint32 payments;
    }

    struct DepositGhost {
        uint64 entryId;
        bool reversed;
        IFundLedger.DepositLine[] lines;
    }

    Proposals internal _p;
    IFundLedger.FundSettings internal _settings;

    // Accounts, by account index (the order of the first deposits).
    uint32[] internal _unitId;
    uint32[] internal _building;
    uint64[] internal _area;
    bool[] internal _closed;
    uint64[] internal _bal; // the model's balance of each account

    PlanGhost[] internal _plans;
    DepositGhost[] internal _deposits;
    mapping(uint256 paymentId => IFundLedger.PaymentStatus) public ghostPaymentStatus;
    mapping(uint256 proposalId => bool) internal _commonMoved;

    // Totals of the model (fen).
    uint64 public ghostDeposited;
    uint64 public ghostIncome;
    uint64 public ghostCommonIncome;
    uint64 public ghostPaidOut;
    uint64 public ghostReversed;
    uint64 public ghostRefunded;
    uint64 public ghostCommonBalance;

    // Outcome counters.
    uint256 public ghostHostileAttempts;
    uint256 public ghostHostileSucceeded; // must stay 0
    uint256 public ghostSettledTwiceRejected;
    uint256 public ghostPaymentsPosted;
    uint256 public ghostPaymentsVoided;
    uint256 public ghostExpectedReverts; // invalid actions refused with the expected error

    // The last successful payment request, byte for byte, for the replay attempt.
    bytes internal _lastRequestCall;
    uint256 internal _lastRequestPlanIndex;
    uint32 internal _lastRequestSeq;
    // The last successful deposit, byte for byte, with its custodian digest and deadline.
    bytes internal _lastDepositCall;
    bytes32 internal _lastDepositDigest;
    uint64 internal _lastDepositDeadline;

    constructor(
        CommunityRegistry registry_,
        OwnerVoting voting_,
        FundLedger fund_,
        uint256 communityId_,
        Proposals memory proposals,
        uint32[] memory unitIds,
        uint32[] memory buildings,
        uint64[] memory areas
    ) {
        registry = registry_;
        voting = voting_;
        fund = fund_;
        communityId = communityId_;
        _p = proposals;
        _settings = fund_.settingsOf(communityId_);
        IFundLedger.Totals memory t = fund_.totalsOf(communityId_);
        ghostDeposited = t.deposited;
        for (uint256 i = 0; i < unitIds.length; ++i) {
            _unitId.push(unitIds[i]);
            _building.push(buildings[i]);
            _area.push(areas[i]);
            _closed.push(false);
            (, , , uint64 balance, , ) = fund_.accountOf(communityId_, unitIds[i]);
            _bal.push(balance);
        }
    }

    // ═════════════════════════════════════════════ custodian actions

    /// @notice Top-up deposits (续筹) into one to three accounts. Refused for a closed account
    /// (FundAccountClosed) or when a balance would pass 32 bits (FundBalanceOverflow).
    function topUp(uint256 unitSeed, uint256 amountSeed, uint8 count) public {
        uint256 n = bound(count, 1, 3);
        uint256 accounts = _unitId.length;
        IFundLedger.DepositLine[] memory lines = new IFundLedger.DepositLine[](n);
        uint256 first = bound(unitSeed, 0, accounts - 1);
        bytes memory expected;
        for (uint256 i = 0; i < n; ++i) {
            uint256 idx = (first + 7 * i) % accounts; // 7 and 24 are coprime: distinct accounts
            uint64 amount = uint64(bound(uint64(amountSeed >> (64 * i)), 1, 1_500_000_000));
            lines[i] = IFundLedger.DepositLine({unitId: _unitId[idx], amountFen: amount});
            if (expected.length == 0) {
                if (_closed[idx]) expected = abi.encodeWithSelector(IFundLedger.FundAccountClosed.selector, _unitId[idx]);
                else if (uint256(_bal[idx]) + amount > LANE_MAX) {
                    expected = abi.encodeWithSelector(IFundLedger.FundBalanceOverflow.selector, _unitId[idx]);
                }
            }
        }
        bytes32 bank = keccak256(abi.encode("deposit", amountSeed));
        IFundLedger.DepositKind kind = IFundLedger.DepositKind.TopUp;
        bytes32 payloadHash = keccak256(abi.encode(communityId, kind, lines, bank));
        ICommunityRegistry.SupervisorAuth memory auth = _custodianAuth(
            registry,
            communityId,
            fund.RECORD_DEPOSITS(),
            payloadHash,
            CUSTODIAN_KEY
        );
        bytes memory data = abi.encodeCall(fund.recordDeposits, (communityId, kind, lines, bank, auth));
        if (!_call(data, expected)) return;

        uint64 total = 0;
        for (uint256 i = 0; i < n; ++i) {
            uint256 idx = (first + 7 * i) % accounts;
            _bal[idx] += lines[i].amountFen;
            total += lines[i].amountFen;
        }
        ghostDeposited += total;
        DepositGhost storage d = _deposits.push();
        d.entryId = fund.totalsOf(communityId).entryCount;
        for (uint256 i = 0; i < n; ++i) d.lines.push(lines[i]);
        _lastDepositCall = data;
        _lastDepositDigest = registry.custodianActionDigest(
            communityId,
            fund.RECORD_DEPOSITS(),
            payloadHash,
            auth.salt,
            auth.deadline
        );
        _lastDepositDeadline = auth.deadline;
    }

    /// @notice Reverses a top-up entry in full. Refused if already reversed (FundEntryReversed)
    /// or if an account no longer holds its line (FundInsufficientBalance).
    function reverseDeposit(uint256 entrySeed) public {
        if (_deposits.length == 0) return;
        DepositGhost storage d = _deposits[bound(entrySeed, 0, _deposits.length - 1)];
        IFundLedger.DepositLine[] memory lines = d.lines;
        bytes memory expected;
        if (d.reversed) {
            expected = abi.encodeWithSelector(IFundLedger.FundEntryReversed.selector, d.entryId);
        } else {
            for (uint256 i = 0; i < lines.length && expected.length == 0; ++i) {
                uint64 balance = _bal[_indexOf(lines[i].unitId)];
                if (balance < lines[i].amountFen) {
                    expected = abi.encodeWithSelector(IFundLedger.FundInsufficientBalance.selector, lines[i].unitId, balance, lines[i].amountFen);
                }
            }
        }
        bytes32 bank = keccak256(abi.encode("reversal", entrySeed));
        ICommunityRegistry.SupervisorAuth memory auth = _custodianAuth(
            registry,
            communityId,
            fund.REVERSE_DEPOSIT(),
            keccak256(abi.encode(communityId, d.entryId, bank)),
            CUSTODIAN_KEY
        );
        bytes memory data = abi.encodeCall(
            fund.reverseDeposit,
            (communityId, d.entryId, IFundLedger.DepositKind.TopUp, lines, bank, auth)
        );
        if (!_call(data, expected)) return;
        uint64 total = 0;
        for (uint256 i = 0; i < lines.length; ++i) {
            _bal[_indexOf(lines[i].unitId)] -= lines[i].amountFen;
            total += lines[i].amountFen;
        }
        d.reversed = true;
        ghostReversed += total;
    }

    /// @notice Interest allocated to every account pro rata to its balance (running total).
    function interest(uint256 amountSeed) public {
        uint64 amount = uint64(bound(amountSeed, 1, 5_000_000));
        uint256 weight = 0;
        for (uint256 i = 0; i < _bal.length; ++i) weight += _bal[i];
        bytes memory expected;
        uint64[] memory next = new uint64[](_bal.length);
        if (weight == 0) {
            expected = abi.encodeWithSelector(IFundLedger.FundInvalidAmount.selector);
        } else {
            uint256 cumulative = 0;
            uint256 allocated = 0;
            for (uint256 i = 0; i < _bal.length; ++i) {
                cumulative += _bal[i];
                uint256 upTo = (uint256(amount) * cumulative) / weight;
                uint256 v = _bal[i] + (upTo - allocated);
                allocated = upTo;
                if (v > LANE_MAX && expected.length == 0) {
                    expected = abi.encodeWithSelector(IFundLedger.FundBalanceOverflow.selector, _unitId[i]);
                }
                next[i] = uint64(v);
            }
            require(allocated == amount, "model: interest parts do not add up");
        }
        bytes32 bank = keccak256(abi.encode("interest", amountSeed));
        ICommunityRegistry.SupervisorAuth memory auth = _custodianAuth(
            registry,
            communityId,
            fund.RECORD_INTEREST(),
            keccak256(abi.encode(communityId, amount, bank)),
            CUSTODIAN_KEY
        );
        if (!_call(abi.encodeCall(fund.recordInterest, (communityId, amount, bank, auth)), expected)) return;
        for (uint256 i = 0; i < _bal.length; ++i) _bal[i] = next[i];
        ghostIncome += amount;
    }

    /// @notice Common-parts income (ads, parking) into the common account.
    function commonIncome(uint256 amountSeed) public {
        uint64 amount = uint64(bound(amountSeed, 1, 10_000_000));
        bytes32 source = keccak256(abi.encode("source", amountSeed));
        bytes32 bank = keccak256(abi.encode("common", amountSeed));
        ICommunityRegistry.SupervisorAuth memory auth = _custodianAuth(
            registry,
            communityId,
            fund.RECORD_COMMON_INCOME(),
            keccak256(abi.encode(communityId, amount, source, bank)),
            CUSTODIAN_KEY
        );
        _call(abi.encodeCall(fund.recordCommonIncome, (communityId, amount, source, bank, auth)), "");
        ghostCommonIncome += amount;
        ghostCommonBalance += amount;
    }

    /// @notice Posts the plan's latest payment. If it is not held (already posted or voided) the
    /// post must be refused with FundPaymentNotHeld naming its status: a payment settles once.
    function postPayment(uint256 planSeed, uint256 bankSeed) public {
        if (_plans.length == 0) return;
        PlanGhost storage p = _plans[bound(planSeed, 0, _plans.length - 1)];
        if (p.payments == 0) return;
        uint256 paymentId = (p.planId << 32) | p.payments;
        IFundLedger.PaymentStatus status = ghostPaymentStatus[paymentId];
        bytes memory expected;
        if (status != IFundLedger.PaymentStatus.Held) {
            expected = abi.encodeWithSelector(IFundLedger.FundPaymentNotHeld.selector, paymentId, status);
        }
        bytes32 bank = keccak256(abi.encode("transfer", bankSeed));
        ICommunityRegistry.SupervisorAuth memory auth = _custodianAuth(
            registry,
            communityId,
            fund.POST_PAYMENT(),
            keccak256(abi.encode(paymentId, bank)),
            CUSTODIAN_KEY
        );
        if (!_call(abi.encodeCall(fund.postPayment, (paymentId, bank, auth)), expected)) {
            ghostSettledTwiceRejected++;
            return;
        }
        p.posted += p.held;
        ghostPaidOut += p.held;
        p.held = 0;
        ghostPaymentStatus[paymentId] = IFundLedger.PaymentStatus.Posted;
        ghostPaymentsPosted++;
    }

    /// @notice Voids the plan's latest payment: each unit gets its share back. Refused, as for
    /// posting, if the payment is already settled.
    function voidPayment(uint256 planSeed, uint256 bankSeed) public {
        if (_plans.length == 0) return;
        uint256 k = bound(planSeed, 0, _plans.length - 1);
        PlanGhost storage p = _plans[k];
        if (p.payments == 0) return;
        uint256 paymentId = (p.planId << 32) | p.payments;
        IFundLedger.PaymentStatus status = ghostPaymentStatus[paymentId];
        bytes memory expected;
        uint64[] memory shares;
        if (status != IFundLedger.PaymentStatus.Held) {
            expected = abi.encodeWithSelector(IFundLedger.FundPaymentNotHeld.selector, paymentId, status);
        } else {
            shares = _shares(p, p.held);
            for (uint256 i = 0; i < shares.length && expected.length == 0; ++i) {
                uint16 idx = p.accounts[i];
                if (uint256(_bal[idx]) + shares[i] > LANE_MAX) {
                    expected = abi.encodeWithSelector(IFundLedger.FundBalanceOverflow.selector, _unitId[idx]);
                }
            }
        }
        bytes32 bank = keccak256(abi.encode("void", bankSeed));
        ICommunityRegistry.SupervisorAuth memory auth = _custodianAuth(
            registry,
            communityId,
            fund.VOID_PAYMENT(),
            keccak256(abi.encode(paymentId, bank)),
            CUSTODIAN_KEY
        );
        if (!_call(abi.encodeCall(fund.voidPayment, (paymentId, p.scope, bank, auth)), expected)) {
            if (status != IFundLedger.PaymentStatus.Held) ghostSettledTwiceRejected++;
            return;
        }
        for (uint256 i = 0; i < shares.length; ++i) {
            uint16 idx = p.accounts[i];
            _bal[idx] += shares[i];
            // A unit refunded while the payment was held: its share follows its money out.
            if (_closed[idx]) {
                ghostRefunded += _bal[idx];
                _bal[idx] = 0;
            }
        }
        p.committed -= p.held;
        p.held = 0;
        ghostPaymentStatus[paymentId] = IFundLedger.PaymentStatus.Voided;
        ghostPaymentsVoided++;
    }

    /// @notice Refunds a unit's whole balance and closes its account (a demolished unit).
    function refundUnit(uint256 unitSeed, uint256 bankSeed) public {
        uint256 idx = bound(unitSeed, 0, _unitId.length - 1);
        uint32 unitId = _unitId[idx];
        bytes memory expected;
        if (_closed[idx]) expected = abi.encodeWithSelector(IFundLedger.FundAccountClosed.selector, unitId);
        bytes32 bank = keccak256(abi.encode("refund", bankSeed));
        ICommunityRegistry.SupervisorAuth memory auth = _custodianAuth(
            registry,
            communityId,
            fund.REFUND_UNIT(),
            keccak256(abi.encode(communityId, unitId, bank)),
            CUSTODIAN_KEY
        );
        if (!_call(abi.encodeCall(fund.refundUnit, (communityId, unitId, bank, auth)), expected)) return;
        ghostRefunded += _bal[idx];
        _bal[idx] = 0;
        _closed[idx] = true;
    }

    // ═════════════════════════════════════════════ committee actions

    /// @notice Moves common income to units on a passed whole-community vote, once per vote. The
    /// rejected vote is a hostile attempt (FundProposalNotPassed).
    function moveCommonIncome(uint256 proposalSeed, uint256 amountSeed, uint24 mask) public {
        uint256 which = proposalSeed % 3;
        uint256 proposalId = which == 0 ? _p.community : which == 1 ? _p.otherMatter : _p.failed;
        uint16[] memory accounts = _openAccounts(mask, 0, 0, new uint32[](0));
        if (accounts.length == 0) return;
        uint64 amount = uint64(bound(amountSeed, 1, uint256(ghostCommonBalance) + 1_000));
        bytes memory expected;
        uint64[] memory shares;
        if (proposalId == _p.failed) {
            expected = abi.encodeWithSelector(IFundLedger.FundProposalNotPassed.selector, proposalId);
        } else if (_commonMoved[proposalId]) {
            expected = abi.encodeWithSelector(IFundLedger.FundInvalidPlan.selector);
        } else if (amount > ghostCommonBalance) {
            expected = abi.encodeWithSelector(IFundLedger.FundInsufficientCommon.selector, ghostCommonBalance, amount);
        } else {
            (shares, expected) = _credit(accounts, amount);
        }
        ICommunityRegistry.CommitteeAuth memory auth = _committeeAuth(
            registry,
            communityId,
            fund.MOVE_COMMON_INCOME(),
            keccak256(abi.encode(communityId, proposalId, amount, accounts)),
            THRESHOLD
        );
        bytes memory data = abi.encodeCall(fund.moveCommonIncome, (communityId, proposalId, amount, accounts, auth));
        if (proposalId == _p.failed) {
            _hostile(data, expected);
            return;
        }
        if (!_call(data, expected)) return;
        for (uint256 i = 0; i < accounts.length; ++i) _bal[accounts[i]] += shares[i];
        ghostCommonBalance -= amount;
        _commonMoved[proposalId] = true;
    }

    /// @notice Creates a plan from one of the passed fund-use votes (once per vote: a second plan
    /// from the same vote is refused with FundInvalidPlan), on open units of its scope.
    function createPlan(uint256 proposalSeed, uint256 budgetSeed, uint24 mask) public {
        if (_plans.length >= MAX_PLANS) return;
        uint256 which = proposalSeed % 4;
        (IFundLedger.PlanInput memory input, bytes32 scopeHash) = _votedPlanInput(which, budgetSeed, mask);
        if (input.accounts.length == 0) return;
        bytes memory expected;
        if (fund.planOfProposal(input.terms.proposalId) != 0) expected = abi.encodeWithSelector(IFundLedger.FundInvalidPlan.selector);
        ICommunityRegistry.CommitteeAuth memory auth = _committeeAuth(
            registry,
            communityId,
            fund.CREATE_PLAN(),
            keccak256(abi.encode(input)),
            THRESHOLD
        );
        if (!_call(abi.encodeCall(fund.createPlan, (input, auth)), expected)) return;
        _recordPlan(input, IFundLedger.PlanKind.Voted, scopeHash);
    }

    /// @notice Creates an emergency plan, signed by the committee and the supervisor. A budget
    /// over the community's emergency cap is refused (FundEmergencyOverCap).
    function createEmergencyPlan(uint256 scopeSeed, uint256 budgetSeed, uint24 mask) public {
        if (_plans.length >= MAX_PLANS) return;
        IFundLedger.PlanInput memory input = _emergencyInput(scopeSeed, budgetSeed, mask);
        if (input.accounts.length == 0) return;
        bytes memory expected;
        if (input.terms.budgetFen > _settings.emergencyCapFen) {
            expected = abi.encodeWithSelector(IFundLedger.FundEmergencyOverCap.selector, input.terms.budgetFen, _settings.emergencyCapFen);
        }
        bytes32 payloadHash = keccak256(abi.encode(input));
        ICommunityRegistry.CommitteeAuth memory auth = _committeeAuth(
            registry,
            communityId,
            fund.CREATE_EMERGENCY_PLAN(),
            payloadHash,
            THRESHOLD
        );
        ICommunityRegistry.SupervisorAuth memory sup = _supervisorAuth(
            registry,
            fund.CREATE_EMERGENCY_PLAN(),
            payloadHash,
            SUPERVISOR_KEY
        );
        if (!_call(abi.encodeCall(fund.createEmergencyPlan, (input, auth, sup)), expected)) return;
        _recordPlan(input, IFundLedger.PlanKind.Emergency, bytes32(0));
    }

    /// @notice Requests a payment on a random plan; the amount is small, up to 120 % of the
    /// budget (over the 110 % cap), exactly the rest of the cap, or up to 200 yuan million (over
    /// the balances). The model predicts FundPaymentPending, FundOverBudget or the first
    /// FundInsufficientBalance, or the exact shares taken.
    function requestPayment(uint256 planSeed, uint256 amountSeed, uint8 mode) public {
        if (_plans.length == 0) return;
        uint256 k = bound(planSeed, 0, _plans.length - 1);
        PlanGhost storage p = _plans[k];
        uint64 amount = _paymentAmount(p, amountSeed, mode);
        IFundLedger.PaymentInput memory input = IFundLedger.PaymentInput({
            planId: p.planId,
            seq: p.payments + 1,
            amountFen: amount,
            invoiceHash: keccak256(abi.encode("invoice", amountSeed)),
            acceptanceHash: amountSeed % 3 == 0 ? keccak256(abi.encode("acceptance", amountSeed)) : bytes32(0)
        });
        (bytes memory expected, uint64[] memory shares) = _expectedRequest(p, amount);
        ICommunityRegistry.CommitteeAuth memory auth = _committeeAuth(
            registry,
            communityId,
            fund.REQUEST_PAYMENT(),
            keccak256(abi.encode(input)),
            THRESHOLD
        );
        bytes memory data = abi.encodeCall(fund.requestPayment, (input, p.scope, auth));
        if (!_call(data, expected)) return;
        for (uint256 i = 0; i < shares.length; ++i) _bal[p.accounts[i]] -= shares[i];
        p.committed += amount;
        p.held = amount;
        p.payments += 1;
        uint256 paymentId = (p.planId << 32) | p.payments;
        require(ghostPaymentStatus[paymentId] == IFundLedger.PaymentStatus.None, "model: payment id reused");
        ghostPaymentStatus[paymentId] = IFundLedger.PaymentStatus.Held;
        _lastRequestCall = data;
        _lastRequestPlanIndex = k;
        _lastRequestSeq = input.seq;
    }

    /// @notice Time passes (signatures stay valid for a day; the replayed ones may expire).
    function warp(uint256 seconds_) public {
        vm.warp(block.timestamp + bound(seconds_, 1, 3 days));
    }

    // ═════════════════════════════════════════════ hostile attempts (all must revert)

    /// @notice A payment request with only THRESHOLD - 1 committee signatures.
    function hostileRequestBelowThreshold(uint256 planSeed) public {
        (bool found, uint256 k) = _planWithoutHold(planSeed);
        if (!found) return;
        PlanGhost storage p = _plans[k];
        IFundLedger.PaymentInput memory input = _smallPayment(p);
        ICommunityRegistry.CommitteeAuth memory auth = _committeeAuth(
            registry,
            communityId,
            fund.REQUEST_PAYMENT(),
            keccak256(abi.encode(input)),
            THRESHOLD - 1
        );
        _hostile(
            abi.encodeCall(fund.requestPayment, (input, p.scope, auth)),
            abi.encodeWithSelector(ICommunityRegistry.RegistryBelowThreshold.selector, uint256(THRESHOLD - 1), THRESHOLD)
        );
    }

    /// @notice A held payment posted with a committee member's signature instead of the custodian's.
    function hostilePostByMember(uint256 planSeed, uint256 memberSeed) public {
        if (_plans.length == 0) return;
        PlanGhost storage p = _plans[bound(planSeed, 0, _plans.length - 1)];
        if (p.held == 0) return;
        uint256 paymentId = (p.planId << 32) | p.payments;
        uint256 memberKey = MEMBER_KEY_BASE + 1 + bound(memberSeed, 0, 4);
        bytes32 bank = keccak256(abi.encode("forged transfer", memberSeed));
        ICommunityRegistry.SupervisorAuth memory auth = _custodianAuth(
            registry,
            communityId,
            fund.POST_PAYMENT(),
            keccak256(abi.encode(paymentId, bank)),
            memberKey
        );
        _hostile(
            abi.encodeCall(fund.postPayment, (paymentId, bank, auth)),
            abi.encodeWithSelector(ICommunityRegistry.RegistryNotCustodian.selector, vm.addr(memberKey))
        );
    }

    /// @notice An emergency plan signed by the committee, but by a member (or the custodian) in
    /// the supervisor's place.
    function hostileEmergencyWithoutSupervisor(uint256 scopeSeed, uint256 budgetSeed, uint24 mask) public {
        IFundLedger.PlanInput memory input = _emergencyInput(scopeSeed, budgetSeed, mask);
        if (input.accounts.length == 0) return;
        input.terms.budgetFen = uint64(bound(budgetSeed, 1, _settings.emergencyCapFen));
        bytes32 payloadHash = keccak256(abi.encode(input));
        ICommunityRegistry.CommitteeAuth memory auth = _committeeAuth(
            registry,
            communityId,
            fund.CREATE_EMERGENCY_PLAN(),
            payloadHash,
            THRESHOLD
        );
        uint256 impostor = scopeSeed % 2 == 0 ? CUSTODIAN_KEY : MEMBER_KEY_BASE + 1 + bound(budgetSeed, 0, 4);
        ICommunityRegistry.SupervisorAuth memory sup = _supervisorAuth(
            registry,
            fund.CREATE_EMERGENCY_PLAN(),
            payloadHash,
            impostor
        );
        _hostile(
            abi.encodeCall(fund.createEmergencyPlan, (input, auth, sup)),
            abi.encodeWithSelector(ICommunityRegistry.RegistryNotSupervisor.selector, vm.addr(impostor))
        );
    }

    /// @notice A plan from the rejected fund-use vote, fully signed.
    function hostilePlanFromFailedProposal(uint256 budgetSeed, uint24 mask) public {
        (IFundLedger.PlanInput memory input, ) = _votedPlanInput(3, budgetSeed, mask);
        if (input.accounts.length == 0) return;
        input.terms.proposalId = _p.failed;
        ICommunityRegistry.CommitteeAuth memory auth = _committeeAuth(
            registry,
            communityId,
            fund.CREATE_PLAN(),
            keccak256(abi.encode(input)),
            THRESHOLD
        );
        _hostile(
            abi.encodeCall(fund.createPlan, (input, auth)),
            abi.encodeWithSelector(IFundLedger.FundProposalNotPassed.selector, _p.failed)
        );
    }

    /// @notice A payment request (or a void) with the plan's scope bytes altered: an area
    /// changed, an entry dropped, or an entry duplicated. Refused with FundInvalidScope.
    function hostileAlteredScope(uint256 planSeed, uint256 how) public {
        (bool found, uint256 k) = _planWithoutHold(planSeed);
        if (!found) return;
        PlanGhost storage p = _plans[k];
        bytes memory scope = _alter(p.scope, how);
        IFundLedger.PaymentInput memory input = _smallPayment(p);
        ICommunityRegistry.CommitteeAuth memory auth = _committeeAuth(
            registry,
            communityId,
            fund.REQUEST_PAYMENT(),
            keccak256(abi.encode(input)),
            THRESHOLD
        );
        _hostile(
            abi.encodeCall(fund.requestPayment, (input, scope, auth)),
            abi.encodeWithSelector(IFundLedger.FundInvalidScope.selector)
        );
    }

    /// @notice A held payment voided with altered scope bytes (its units would get other shares).
    function hostileVoidAlteredScope(uint256 planSeed, uint256 how) public {
        if (_plans.length == 0) return;
        PlanGhost storage p = _plans[bound(planSeed, 0, _plans.length - 1)];
        if (p.held == 0) return;
        uint256 paymentId = (p.planId << 32) | p.payments;
        bytes32 bank = keccak256(abi.encode("void", how));
        ICommunityRegistry.SupervisorAuth memory auth = _custodianAuth(
            registry,
            communityId,
            fund.VOID_PAYMENT(),
            keccak256(abi.encode(paymentId, bank)),
            CUSTODIAN_KEY
        );
        _hostile(
            abi.encodeCall(fund.voidPayment, (paymentId, _alter(p.scope, how), bank, auth)),
            abi.encodeWithSelector(IFundLedger.FundInvalidScope.selector)
        );
    }

    /// @notice Sends the last executed payment request again, same input and signatures: refused
    /// with FundWrongSeq. Or the last deposit again: refused as a replay (or as expired).
    function hostileReplay(uint256 which) public {
        if (which % 2 == 0 && _lastRequestCall.length != 0) {
            PlanGhost storage p = _plans[_lastRequestPlanIndex];
            _hostile(
                _lastRequestCall,
                abi.encodeWithSelector(IFundLedger.FundWrongSeq.selector, p.planId, p.payments + 1, _lastRequestSeq)
            );
        } else if (_lastDepositCall.length != 0) {
            bytes memory expected = block.timestamp > _lastDepositDeadline
                ? abi.encodeWithSelector(ICommunityRegistry.RegistrySignatureExpired.selector, _lastDepositDeadline, block.timestamp)
                : abi.encodeWithSelector(ICommunityRegistry.RegistryActionReplayed.selector, _lastDepositDigest);
            _hostile(_lastDepositCall, expected);
        }
    }

    // ═════════════════════════════════════════════ views for the invariants

    function accountCount() external view returns (uint256) {
        return _unitId.length;
    }

    function ghostBalance(uint256 index) external view returns (uint64) {
        return _bal[index];
    }

    function isClosed(uint256 index) external view returns (bool) {
        return _closed[index];
    }

    function planGhostCount() external view returns (uint256) {
        return _plans.length;
    }

    function planGhost(
        uint256 i
    )
        external
        view
        returns (
            uint256 planId,
            uint256 proposalId,
            IFundLedger.PlanKind kind,
            uint64 committed,
            uint64 posted,
            uint64 held,
            uint32 payments,
            bytes32 proposalScopeHash,
            bytes32 scopeHash
        )
    {
        PlanGhost storage p = _plans[i];
        return (p.planId, p.proposalId, p.kind, p.committed, p.posted, p.held, p.payments, p.proposalScopeHash, keccak256(p.scope));
    }

    // ═════════════════════════════════════════════ helpers

    /// @dev Performs `data` on the fund: with `expected` empty it must succeed (returns true),
    /// otherwise it must revert with exactly `expected` (returns false).
    function _call(bytes memory data, bytes memory expected) internal returns (bool) {
        (bool ok, bytes memory reason) = address(fund).call(data);
        if (expected.length == 0) {
            if (!ok) _bubble(reason);
            return true;
        }
        require(!ok, "an invalid action succeeded");
        if (keccak256(reason) != keccak256(expected)) _bubble(reason); // the wrong error: show it
        ghostExpectedReverts++;
        return false;
    }

    function _hostile(bytes memory data, bytes memory expected) internal {
        ghostHostileAttempts++;
        (bool ok, bytes memory reason) = address(fund).call(data);
        if (ok) {
            ghostHostileSucceeded++;
            return;
        }
        if (keccak256(reason) != keccak256(expected)) _bubble(reason);
    }

    function _indexOf(uint32 unitId) internal view returns (uint256) {
        for (uint256 i = 0; i < _unitId.length; ++i) if (_unitId[i] == unitId) return i;
        revert("model: unknown unit");
    }

    /// @dev Open accounts (ascending index) selected by `mask` (all of them when it selects none)
    /// among those in the scope: kind 0 every account, 1 the buildings `ids`, 2 the units `ids`.
    function _openAccounts(
        uint24 mask,
        uint8 scopeKind,
        uint256,
        uint32[] memory ids
    ) internal view returns (uint16[] memory out) {
        uint16[] memory inScope = new uint16[](_unitId.length);
        uint256 n = 0;
        for (uint256 i = 0; i < _unitId.length; ++i) {
            if (_closed[i]) continue;
            if (scopeKind == 1 && !_has(ids, _building[i])) continue;
            if (scopeKind == 2 && !_has(ids, _unitId[i])) continue;
            inScope[n++] = uint16(i);
        }
        uint256 m = 0;
        uint16[] memory picked = new uint16[](n);
        for (uint256 j = 0; j < n; ++j) if ((mask >> (j % 24)) & 1 == 1) picked[m++] = inScope[j];
        if (m == 0) {
            picked = inScope;
            m = n;
        }
        out = new uint16[](m);
        for (uint256 j = 0; j < m; ++j) out[j] = picked[j];
    }

    function _has(uint32[] memory ids, uint32 id) internal pure returns (bool) {
        for (uint256 i = 0; i < ids.length; ++i) if (ids[i] == id) return true;
        return false;
    }

    function _terms(
        uint256 proposalId,
        IFundLedger.EmergencyCategory category,
        IOwnerVoting.ScopeKind scopeKind,
        uint32[] memory ids,
        uint64 budget
    ) internal pure returns (IFundLedger.PlanTerms memory) {
        return
            IFundLedger.PlanTerms({
                proposalId: proposalId,
                category: category,
                scopeKind: scopeKind,
                scopeIds: ids,
                budgetFen: budget,
                payee: "Shanghai Lift Repair Co.",
                textHash: keccak256(abi.encode("plan text", budget)),
                quoteHash: keccak256("quote"),
                contractHash: keccak256("contract")
            });
    }

    /// @dev The input of a plan from voted proposal `which` (0 building 1, 1 building 2, 2 units
    /// 3001..3003, 3 the whole community) and the proposal's scope hash.
    function _votedPlanInput(
        uint256 which,
        uint256 budgetSeed,
        uint24 mask
    ) internal view returns (IFundLedger.PlanInput memory input, bytes32 scopeHash) {
        uint256 proposalId;
        IOwnerVoting.ScopeKind kind;
        uint32[] memory ids;
        if (which == 0 || which == 1) {
            proposalId = which == 0 ? _p.building1 : _p.building2;
            kind = IOwnerVoting.ScopeKind.Buildings;
            ids = new uint32[](1);
            ids[0] = uint32(which + 1);
        } else if (which == 2) {
            proposalId = _p.units3;
            kind = IOwnerVoting.ScopeKind.Units;
            ids = new uint32[](3);
            (ids[0], ids[1], ids[2]) = (3001, 3002, 3003);
        } else {
            proposalId = _p.community;
            kind = IOwnerVoting.ScopeKind.Community;
            ids = new uint32[](0);
        }
        uint64 budget = uint64(bound(budgetSeed, 1, 30_000_000));
        input.communityId = communityId;
        input.terms = _terms(proposalId, IFundLedger.EmergencyCategory.None, kind, ids, budget);
        input.accounts = _openAccounts(mask, uint8(kind), 0, ids);
        scopeHash = keccak256(abi.encode(kind, ids));
    }

    /// @dev An emergency plan's input: the whole community, one building, or two units of it.
    function _emergencyInput(
        uint256 scopeSeed,
        uint256 budgetSeed,
        uint24 mask
    ) internal view returns (IFundLedger.PlanInput memory input) {
        uint256 s = scopeSeed % 3;
        IOwnerVoting.ScopeKind kind = IOwnerVoting.ScopeKind(s);
        uint32[] memory ids;
        if (s == 0) {
            ids = new uint32[](0);
        } else if (s == 1) {
            ids = new uint32[](1);
            ids[0] = uint32(1 + ((scopeSeed / 3) % 3));
        } else {
            ids = new uint32[](2);
            uint32 b = uint32(1 + ((scopeSeed / 3) % 3));
            (ids[0], ids[1]) = (b * 1000 + 2, b * 1000 + 5);
        }
        uint64 cap = _settings.emergencyCapFen;
        uint64 budget = uint64(bound(budgetSeed, 1, (uint256(cap) * 6) / 5)); // up to 120 % of the cap
        input.communityId = communityId;
        input.terms = _terms(0, IFundLedger.EmergencyCategory(1 + ((scopeSeed / 9) % 5)), kind, ids, budget);
        input.accounts = _openAccounts(mask, uint8(kind), 0, ids);
    }

    function _recordPlan(IFundLedger.PlanInput memory input, IFundLedger.PlanKind kind, bytes32 scopeHash) internal {
        PlanGhost storage p = _plans.push();
        p.planId = fund.planCount();
        p.proposalId = input.terms.proposalId;
        p.kind = kind;
        p.budget = input.terms.budgetFen;
        p.proposalScopeHash = scopeHash;
        bytes memory scope;
        uint64 area = 0;
        for (uint256 i = 0; i < input.accounts.length; ++i) {
            uint16 idx = input.accounts[i];
            p.accounts.push(idx);
            area += _area[idx];
            scope = bytes.concat(scope, bytes2(idx), bytes4(uint32(_area[idx])));
        }
        p.scope = scope;
        p.area = area;
        IFundLedger.PlanView memory v = fund.getPlan(p.planId);
        require(v.scopeHash == keccak256(scope), "model: the plan's scope is not the documented encoding");
        require(v.scopeAreaCm2 == area, "model: the plan's scope area");
    }

    /// @dev Each scope unit's share of `amount` by the running-total rule over the plan's areas.
    function _shares(PlanGhost storage p, uint64 amount) internal view returns (uint64[] memory shares) {
        shares = new uint64[](p.accounts.length);
        uint256 cumulative = 0;
        uint256 allocated = 0;
        for (uint256 i = 0; i < shares.length; ++i) {
            cumulative += _area[p.accounts[i]];
            uint256 upTo = (uint256(amount) * cumulative) / p.area;
            shares[i] = uint64(upTo - allocated);
            allocated = upTo;
        }
        require(allocated == amount, "model: shares do not add up");
    }

    /// @dev Shares of a credit of `amount` to `accounts` by area, and the overflow error if any.
    function _credit(
        uint16[] memory accounts,
        uint64 amount
    ) internal view returns (uint64[] memory shares, bytes memory expected) {
        uint256 total = 0;
        for (uint256 i = 0; i < accounts.length; ++i) total += _area[accounts[i]];
        shares = new uint64[](accounts.length);
        uint256 cumulative = 0;
        uint256 allocated = 0;
        for (uint256 i = 0; i < accounts.length; ++i) {
            cumulative += _area[accounts[i]];
            uint256 upTo = (uint256(amount) * cumulative) / total;
            shares[i] = uint64(upTo - allocated);
            allocated = upTo;
            if (expected.length == 0 && uint256(_bal[accounts[i]]) + shares[i] > LANE_MAX) {
                expected = abi.encodeWithSelector(IFundLedger.FundBalanceOverflow.selector, _unitId[accounts[i]]);
            }
        }
    }

    function _paymentAmount(PlanGhost storage p, uint256 seed, uint8 mode) internal view returns (uint64) {
        uint256 m = mode % 4;
        if (m == 0) return uint64(bound(seed, 1, p.budget / 4 + 1));
        if (m == 1) return uint64(bound(seed, 1, (uint256(p.budget) * 6) / 5 + 1));
        if (m == 2) return uint64(bound(seed, 1, 20_000_000_000));
        uint256 cap = (11 * uint256(p.budget)) / 10;
        return cap > p.committed ? uint64(cap - p.committed) : 1;
    }

    /// @dev The error a (correctly signed) request of `amount` must revert with, in the contract's
    /// documented order, or none and the shares it takes.
    function _expectedRequest(
        PlanGhost storage p,
        uint64 amount
    ) internal view returns (bytes memory expected, uint64[] memory shares) {
        if (p.held != 0) {
            return (abi.encodeWithSelector(IFundLedger.FundPaymentPending.selector, p.planId, (p.planId << 32) | p.payments), shares);
        }
        if (10 * (uint256(p.committed) + amount) > 11 * uint256(p.budget)) {
            return (abi.encodeWithSelector(IFundLedger.FundOverBudget.selector, p.planId, p.committed, amount, p.budget), shares);
        }
        shares = _shares(p, amount);
        for (uint256 i = 0; i < shares.length; ++i) {
            uint16 idx = p.accounts[i];
            if (_bal[idx] < shares[i]) {
                return (abi.encodeWithSelector(IFundLedger.FundInsufficientBalance.selector, _unitId[idx], _bal[idx], shares[i]), shares);
            }
        }
    }

    /// @dev A plan with no held payment and room for one more fen, if any (from the seed on).
    function _planWithoutHold(uint256 seed) internal view returns (bool, uint256) {
        uint256 n = _plans.length;
        if (n == 0) return (false, 0);
        uint256 start = bound(seed, 0, n - 1);
        for (uint256 j = 0; j < n; ++j) {
            uint256 k = (start + j) % n;
            PlanGhost storage p = _plans[k];
            if (p.held == 0 && 10 * (uint256(p.committed) + 1) <= 11 * uint256(p.budget)) return (true, k);
        }
        return (false, 0);
    }

    function _smallPayment(PlanGhost storage p) internal view returns (IFundLedger.PaymentInput memory) {
        return
            IFundLedger.PaymentInput({
                planId: p.planId,
                seq: p.payments + 1,
                amountFen: 1,
                invoiceHash: keccak256("forged invoice"),
                acceptanceHash: bytes32(0)
            });
    }

    /// @dev The scope with one change: an area +1, the last entry dropped (or one added when it
    /// has a single entry), or the first entry's index moved to a unit outside it.
    function _alter(bytes memory scope, uint256 how) internal view returns (bytes memory out) {
        uint256 h = how % 3;
        if (h == 0) {
            out = bytes.concat(scope); // copy
            uint256 e = bound(how / 3, 0, scope.length / 6 - 1);
            out[e * 6 + 5] = bytes1(uint8(out[e * 6 + 5]) ^ 0x01); // the area's lowest byte
        } else if (h == 1 && scope.length > 6) {
            out = new bytes(scope.length - 6);
            for (uint256 i = 0; i < out.length; ++i) out[i] = scope[i];
        } else {
            // An extra entry at the end (any account index past the last, any area).
            uint16 last = uint16(bytes2(bytes.concat(scope[scope.length - 6], scope[scope.length - 5])));
            uint16 idx = last + 1 < _unitId.length ? last + 1 : last;
            out = bytes.concat(scope, bytes2(idx), bytes4(uint32(_area[idx])));
        }
    }
}

contract FundInvariantsTest is Test, FundActors {
    CommunityRegistry internal registry;
    OwnerVoting internal voting;
    FundLedger internal fund;
    FundHandler internal handler;
    uint256 internal communityId;

    uint64 internal constant RATE = 10_000; // 100 yuan per m², in fen
    uint64 internal constant EMERGENCY_CAP = 5_000_000; // 50,000 yuan
    uint32 internal constant UNITS_PER_BUILDING = 8;

    uint32[] internal _unitIds;
    uint32[] internal _buildings;
    uint64[] internal _areas;
    FundHandler.Proposals internal _proposals;

    function setUp() public {
        vm.warp(1_767_225_600); // 2026-01-01
        address admin = vm.addr(ADMIN_KEY);
        registry = new CommunityRegistry(admin);
        voting = new OwnerVoting(registry);
        fund = new FundLedger(registry, voting);
        bytes32 supervisorRole = registry.SUPERVISOR_ROLE();
        vm.startPrank(admin);
        registry.grantRole(supervisorRole, vm.addr(SUPERVISOR_KEY));
        registry.registerModule(address(voting));
        registry.registerModule(address(fund));
        vm.stopPrank();

        _createCommunity();
        _registerBuildingsAndUnits();
        _setCustodianAndSettings();
        _firstDeposits();
        _runVotes();

        handler = new FundHandler(registry, voting, fund, communityId, _proposals, _unitIds, _buildings, _areas);
        vm.label(address(registry), "CommunityRegistry");
        vm.label(address(voting), "OwnerVoting");
        vm.label(address(fund), "FundLedger");
        vm.label(address(handler), "FundHandler");

        bytes4[] memory selectors = new bytes4[](20);
        selectors[0] = handler.topUp.selector;
        selectors[1] = handler.reverseDeposit.selector;
        selectors[2] = handler.interest.selector;
        selectors[3] = handler.commonIncome.selector;
        selectors[4] = handler.moveCommonIncome.selector;
        selectors[5] = handler.createPlan.selector;
        selectors[6] = handler.createEmergencyPlan.selector;
        selectors[7] = handler.requestPayment.selector;
        selectors[8] = handler.postPayment.selector;
        selectors[9] = handler.voidPayment.selector;
        selectors[10] = handler.refundUnit.selector;
        selectors[11] = handler.warp.selector;
        selectors[12] = handler.hostileRequestBelowThreshold.selector;
        selectors[13] = handler.hostilePostByMember.selector;
        selectors[14] = handler.hostileEmergencyWithoutSupervisor.selector;
        selectors[15] = handler.hostilePlanFromFailedProposal.selector;
        selectors[16] = handler.hostileAlteredScope.selector;
        selectors[17] = handler.hostileVoidAlteredScope.selector;
        selectors[18] = handler.hostileReplay.selector;
        selectors[19] = handler.requestPayment.selector; // payments twice as often
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    // ═════════════════════════════════════════════ set-up steps

    function _createCommunity() internal {
        uint256[] memory keys = _memberKeysSorted();
        address[] memory members = new address[](5);
        for (uint256 i = 0; i < 5; ++i) members[i] = vm.addr(keys[i]);
        ICommunityRegistry.Settings memory settings = ICommunityRegistry.Settings({
            noticeDays: 15,
            adHocNoticeDays: 7,
            objectionDays: 7,
            allowBallotChange: true,
            excludeParkingArea: false,
            finalWithOpenObjections: false
        });
        string memory name = "Sunshine Garden";
        ICommunityRegistry.SupervisorAuth memory auth = _supervisorAuth(
            registry,
            registry.CREATE_COMMUNITY(),
            keccak256(abi.encode(name, settings, members, THRESHOLD)),
            SUPERVISOR_KEY
        );
        communityId = registry.createCommunity(name, settings, members, THRESHOLD, auth);
    }

    function _registerBuildingsAndUnits() internal {
        ICommunityRegistry.BuildingInput[] memory buildings = new ICommunityRegistry.BuildingInput[](3);
        for (uint256 b = 0; b < 3; ++b) {
            buildings[b] = ICommunityRegistry.BuildingInput({buildingId: uint32(b + 1), compound: 1, label: "B"});
        }
        registry.registerBuildings(
            communityId,
            buildings,
            _committeeAuth(registry, communityId, registry.REGISTER_BUILDINGS(), keccak256(abi.encode(buildings)), THRESHOLD)
        );
        ICommunityRegistry.UnitInput[] memory units = new ICommunityRegistry.UnitInput[](3 * UNITS_PER_BUILDING);
        for (uint32 b = 1; b <= 3; ++b) {
            for (uint32 k = 0; k < UNITS_PER_BUILDING; ++k) {
                uint32 unitId = b * 1000 + k + 1;
                // 60.00–149.99 m², and a large shop (1,200–2,100 m²) at the foot of buildings 1 and 3.
                uint64 area = 6_000 + ((uint64(unitId) * 7919) % 9_000);
                bool shop = k == 0 && b != 2;
                if (shop) area *= 20;
                units[(b - 1) * UNITS_PER_BUILDING + k] = ICommunityRegistry.UnitInput({
                    unitId: unitId,
                    buildingId: b,
                    areaCm2: area,
                    areaSource: ICommunityRegistry.AreaSource.Registered,
                    kind: shop ? ICommunityRegistry.UnitKind.Commercial : ICommunityRegistry.UnitKind.Residential,
                    developerHeld: k == UNITS_PER_BUILDING - 1,
                    label: "U"
                });
                _unitIds.push(unitId);
                _buildings.push(b);
                _areas.push(area);
            }
        }
        registry.registerUnits(
            communityId,
            units,
            _committeeAuth(registry, communityId, registry.REGISTER_UNITS(), keccak256(abi.encode(units)), THRESHOLD)
        );
    }

    function _setCustodianAndSettings() internal {
        address custodian = vm.addr(CUSTODIAN_KEY);
        registry.setCustodian(
            communityId,
            custodian,
            _supervisorAuth(registry, registry.SET_CUSTODIAN(), keccak256(abi.encode(communityId, custodian)), SUPERVISOR_KEY)
        );
        IFundLedger.FundSettings memory s = IFundLedger.FundSettings({
            depositRateFenPerM2: RATE,
            emergencyCapFen: EMERGENCY_CAP,
            emergencyReportDays: 30
        });
        fund.changeSettings(
            communityId,
            s,
            _committeeAuth(registry, communityId, fund.CHANGE_FUND_SETTINGS(), keccak256(abi.encode(communityId, s)), THRESHOLD)
        );
    }

    function _firstDeposits() internal {
        IFundLedger.DepositLine[] memory lines = new IFundLedger.DepositLine[](_unitIds.length);
        for (uint256 i = 0; i < lines.length; ++i) {
            lines[i] = IFundLedger.DepositLine({unitId: _unitIds[i], amountFen: uint64((_areas[i] * RATE + 50) / 100)});
        }
        bytes32 bank = keccak256("first deposits");
        IFundLedger.DepositKind kind = IFundLedger.DepositKind.First;
        fund.recordDeposits(
            communityId,
            kind,
            lines,
            bank,
            _custodianAuth(
                registry,
                communityId,
                fund.RECORD_DEPOSITS(),
                keccak256(abi.encode(communityId, kind, lines, bank)),
                CUSTODIAN_KEY
            )
        );
    }

    // A three-entry roll: leaf i = (i, voter i, 100.00 m², 1 person); tree ((l0 l1) l2).
    uint64 internal constant ROLL_AREA = 10_000;

    function _leaf(uint32 entryId) internal pure returns (bytes32) {
        address voter = vm.addr(VOTER_KEY_BASE + 1 + entryId);
        return keccak256(bytes.concat(keccak256(abi.encode(entryId, voter, ROLL_AREA, uint32(1)))));
    }

    function _hashPair(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return a < b ? keccak256(abi.encode(a, b)) : keccak256(abi.encode(b, a));
    }

    function _proof(uint32 entryId) internal pure returns (bytes32[] memory proof) {
        if (entryId == 2) {
            proof = new bytes32[](1);
            proof[0] = _hashPair(_leaf(0), _leaf(1));
        } else {
            proof = new bytes32[](2);
            proof[0] = _leaf(1 - entryId);
            proof[1] = _leaf(2);
        }
    }

    function _publish(
        IOwnerVoting.Matter matter,
        IOwnerVoting.ScopeKind scopeKind,
        uint32[] memory ids,
        uint64 votingStart
    ) internal returns (uint256) {
        string[] memory options = new string[](3);
        (options[0], options[1], options[2]) = ("for", "against", "abstain");
        IOwnerVoting.ProposalInput memory input = IOwnerVoting.ProposalInput({
            communityId: communityId,
            matter: matter,
            scopeKind: scopeKind,
            scopeIds: ids,
            adHoc: false,
            votingStart: votingStart,
            votingEnd: votingStart + 5 days,
            title: "Maintenance",
            textHash: keccak256(abi.encode("proposal text", ids)),
            options: options,
            namedChoice: false,
            rollRoot: _hashPair(_hashPair(_leaf(0), _leaf(1)), _leaf(2)),
            totalAreaCm2: 3 * ROLL_AREA,
            totalHeadcount: 3,
            entryCount: 3
        });
        return
            voting.publishProposal(
                input,
                _committeeAuth(registry, communityId, voting.PUBLISH_PROPOSAL(), keccak256(abi.encode(input)), THRESHOLD)
            );
    }

    function _voteAll(uint256 proposalId, uint8 choice) internal {
        IOwnerVoting.SignedBallot[] memory ballots = new IOwnerVoting.SignedBallot[](3);
        uint64 deadline = uint64(block.timestamp) + 1 days;
        for (uint32 e = 0; e < 3; ++e) {
            uint256 key = VOTER_KEY_BASE + 1 + e;
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, voting.ballotDigest(proposalId, e, choice, 1, deadline));
            ballots[e] = IOwnerVoting.SignedBallot({
                packed: uint256(e) |
                    (uint256(choice) << 32) |
                    (uint256(1) << 40) |
                    (uint256(deadline) << 56) |
                    (uint256(1) << 120) |
                    (uint256(ROLL_AREA) << 152),
                voter: vm.addr(key),
                r: r,
                vs: bytes32(uint256(s) | (uint256(v - 27) << 255)),
                proof: _proof(e)
            });
        }
        require(voting.castBallots(proposalId, ballots) == 3, "set-up: a ballot was not counted");
    }

    /// @dev Five passed votes and one rejected, all final.
    function _runVotes() internal {
        uint64 votingStart = uint64(block.timestamp) + 15 days + 600;
        uint32[] memory none = new uint32[](0);
        uint32[] memory b1 = new uint32[](1);
        b1[0] = 1;
        uint32[] memory b2 = new uint32[](1);
        b2[0] = 2;
        uint32[] memory u3 = new uint32[](3);
        (u3[0], u3[1], u3[2]) = (3001, 3002, 3003);
        IOwnerVoting.Matter useFund = IOwnerVoting.Matter.UseFund;
        _proposals.building1 = _publish(useFund, IOwnerVoting.ScopeKind.Buildings, b1, votingStart);
        _proposals.building2 = _publish(useFund, IOwnerVoting.ScopeKind.Buildings, b2, votingStart);
        _proposals.units3 = _publish(useFund, IOwnerVoting.ScopeKind.Units, u3, votingStart);
        _proposals.community = _publish(useFund, IOwnerVoting.ScopeKind.Community, none, votingStart);
        _proposals.otherMatter = _publish(IOwnerVoting.Matter.OtherMajorMatter, IOwnerVoting.ScopeKind.Community, none, votingStart);
        _proposals.failed = _publish(useFund, IOwnerVoting.ScopeKind.Community, none, votingStart);

        vm.warp(votingStart);
        for (uint256 id = _proposals.building1; id <= _proposals.failed; ++id) _voteAll(id, id == _proposals.failed ? 1 : 0);
        vm.warp(votingStart + 5 days);
        for (uint256 id = _proposals.building1; id <= _proposals.failed; ++id) voting.finalize(id);
        vm.warp(block.timestamp + 7 days);
        for (uint256 id = _proposals.building1; id <= _proposals.failed; ++id) {
            voting.confirm(id);
            (, , IOwnerVoting.Status status, IOwnerVoting.Outcome outcome, ) = voting.fundUseOf(id);
            require(status == IOwnerVoting.Status.Final, "set-up: a vote is not final");
            require(
                outcome == (id == _proposals.failed ? IOwnerVoting.Outcome.Rejected : IOwnerVoting.Outcome.Passed),
                "set-up: a vote has the wrong outcome"
            );
        }
    }

    // ═════════════════════════════════════════════ invariants (all checked after every call)

    function invariant_fundLedger() public view {
        _checkConservation();
        _checkLanes();
        _checkPlanCaps();
        _checkAuthorisation();
        _checkPayments();
    }

    /// 1. Conservation, against the contract's totals, its balances and plans, and the model.
    function _checkConservation() internal view {
        IFundLedger.Totals memory t = fund.totalsOf(communityId);
        assertEq(
            uint256(t.deposited) + t.income + t.commonIncome - t.paidOut - t.reversed - t.refunded,
            uint256(t.unitFunds) + t.commonBalance,
            "1 conservation: in - out != unit funds + common"
        );
        uint64[] memory balances = fund.balancesOf(communityId, 0, type(uint256).max);
        assertEq(balances.length, handler.accountCount(), "1 account count");
        assertEq(t.accountCount, handler.accountCount(), "1 totals' account count");
        uint256 sum = 0;
        for (uint256 i = 0; i < balances.length; ++i) {
            sum += balances[i];
            assertEq(balances[i], handler.ghostBalance(i), "1 an account's balance differs from the model");
        }
        uint256 held = 0;
        uint256 plans = fund.planCount();
        for (uint256 id = 1; id <= plans; ++id) held += fund.getPlan(id).heldFen;
        assertEq(t.unitFunds, sum + held, "1 unit funds != balances + held payments");
        assertEq(t.deposited, handler.ghostDeposited(), "1 deposited");
        assertEq(t.income, handler.ghostIncome(), "1 income");
        assertEq(t.commonIncome, handler.ghostCommonIncome(), "1 common income");
        assertEq(t.paidOut, handler.ghostPaidOut(), "1 paid out");
        assertEq(t.reversed, handler.ghostReversed(), "1 reversed");
        assertEq(t.refunded, handler.ghostRefunded(), "1 refunded");
        assertEq(t.commonBalance, handler.ghostCommonBalance(), "1 common balance");
    }

    /// 2. No negative balance and no lane overflow: each balance fits its 32-bit lane, and the
    /// balances read one by one add up to what the totals say (a wrap-around would not).
    function _checkLanes() internal view {
        uint256 n = handler.accountCount();
        uint256 sum = 0;
        for (uint256 i = 0; i < n; ++i) {
            (bool opened, bool closed, uint16 index, uint64 balance, , ) = fund.accountOf(communityId, _unitIds[i]);
            assertTrue(opened, "2 an account is not open");
            assertEq(index, i, "2 account index");
            assertEq(closed ? 1 : 0, handler.isClosed(i) ? 1 : 0, "2 closed flag");
            assertTrue(balance <= type(uint32).max, "2 a balance is past its lane");
            sum += balance;
        }
        uint256 held = 0;
        for (uint256 id = 1; id <= fund.planCount(); ++id) held += fund.getPlan(id).heldFen;
        IFundLedger.Totals memory t = fund.totalsOf(communityId);
        assertEq(sum + held + t.commonBalance, uint256(t.unitFunds) + t.commonBalance, "2 balances do not add up");
    }

    /// 3. Plan caps: 10 · committed ≤ 11 · budget and posted ≤ committed; both as the model says.
    function _checkPlanCaps() internal view {
        uint256 plans = fund.planCount();
        for (uint256 id = 1; id <= plans; ++id) {
            IFundLedger.PlanView memory v = fund.getPlan(id);
            assertTrue(10 * uint256(v.committedFen) <= 11 * uint256(v.budgetFen), "3 a plan is committed over 110 %");
            assertTrue(v.postedFen <= v.committedFen, "3 a plan posted more than it committed");
            assertTrue(v.heldFen <= v.committedFen - v.postedFen, "3 held > committed - posted");
        }
        for (uint256 i = 0; i < handler.planGhostCount(); ++i) {
            (uint256 planId, , , uint64 committed, uint64 posted, uint64 held, uint32 payments, , bytes32 scopeHash) = handler
                .planGhost(i);
            IFundLedger.PlanView memory v = fund.getPlan(planId);
            assertEq(v.committedFen, committed, "3 committed differs from the model");
            assertEq(v.postedFen, posted, "3 posted differs from the model");
            assertEq(v.heldFen, held, "3 held differs from the model");
            assertEq(v.committedFen, uint256(v.postedFen) + v.heldFen, "3 committed != posted + held");
            assertEq(v.paymentCount, payments, "3 payment count");
            assertEq(v.scopeHash, scopeHash, "3 scope hash");
        }
    }

    /// 4. Authorisation: no hostile attempt succeeded, and every plan comes from a passed, final
    /// fund-use vote of its community with the same scope, or from the emergency procedure.
    function _checkAuthorisation() internal view {
        assertEq(handler.ghostHostileSucceeded(), 0, "4 a hostile attempt succeeded");
        uint256 plans = fund.planCount();
        assertEq(plans, handler.planGhostCount(), "4 a plan exists that no authorised action created");
        for (uint256 i = 0; i < plans; ++i) {
            (uint256 planId, uint256 proposalId, IFundLedger.PlanKind kind, , , , , bytes32 proposalScope, ) = handler
                .planGhost(i);
            assertEq(planId, i + 1, "4 plan ids");
            IFundLedger.PlanView memory v = fund.getPlan(planId);
            assertEq(v.communityId, communityId, "4 plan community");
            assertEq(v.proposalId, proposalId, "4 plan proposal");
            assertEq(uint8(v.kind), uint8(kind), "4 plan kind");
            if (v.kind == IFundLedger.PlanKind.Voted) {
                assertTrue(v.proposalId != 0, "4 a voted plan without a proposal");
                (uint256 c, IOwnerVoting.Matter matter, IOwnerVoting.Status status, IOwnerVoting.Outcome outcome, bytes32 scope) = voting
                    .fundUseOf(v.proposalId);
                assertEq(c, communityId, "4 proposal of another community");
                assertTrue(matter == IOwnerVoting.Matter.UseFund, "4 a plan from a vote that is not a fund use");
                assertTrue(status == IOwnerVoting.Status.Final, "4 a plan from a vote that is not final");
                assertTrue(outcome == IOwnerVoting.Outcome.Passed, "4 a plan from a vote that did not pass");
                assertEq(scope, proposalScope, "4 a plan with another scope than its vote");
                assertEq(fund.planOfProposal(v.proposalId), planId, "4 planOfProposal");
                assertEq(v.reportDue, 0, "4 a voted plan with a report due");
            } else {
                assertTrue(v.kind == IFundLedger.PlanKind.Emergency, "4 a plan of no kind");
                assertEq(v.proposalId, 0, "4 an emergency plan with a proposal");
                assertTrue(v.category != IFundLedger.EmergencyCategory.None, "4 an emergency plan without category");
                assertTrue(v.budgetFen <= EMERGENCY_CAP, "4 an emergency plan over the cap");
                assertEq(v.reportDue, v.createdAt + 30 days, "4 an emergency plan's report due");
            }
        }
    }

    /// 5. Each payment is posted or voided at most once: the contract's status of every payment
    /// is the model's, where a settled payment never changes again.
    function _checkPayments() internal view {
        for (uint256 i = 0; i < handler.planGhostCount(); ++i) {
            (uint256 planId, , , , , , uint32 payments, , ) = handler.planGhost(i);
            IFundLedger.PlanView memory v = fund.getPlan(planId);
            uint256 heldCount = 0;
            for (uint32 seq = 1; seq <= payments; ++seq) {
                uint256 paymentId = (planId << 32) | seq;
                IFundLedger.PaymentView memory pv = fund.getPayment(paymentId);
                IFundLedger.PaymentStatus expected = handler.ghostPaymentStatus(paymentId);
                assertEq(uint8(pv.status), uint8(expected), "5 a payment's status differs from the model");
                assertTrue(pv.status != IFundLedger.PaymentStatus.None, "5 a requested payment has no status");
                if (pv.status == IFundLedger.PaymentStatus.Held) {
                    heldCount++;
                    assertEq(seq, payments, "5 a held payment that is not the plan's latest");
                    assertEq(v.heldSeq, seq, "5 heldSeq");
                    assertEq(pv.amountFen, v.heldFen, "5 held amount");
                }
            }
            assertTrue(heldCount <= 1, "5 more than one held payment on a plan");
            if (heldCount == 0) assertEq(v.heldSeq, 0, "5 heldSeq without a held payment");
        }
        assertEq(handler.ghostHostileSucceeded(), 0, "5 hostile");
    }

    // ═════════════════════════════════════════════ fixed sequences

    /// Every handler path is reachable and behaves as the model says: a plan of each kind, a
    /// payment posted, one voided, a second settlement refused, every hostile attempt refused.
    function test_handlerExercisesEveryPath() public {
        handler.createPlan(3, 1_000_000, 0); // the whole community's vote, every account
        handler.requestPayment(0, 100_000, 0);
        handler.postPayment(0, 1);
        handler.postPayment(0, 2); // already posted: refused
        handler.requestPayment(0, 200_000, 0);
        handler.voidPayment(0, 3);
        handler.voidPayment(0, 4); // already voided: refused
        handler.postPayment(0, 5); // voided: refused
        handler.requestPayment(0, 1_200_000, 3); // exactly the rest of the 110 % cap
        handler.requestPayment(0, 1, 0); // a payment is held: refused
        handler.postPayment(0, 6);
        handler.requestPayment(0, 1, 0); // the cap is reached: refused
        handler.createPlan(3, 5, 0); // a second plan from the same vote: refused
        handler.createEmergencyPlan(0, 1_000_000, 0);
        handler.createEmergencyPlan(0, 6_000_000, 0); // over the emergency cap: refused
        handler.topUp(0, 1_000, 1);
        handler.reverseDeposit(0);
        handler.reverseDeposit(0); // reversed already: refused
        handler.interest(12_345);
        handler.commonIncome(500_000);
        handler.moveCommonIncome(0, 100_000, 0);
        handler.moveCommonIncome(0, 100_000, 0); // moved already on this vote: refused
        handler.moveCommonIncome(2, 1, 0); // hostile: the rejected vote
        handler.hostileRequestBelowThreshold(1);
        handler.hostileAlteredScope(1, 0);
        handler.hostileAlteredScope(1, 1);
        handler.hostileAlteredScope(1, 2);
        handler.hostilePlanFromFailedProposal(1_000, 0);
        handler.hostileEmergencyWithoutSupervisor(0, 100, 0);
        handler.hostileEmergencyWithoutSupervisor(1, 100, 0);
        handler.requestPayment(1, 1_000, 0); // on the emergency plan: held
        handler.hostilePostByMember(1, 0);
        handler.hostileVoidAlteredScope(1, 0);
        handler.hostileReplay(0); // the request again
        handler.hostileReplay(1); // the deposit again
        handler.warp(2 days);
        handler.hostileReplay(1); // the deposit again, its signature expired
        handler.refundUnit(5, 0);
        handler.refundUnit(5, 1); // closed: refused
        handler.topUp(5, 1, 1); // closed: refused

        assertEq(handler.planGhostCount(), 2, "plans");
        assertEq(handler.ghostPaymentsPosted(), 2, "posted");
        assertEq(handler.ghostPaymentsVoided(), 1, "voided");
        assertEq(handler.ghostSettledTwiceRejected(), 3, "second settlements refused");
        assertEq(handler.ghostHostileAttempts(), 13, "hostile attempts");
        assertEq(handler.ghostExpectedReverts(), 11, "invalid actions refused");
        (, , , uint64 committed, uint64 posted, , , , ) = handler.planGhost(0);
        assertEq(committed, 1_100_000, "plan 1 committed up to 110 %");
        assertEq(posted, 1_100_000, "plan 1 posted");
        invariant_fundLedger();
    }

    /// Found by this suite (fixed in FundLedger.voidPayment): a unit refunded while a payment is
    /// held on it used to get its share back, on a void, into its CLOSED account, where the money
    /// was stuck and kept earning interest. Now the share follows the rest of its money out.
    function test_voidAfterRefundRefundsTheClosedAccountsShare() public {
        handler.createPlan(0, 1_000_000, 0); // building 1: accounts 0..7 (units 1001..1008)
        handler.requestPayment(0, 100_000, 0); // 1,000 yuan held on building 1
        handler.refundUnit(0, 0); // unit 1001 (account 0) refunded, account closed
        (, bool closed, , uint64 balance, , ) = fund.accountOf(communityId, 1001);
        assertTrue(closed && balance == 0, "refunded and closed");
        uint64 refundedBefore = fund.totalsOf(communityId).refunded;
        handler.voidPayment(0, 0); // the payment is voided: shares go back, 1001's is refunded
        (, closed, , balance, , ) = fund.accountOf(communityId, 1001);
        assertTrue(closed, "still closed");
        assertEq(balance, 0, "the closed account holds nothing");
        assertTrue(fund.totalsOf(communityId).refunded > refundedBefore, "its share was refunded");
        handler.refundUnit(0, 1); // refused: FundAccountClosed (the model expects exactly that)
        handler.interest(5_000_000);
        (, , , balance, , ) = fund.accountOf(communityId, 1001);
        assertEq(balance, 0, "no interest to a closed account");
        invariant_fundLedger();
    }

    /// Found by this suite (fixed in FundLedger: a budget is at most MAX_BUDGET_FEN): with a budget
    /// just below 2^48 fen, payments up to 110 % of it used to wrap the plan's 48-bit committed
    /// amount and void the 110 % rule. A plan's budget is now refused above 10·(2^48 − 1)/11.
    function test_planBudgetIsCappedSoPaymentsFit48Bits() public {
        IFundLedger.PlanInput memory input;
        input.communityId = communityId;
        input.terms.proposalId = _proposals.community;
        input.terms.scopeKind = IOwnerVoting.ScopeKind.Community;
        input.terms.budgetFen = fund.MAX_BUDGET_FEN() + 1;
        input.terms.payee = "Contractor";
        input.accounts = new uint16[](1);
        ICommunityRegistry.CommitteeAuth memory auth = _committeeAuth(
            registry,
            communityId,
            fund.CREATE_PLAN(),
            keccak256(abi.encode(input)),
            THRESHOLD
        );
        vm.expectRevert(abi.encodeWithSelector(IFundLedger.FundInvalidPlan.selector));
        fund.createPlan(input, auth);
        input.terms.budgetFen = fund.MAX_BUDGET_FEN();
        fund.createPlan(
            input,
            _committeeAuth(registry, communityId, fund.CREATE_PLAN(), keccak256(abi.encode(input)), THRESHOLD)
        );
        assertEq(uint256(fund.getPlan(fund.planCount()).budgetFen), uint256(fund.MAX_BUDGET_FEN()), "the largest budget is accepted");
        assertTrue(11 * uint256(fund.MAX_BUDGET_FEN()) / 10 < (1 << 48), "its 110 % fits 48 bits");
    }

    function _custodianDeposit(IFundLedger.DepositKind kind, IFundLedger.DepositLine[] memory lines) internal {
        bytes32 bank = keccak256(abi.encode("bank", lines.length, block.timestamp, fund.totalsOf(communityId).entryCount));
        fund.recordDeposits(
            communityId,
            kind,
            lines,
            bank,
            _custodianAuth(
                registry,
                communityId,
                fund.RECORD_DEPOSITS(),
                keccak256(abi.encode(communityId, kind, lines, bank)),
                CUSTODIAN_KEY
            )
        );
    }
}
