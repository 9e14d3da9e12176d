// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {ICommunityRegistry} from "./interfaces/ICommunityRegistry.sol";
import {IOwnerVoting} from "./interfaces/IOwnerVoting.sol";
import {IFundLedger} from "./interfaces/IFundLedger.sol";
import {IFundReports} from "./interfaces/IFundReports.sol";
import {ILedgerModule} from "./interfaces/ILedgerModule.sol";

/**
 * @title FundReports
 * @notice The maintenance fund's reports as a module on the registry: statements published by the
 * committee (threshold-signed) with the Merkle-sum root of their unit lines and confirmed once by
 * the custodian's bank balance, and owners' ratings of a plan's work. It reads plans from
 * {IFundLedger} and rolls from {IOwnerVoting}; it moves no money.
 */
contract FundReports is IFundReports, ILedgerModule, EIP712 {
    bytes32 public constant RATING_TYPEHASH =
        keccak256("WorkRating(uint256 planId,uint32 entryId,uint8 stars,bytes32 commentHash,uint64 deadline)");

    uint8 public constant PUBLISH_STATEMENT = 34; // committee
    uint8 public constant CONFIRM_STATEMENT = 47; // custodian

    ICommunityRegistry public immutable registry;
    IOwnerVoting public immutable voting;
    IFundLedger public immutable fund;

    struct Ratings {
        uint32 count;
        uint32 sum;
    }

    uint256 private _statementCount;
    /// @dev communityId << 1 | confirmed
    mapping(uint256 statementId => uint256 record) private _statements;
    mapping(uint256 planId => Ratings) private _ratings;
    mapping(uint256 planId => mapping(uint32 entryId => bool)) private _rated;

    constructor(ICommunityRegistry registry_, IOwnerVoting voting_, IFundLedger fund_) EIP712("FundReports", "1") {
        registry = registry_;
        voting = voting_;
        fund = fund_;
    }

    /// @inheritdoc ILedgerModule
    function committeeKinds() external pure returns (uint8[] memory kinds) {
        kinds = new uint8[](2);
        kinds[0] = PUBLISH_STATEMENT;
        kinds[1] = CONFIRM_STATEMENT;
    }

    /// @notice Number of statements published; ids run from 1 to this number.
    function statementCount() external view returns (uint256) {
        return _statementCount;
    }

    /// @notice A statement's community and whether the custodian has confirmed it.
    function statementOf(uint256 statementId) external view returns (uint256 communityId, bool confirmed) {
        uint256 s = _statements[statementId];
        if (s == 0) revert FundUnknownStatement(statementId);
        return (s >> 1, s & 1 == 1);
    }

    /// @notice How many voter entries rated a plan's work, and the sum of their stars.
    function ratingsOf(uint256 planId) external view returns (uint32 count, uint32 sum) {
        Ratings storage r = _ratings[planId];
        return (r.count, r.sum);
    }

    /// @notice The EIP-712 digest a voter signs to rate a plan's work.
    function ratingDigest(
        uint256 planId,
        uint32 entryId,
        uint8 stars,
        bytes32 commentHash,
        uint64 deadline
    ) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(RATING_TYPEHASH, planId, entryId, stars, commentHash, deadline)));
    }

    /// @notice Publishes a statement: the Merkle-sum root of its unit lines, to be confirmed by
    /// the custodian's bank balance. Committee action PUBLISH_STATEMENT, payload abi.encode(statement).
    function publishStatement(
        Statement calldata statement,
        ICommunityRegistry.CommitteeAuth calldata auth
    ) external returns (uint256 statementId) {
        if (
            statement.root == bytes32(0) ||
            statement.lineCount == 0 ||
            statement.periodEnd <= statement.periodStart ||
            statement.periodEnd > block.timestamp
        ) revert FundInvalidStatement();
        registry.consumeCommitteeAction(statement.communityId, PUBLISH_STATEMENT, keccak256(abi.encode(statement)), auth);
        statementId = ++_statementCount;
        _statements[statementId] = statement.communityId << 1;
        emit StatementPublished(statement.communityId, statementId, statement);
    }

    /// @notice Confirms a published statement with the bank balance on the custodian's record,
    /// once; `reconciled` says whether it equals the statement's ledger balance. Custodian action
    /// CONFIRM_STATEMENT, payload abi.encode(statementId, bankBalanceFen, ledgerBalanceFen, bankRecordHash).
    function confirmStatement(
        uint256 statementId,
        uint64 bankBalanceFen,
        uint64 ledgerBalanceFen,
        bytes32 bankRecordHash,
        ICommunityRegistry.SupervisorAuth calldata auth
    ) external {
        uint256 s = _statements[statementId];
        if (s == 0) revert FundUnknownStatement(statementId);
        if (s & 1 == 1) revert FundStatementConfirmed(statementId);
        uint256 communityId = s >> 1;
        registry.consumeCustodianAction(
            communityId,
            CONFIRM_STATEMENT,
            keccak256(abi.encode(statementId, bankBalanceFen, ledgerBalanceFen, bankRecordHash)),
            auth
        );
        _statements[statementId] = s | 1;
        emit StatementConfirmed(communityId, statementId, bankBalanceFen, bankRecordHash, bankBalanceFen == ledgerBalanceFen);
    }

    /// @notice A voter entry of the plan's proposal rates the work (1–5 stars, a comment's hash),
    /// once, after an acceptance report has been posted with one of its payments. Signed by the
    /// entry's voter (EIP-712 `WorkRating`), relayed by anyone.
    function rateWork(Rating calldata rating, bytes32[] calldata proof, bytes calldata signature) external {
        IFundLedger.PlanView memory p = fund.getPlan(rating.planId);
        if (!p.accepted) revert FundNotAccepted(rating.planId);
        if (rating.stars == 0 || rating.stars > 5) revert FundBadRating(rating.stars);
        if (rating.deadline < block.timestamp) revert FundSignatureExpired(rating.deadline, block.timestamp);
        if (
            p.proposalId == 0 ||
            !voting.isInRoll(p.proposalId, rating.entryId, rating.voter, rating.areaCm2, rating.headcount, proof)
        ) revert FundNotInRoll(rating.planId, rating.entryId);
        if (_rated[rating.planId][rating.entryId]) revert FundAlreadyRated(rating.planId, rating.entryId);
        address signer = ECDSA.recover(
            ratingDigest(rating.planId, rating.entryId, rating.stars, rating.commentHash, rating.deadline),
            signature
        );
        if (signer != rating.voter) revert FundWrongSigner(rating.voter, signer);
        _rated[rating.planId][rating.entryId] = true;
        Ratings storage r = _ratings[rating.planId];
        r.count += 1;
        r.sum += rating.stars;
        emit WorkRated(p.communityId, rating.planId, rating.entryId, rating.stars, rating.commentHash);
    }
}
