// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {ICommunityRegistry} from "./interfaces/ICommunityRegistry.sol";
import {IOwnerVoting} from "./interfaces/IOwnerVoting.sol";

/**
 * @title OwnerVoting
 * @notice Owner votes (业主共同决定事项, 民法典 第278条) with the double majority of exclusive
 * area and headcount. See {IOwnerVoting} for the roll leaf encoding.
 *
 * Law encoded here (all comparisons exact, in integers):
 * - quorum: participating area ≥ 2/3 of the roll's area AND participating headcount ≥ 2/3
 *   of the roll's headcount (3·p ≥ 2·t);
 * - approval among participants (abstentions participate): matters (六)(七)(八) need ≥ 3/4
 *   of both (4·o ≥ 3·p); every other matter needs MORE than 1/2 of both (2·o > p).
 *
 * Ballots of one entry share one 32-bit lane (8 lanes per storage word): the choice, whether
 * it was electronic or paper, and the electronic nonce. An electronic ballot replaces a paper
 * one; a paper ballot never replaces an electronic one (Shenzhen's rule).
 */
contract OwnerVoting is IOwnerVoting, EIP712 {
    bytes32 public constant BALLOT_TYPEHASH =
        keccak256("Ballot(uint256 proposalId,uint32 entryId,uint8 choice,uint16 nonce,uint64 deadline)");

    uint8 public constant PUBLISH_PROPOSAL = 20;
    uint8 public constant ENTER_PAPER_BALLOTS = 21;
    uint8 public constant REGISTER_MANDATES = 22;
    uint8 public constant EXTEND_VOTING = 23;

    uint256 public constant MAX_OPTIONS = 16;
    uint256 public constant MAX_BATCH = 200;
    uint256 public constant MAX_SCOPE = 5000;
    uint64 public constant MIN_VOTING_SECONDS = 5 days;
    uint64 public constant MAX_VOTING_SECONDS = 60 days;

    uint8 private constant _STORED_OPEN = 1;
    uint8 private constant _STORED_PROVISIONAL = 2;
    uint8 private constant _STORED_FINAL = 3;

    struct ProposalCore {
        uint256 communityId;
        bytes32 rollRoot;
        uint64 publishedAt;
        uint64 votingStart;
        uint64 votingEnd;
        uint64 objectionEnd;
        uint64 totalAreaCm2;
        uint32 totalHeadcount;
        uint32 entryCount;
        uint8 matter;
        uint8 optionCount;
        uint8 stored;
        uint8 outcome;
        uint8 winningOption;
        bool extended;
        bool allowChange;
        bool namedChoice;
    }

    ICommunityRegistry public immutable registry;

    uint256 private _proposalCount;
    mapping(uint256 proposalId => ProposalCore) private _proposals;
    /// @dev option → area (low 128 bits) | headcount (high 128 bits)
    mapping(uint256 proposalId => mapping(uint256 option => uint256 packed)) private _tallies;
    /// @dev word index → 8 lanes of 32 bits: choice+1 (8) | kind (8) | nonce (16)
    mapping(uint256 proposalId => mapping(uint256 word => uint256 lanes)) private _ballots;
    mapping(uint256 proposalId => mapping(uint32 entryId => address proxy)) private _proxies;

    constructor(ICommunityRegistry registry_) EIP712("OwnerVoting", "1") {
        registry = registry_;
    }

    // ───────────────────────────────────────────────────────────── views

    /// @notice Number of proposals published; ids run from 1 to this number.
    function proposalCount() external view returns (uint256) {
        return _proposalCount;
    }

    /// @inheritdoc IOwnerVoting
    function getProposal(uint256 proposalId) external view returns (ProposalView memory v) {
        ProposalCore storage p = _proposal(proposalId);
        v.communityId = p.communityId;
        v.matter = Matter(p.matter);
        v.status = _status(p);
        v.outcome = Outcome(p.outcome);
        v.optionCount = p.optionCount;
        v.extended = p.extended;
        v.publishedAt = p.publishedAt;
        v.votingStart = p.votingStart;
        v.votingEnd = p.votingEnd;
        v.objectionEnd = p.objectionEnd;
        v.rollRoot = p.rollRoot;
        v.totalAreaCm2 = p.totalAreaCm2;
        v.totalHeadcount = p.totalHeadcount;
        v.entryCount = p.entryCount;
        v.winningOption = p.winningOption;
    }

    /// @inheritdoc IOwnerVoting
    function tallyOf(uint256 proposalId, uint8 option) external view returns (Tally memory t) {
        uint256 packed = _tallies[proposalId][option];
        t.areaCm2 = uint64(packed);
        t.headcount = uint32(packed >> 128);
    }

    /// @inheritdoc IOwnerVoting
    function ballotOf(
        uint256 proposalId,
        uint32 entryId
    ) external view returns (uint8 choice, BallotKind kind, uint16 nonce) {
        uint256 lane = (_ballots[proposalId][entryId >> 3] >> ((entryId & 7) * 32)) & 0xffffffff;
        if (lane == 0) return (0, BallotKind.None, 0);
        return (uint8(lane) - 1, BallotKind(uint8(lane >> 8)), uint16(lane >> 16));
    }

    /// @inheritdoc IOwnerVoting
    function proxyOf(uint256 proposalId, uint32 entryId) external view returns (address) {
        return _proxies[proposalId][entryId];
    }

    /// @notice The EIP-712 digest a voter (or proxy) signs for a ballot.
    function ballotDigest(
        uint256 proposalId,
        uint32 entryId,
        uint8 choice,
        uint16 nonce,
        uint64 deadline
    ) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(BALLOT_TYPEHASH, proposalId, entryId, choice, nonce, deadline)));
    }

    // ────────────────────────────────────────────────── committee actions

    /// @inheritdoc IOwnerVoting
    /// @dev Committee action PUBLISH_PROPOSAL, payload abi.encode(input). The roll root and
    /// totals are public from now on; voting opens after the notice period.
    function publishProposal(
        ProposalInput calldata input,
        ICommunityRegistry.CommitteeAuth calldata auth
    ) external returns (uint256 proposalId) {
        ICommunityRegistry.Settings memory settings = registry.settingsOf(input.communityId);
        _checkProposalInput(input, settings);
        registry.consumeCommitteeAction(input.communityId, PUBLISH_PROPOSAL, keccak256(abi.encode(input)), auth);

        proposalId = ++_proposalCount;
        ProposalCore storage p = _proposals[proposalId];
        p.communityId = input.communityId;
        p.rollRoot = input.rollRoot;
        p.publishedAt = uint64(block.timestamp);
        p.votingStart = input.votingStart;
        p.votingEnd = input.votingEnd;
        p.totalAreaCm2 = input.totalAreaCm2;
        p.totalHeadcount = input.totalHeadcount;
        p.entryCount = input.entryCount;
        p.matter = uint8(input.matter);
        p.optionCount = uint8(input.options.length);
        p.stored = _STORED_OPEN;
        p.allowChange = settings.allowBallotChange;
        p.namedChoice = input.namedChoice;
        emit ProposalPublished(proposalId, input.communityId, input, uint64(block.timestamp));
    }

    /// @inheritdoc IOwnerVoting
    /// @dev Committee action ENTER_PAPER_BALLOTS, payload abi.encode(proposalId, ballots).
    function enterPaperBallots(
        uint256 proposalId,
        PaperBallot[] calldata ballots,
        ICommunityRegistry.CommitteeAuth calldata auth
    ) external {
        ProposalCore storage p = _proposal(proposalId);
        if (!_isVotingOpen(p)) revert VotingNotOpen(proposalId);
        if (ballots.length == 0 || ballots.length > MAX_BATCH) revert VotingBatchTooLarge(ballots.length, MAX_BATCH);
        registry.consumeCommitteeAction(
            p.communityId,
            ENTER_PAPER_BALLOTS,
            keccak256(abi.encode(proposalId, ballots)),
            auth
        );
        for (uint256 i = 0; i < ballots.length; ++i) {
            PaperBallot calldata b = ballots[i];
            if (b.choice >= p.optionCount) revert VotingBadChoice(b.choice, p.optionCount);
            if (!_inRoll(p.rollRoot, b.entryId, b.voter, b.areaCm2, b.headcount, b.proof)) {
                revert VotingNotInRoll(b.entryId);
            }
            uint256 word = _ballots[proposalId][b.entryId >> 3];
            uint256 shift = (b.entryId & 7) * 32;
            uint256 lane = (word >> shift) & 0xffffffff;
            // Shenzhen's rule: an electronic ballot of the same entry takes precedence.
            if (lane != 0 && uint8(lane >> 8) == uint8(BallotKind.Electronic)) {
                emit PaperBallotEntered(proposalId, b.entryId, b.choice, b.scanHash, false);
                continue;
            }
            if (lane != 0) _addToTally(proposalId, uint8(lane) - 1, b.areaCm2, b.headcount, false);
            _addToTally(proposalId, b.choice, b.areaCm2, b.headcount, true);
            uint256 newLane = uint256(b.choice) + 1 | (uint256(uint8(BallotKind.Paper)) << 8);
            _ballots[proposalId][b.entryId >> 3] = (word & ~(uint256(0xffffffff) << shift)) | (newLane << shift);
            emit PaperBallotEntered(proposalId, b.entryId, b.choice, b.scanHash, true);
            emit BallotCast(proposalId, b.entryId, address(0), b.choice, 0, BallotKind.Paper, b.areaCm2, b.headcount);
        }
    }

    /// @inheritdoc IOwnerVoting
    /// @dev Committee action REGISTER_MANDATES, payload abi.encode(proposalId, mandates). A
    /// registered proxy may sign ballots for the entry; the owner's own later ballot still wins.
    function registerMandates(
        uint256 proposalId,
        Mandate[] calldata mandates,
        ICommunityRegistry.CommitteeAuth calldata auth
    ) external {
        ProposalCore storage p = _proposal(proposalId);
        if (p.stored != _STORED_OPEN || block.timestamp >= p.votingEnd) revert VotingNotOpen(proposalId);
        if (mandates.length == 0 || mandates.length > MAX_BATCH) {
            revert VotingBatchTooLarge(mandates.length, MAX_BATCH);
        }
        registry.consumeCommitteeAction(
            p.communityId,
            REGISTER_MANDATES,
            keccak256(abi.encode(proposalId, mandates)),
            auth
        );
        for (uint256 i = 0; i < mandates.length; ++i) {
            Mandate calldata m = mandates[i];
            if (!_inRoll(p.rollRoot, m.entryId, m.voter, m.areaCm2, m.headcount, m.proof)) {
                revert VotingNotInRoll(m.entryId);
            }
            _proxies[proposalId][m.entryId] = m.proxy;
            emit MandateRegistered(proposalId, m.entryId, m.proxy, m.mandateHash);
        }
    }

    /// @inheritdoc IOwnerVoting
    /// @dev Committee action EXTEND_VOTING, payload abi.encode(proposalId, newVotingEnd). Only a
    /// vote that missed the quorum, only once, only during its objection period.
    function extendVoting(
        uint256 proposalId,
        uint64 newVotingEnd,
        ICommunityRegistry.CommitteeAuth calldata auth
    ) external {
        ProposalCore storage p = _proposal(proposalId);
        if (
            p.stored != _STORED_PROVISIONAL ||
            p.outcome != uint8(Outcome.NoQuorum) ||
            p.extended ||
            block.timestamp >= p.objectionEnd
        ) revert VotingCannotExtend(proposalId);
        if (newVotingEnd <= block.timestamp || newVotingEnd > block.timestamp + MAX_VOTING_SECONDS) {
            revert VotingWindowOutOfRange(p.votingStart, newVotingEnd);
        }
        registry.consumeCommitteeAction(
            p.communityId,
            EXTEND_VOTING,
            keccak256(abi.encode(proposalId, newVotingEnd)),
            auth
        );
        uint64 oldEnd = p.votingEnd;
        p.votingEnd = newVotingEnd;
        p.stored = _STORED_OPEN;
        p.extended = true;
        p.outcome = uint8(Outcome.None);
        p.objectionEnd = 0;
        emit VotingExtended(proposalId, oldEnd, newVotingEnd);
    }

    // ───────────────────────────────────────────────────── owner actions

    /// @inheritdoc IOwnerVoting
    /// @dev Reverts with {VotingBallotRejected} naming the reason when the ballot is not counted.
    function castBallot(uint256 proposalId, SignedBallot calldata ballot) external {
        ProposalCore storage p = _proposal(proposalId);
        if (!_isVotingOpen(p)) revert VotingNotOpen(proposalId);
        int256[] memory areaDelta = new int256[](p.optionCount);
        int256[] memory headDelta = new int256[](p.optionCount);
        LaneCache memory cache = LaneCache(type(uint256).max, 0, false);
        RejectReason reason = _applyBallot(proposalId, p, ballot, areaDelta, headDelta, cache);
        if (reason != RejectReason.None) revert VotingBallotRejected(proposalId, uint32(ballot.packed), reason);
        _flushLanes(proposalId, cache);
        _flushTally(proposalId, areaDelta, headDelta);
    }

    /// @inheritdoc IOwnerVoting
    /// @dev A ballot that fails a check emits {BallotRejected} and the batch goes on.
    function castBallots(uint256 proposalId, SignedBallot[] calldata ballots) external returns (uint256 counted) {
        ProposalCore storage p = _proposal(proposalId);
        if (!_isVotingOpen(p)) revert VotingNotOpen(proposalId);
        if (ballots.length == 0 || ballots.length > MAX_BATCH) revert VotingBatchTooLarge(ballots.length, MAX_BATCH);
        int256[] memory areaDelta = new int256[](p.optionCount);
        int256[] memory headDelta = new int256[](p.optionCount);
        LaneCache memory cache = LaneCache(type(uint256).max, 0, false);
        for (uint256 i = 0; i < ballots.length; ++i) {
            RejectReason reason = _applyBallot(proposalId, p, ballots[i], areaDelta, headDelta, cache);
            if (reason == RejectReason.None) {
                ++counted;
            } else {
                emit BallotRejected(proposalId, uint32(ballots[i].packed), _digestOf(proposalId, ballots[i].packed), reason);
            }
        }
        _flushLanes(proposalId, cache);
        _flushTally(proposalId, areaDelta, headDelta);
    }

    /// @inheritdoc IOwnerVoting
    /// @dev Anyone may tally once voting has closed; the result is provisional until the
    /// objection period (询异公示) has passed.
    function finalize(uint256 proposalId) external {
        ProposalCore storage p = _proposal(proposalId);
        if (p.stored != _STORED_OPEN) revert VotingAlreadyTallied(proposalId);
        if (block.timestamp < p.votingEnd) revert VotingNotClosed(proposalId, p.votingEnd);

        uint256 partArea;
        uint256 partHead;
        uint256 n = p.optionCount;
        uint256[] memory optArea = new uint256[](n);
        uint256[] memory optHead = new uint256[](n);
        for (uint256 i = 0; i < n; ++i) {
            uint256 packed = _tallies[proposalId][i];
            optArea[i] = uint128(packed);
            optHead[i] = packed >> 128;
            partArea += optArea[i];
            partHead += optHead[i];
        }
        // Quorum against the whole roll: 2/3 of area and of headcount, bound included.
        bool quorumMet = 3 * partArea >= 2 * uint256(p.totalAreaCm2) &&
            3 * partHead >= 2 * uint256(p.totalHeadcount);
        Outcome outcome = Outcome.NoQuorum;
        uint8 winner;
        if (quorumMet) {
            outcome = Outcome.Rejected;
            bool threeQuarters = p.matter == uint8(Matter.RaiseFund) ||
                p.matter == uint8(Matter.Rebuild) ||
                p.matter == uint8(Matter.ChangeUseOfCommonParts);
            // The last option is abstain: it participates but cannot win. In a for/against
            // vote only "for" can pass; "against" winning is a rejection.
            uint256 candidates = p.namedChoice ? n - 1 : 1;
            for (uint256 i = 0; i < candidates; ++i) {
                bool approved = threeQuarters
                    ? (4 * optArea[i] >= 3 * partArea && 4 * optHead[i] >= 3 * partHead)
                    : (2 * optArea[i] > partArea && 2 * optHead[i] > partHead);
                if (approved) {
                    outcome = Outcome.Passed;
                    winner = uint8(i);
                    break;
                }
            }
        }
        uint64 objectionEnd = uint64(block.timestamp) +
            uint64(registry.settingsOf(p.communityId).objectionDays) *
            1 days;
        p.stored = _STORED_PROVISIONAL;
        p.outcome = uint8(outcome);
        p.winningOption = winner;
        p.objectionEnd = objectionEnd;
        emit ProposalTallied(proposalId, uint64(partArea), uint32(partHead), quorumMet, outcome, winner, objectionEnd);
    }

    /// @inheritdoc IOwnerVoting
    /// @dev Anyone may confirm a provisional result once its objection period has passed.
    function confirm(uint256 proposalId) external {
        ProposalCore storage p = _proposal(proposalId);
        if (p.stored != _STORED_PROVISIONAL) revert VotingNotProvisional(proposalId);
        if (block.timestamp < p.objectionEnd) revert VotingObjectionPeriodRunning(proposalId, p.objectionEnd);
        p.stored = _STORED_FINAL;
        emit ProposalFinalised(proposalId, Outcome(p.outcome), p.winningOption);
    }

    // ──────────────────────────────────────────────────────── internals

    struct LaneCache {
        uint256 wordIndex;
        uint256 word;
        bool dirty;
    }

    function _proposal(uint256 proposalId) private view returns (ProposalCore storage p) {
        p = _proposals[proposalId];
        if (p.stored == 0) revert VotingUnknownProposal(proposalId);
    }

    function _status(ProposalCore storage p) private view returns (Status) {
        if (p.stored == _STORED_FINAL) return Status.Final;
        if (p.stored == _STORED_PROVISIONAL) return Status.Provisional;
        if (block.timestamp < p.votingStart) return Status.Notice;
        return Status.Voting;
    }

    function _isVotingOpen(ProposalCore storage p) private view returns (bool) {
        return p.stored == _STORED_OPEN && block.timestamp >= p.votingStart && block.timestamp < p.votingEnd;
    }

    function _checkProposalInput(
        ProposalInput calldata input,
        ICommunityRegistry.Settings memory settings
    ) private view {
        if (input.matter == Matter.None) revert VotingInvalidMatter(uint8(input.matter));
        if (input.scopeKind == ScopeKind.Community) {
            if (input.scopeIds.length != 0) revert VotingInvalidScope();
        } else {
            // Only a fund-use vote may be limited to the owners who bear the cost.
            if (input.matter != Matter.UseFund) revert VotingScopeNotAllowed(input.matter, input.scopeKind);
            uint256 len = input.scopeIds.length;
            if (len == 0 || len > MAX_SCOPE) revert VotingInvalidScope();
            for (uint256 i = 1; i < len; ++i) {
                if (input.scopeIds[i] <= input.scopeIds[i - 1]) revert VotingInvalidScope();
            }
        }
        if (
            input.options.length < 2 ||
            input.options.length > MAX_OPTIONS ||
            (!input.namedChoice && input.options.length != 3)
        ) {
            revert VotingInvalidOptions(input.options.length);
        }
        uint64 noticeDays = input.adHoc ? settings.adHocNoticeDays : settings.noticeDays;
        uint64 earliest = uint64(block.timestamp) + noticeDays * 1 days;
        if (input.votingStart < earliest) revert VotingNoticeTooShort(input.votingStart, earliest);
        if (
            input.votingEnd < input.votingStart + MIN_VOTING_SECONDS ||
            input.votingEnd > input.votingStart + MAX_VOTING_SECONDS
        ) revert VotingWindowOutOfRange(input.votingStart, input.votingEnd);
        if (input.rollRoot == bytes32(0) || input.entryCount == 0 || input.totalHeadcount == 0 || input.totalAreaCm2 == 0) {
            revert VotingEmptyRoll();
        }
    }

    function _inRoll(
        bytes32 root,
        uint32 entryId,
        address voter,
        uint64 areaCm2,
        uint32 headcount,
        bytes32[] calldata proof
    ) private pure returns (bool) {
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(entryId, voter, areaCm2, headcount))));
        return MerkleProof.verifyCalldata(proof, root, leaf);
    }

    function _digestOf(uint256 proposalId, uint256 packed) private view returns (bytes32) {
        return ballotDigest(proposalId, uint32(packed), uint8(packed >> 32), uint16(packed >> 40), uint64(packed >> 56));
    }

    /// @dev Checks one signed ballot and records it in the lane cache and the tally deltas.
    /// Returns the reason it was not counted, or None. Writes storage only through the cache.
    function _applyBallot(
        uint256 proposalId,
        ProposalCore storage p,
        SignedBallot calldata b,
        int256[] memory areaDelta,
        int256[] memory headDelta,
        LaneCache memory cache
    ) private returns (RejectReason) {
        uint256 packed = b.packed;
        uint32 entryId = uint32(packed);
        uint8 choice = uint8(packed >> 32);
        uint16 nonce = uint16(packed >> 40);
        uint64 deadline = uint64(packed >> 56);
        uint32 headcount = uint32(packed >> 120);
        uint64 areaCm2 = uint64(packed >> 152);

        if (deadline < block.timestamp) return RejectReason.Expired;
        if (choice >= p.optionCount) return RejectReason.BadChoice;
        if (!_inRoll(p.rollRoot, entryId, b.voter, areaCm2, headcount, b.proof)) return RejectReason.NotInRoll;
        (address signer, ECDSA.RecoverError err, ) = ECDSA.tryRecover(
            ballotDigest(proposalId, entryId, choice, nonce, deadline),
            b.r,
            b.vs
        );
        if (err != ECDSA.RecoverError.NoError) return RejectReason.BadSignature;
        if (signer != b.voter || signer == address(0)) {
            if (signer != _proxies[proposalId][entryId] || signer == address(0)) return RejectReason.WrongSigner;
        }

        uint256 wordIndex = entryId >> 3;
        if (cache.wordIndex != wordIndex) {
            _flushLanes(proposalId, cache);
            cache.wordIndex = wordIndex;
            cache.word = _ballots[proposalId][wordIndex];
        }
        uint256 shift = (entryId & 7) * 32;
        uint256 lane = (cache.word >> shift) & 0xffffffff;
        if (lane != 0) {
            if (uint8(lane >> 8) == uint8(BallotKind.Electronic)) {
                if (!p.allowChange) return RejectReason.ChangeNotAllowed;
                if (nonce <= uint16(lane >> 16)) return RejectReason.NonceUsed;
            } else if (nonce == 0) {
                return RejectReason.NonceUsed;
            }
            uint8 old = uint8(lane) - 1;
            areaDelta[old] -= int256(uint256(areaCm2));
            headDelta[old] -= int256(uint256(headcount));
        } else if (nonce == 0) {
            return RejectReason.NonceUsed;
        }
        areaDelta[choice] += int256(uint256(areaCm2));
        headDelta[choice] += int256(uint256(headcount));
        uint256 newLane = (uint256(choice) + 1) | (uint256(uint8(BallotKind.Electronic)) << 8) | (uint256(nonce) << 16);
        cache.word = (cache.word & ~(uint256(0xffffffff) << shift)) | (newLane << shift);
        cache.dirty = true;
        emit BallotCast(proposalId, entryId, signer, choice, nonce, BallotKind.Electronic, areaCm2, headcount);
        return RejectReason.None;
    }

    function _flushLanes(uint256 proposalId, LaneCache memory cache) private {
        if (cache.dirty) {
            _ballots[proposalId][cache.wordIndex] = cache.word;
            cache.dirty = false;
        }
    }

    function _flushTally(uint256 proposalId, int256[] memory areaDelta, int256[] memory headDelta) private {
        for (uint256 i = 0; i < areaDelta.length; ++i) {
            if (areaDelta[i] == 0 && headDelta[i] == 0) continue;
            uint256 packed = _tallies[proposalId][i];
            // Invariant: every subtraction undoes an earlier addition, so no tally goes negative.
            uint256 area = uint256(int256(uint256(uint128(packed))) + areaDelta[i]);
            uint256 head = uint256(int256(packed >> 128) + headDelta[i]);
            _tallies[proposalId][i] = area | (head << 128);
        }
    }

    function _addToTally(uint256 proposalId, uint8 option, uint64 areaCm2, uint32 headcount, bool add) private {
        uint256 packed = _tallies[proposalId][option];
        uint256 area = uint128(packed);
        uint256 head = packed >> 128;
        if (add) {
            area += areaCm2;
            head += headcount;
        } else {
            area -= areaCm2;
            head -= headcount;
        }
        _tallies[proposalId][option] = area | (head << 128);
    }
}
