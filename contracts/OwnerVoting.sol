// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {RollProof} from "./libraries/RollProof.sol";
import {ICommunityRegistry} from "./interfaces/ICommunityRegistry.sol";
import {IOwnerVoting} from "./interfaces/IOwnerVoting.sol";
import {ILedgerModule} from "./interfaces/ILedgerModule.sol";

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
 * Each entry has a lane of as few bits as hold its choice + 1 (2 bits for three options, 3 for up
 * to seven, ...), so that one storage word records 128 entries of a for/against/abstain vote and
 * a batch of ballots from anywhere in the roll writes few new words. Entries whose ballot is on
 * paper, or whose electronic nonce is not 1 (a changed ballot), also keep a word of their own
 * with the kind and nonce. An electronic ballot replaces a paper one; a paper ballot never
 * replaces an electronic one (Shenzhen's rule).
 */
contract OwnerVoting is IOwnerVoting, ILedgerModule, EIP712 {
    bytes32 public constant BALLOT_TYPEHASH =
        keccak256("Ballot(uint256 proposalId,uint32 entryId,uint8 choice,uint16 nonce,uint64 deadline)");
    bytes32 public constant OBJECTION_TYPEHASH =
        keccak256("Objection(uint256 proposalId,uint32 entryId,bytes32 textHash,uint64 deadline)");

    uint8 public constant PUBLISH_PROPOSAL = 20;
    uint8 public constant ENTER_PAPER_BALLOTS = 21;
    uint8 public constant REGISTER_MANDATES = 22;
    uint8 public constant EXTEND_VOTING = 23;
    uint8 public constant ANSWER_OBJECTION = 24;

    uint256 public constant MAX_OPTIONS = 16;
    uint256 public constant MAX_BATCH = 200;
    uint256 public constant MAX_SCOPE = 5000;
    uint32 public constant MAX_ROLL_ENTRIES = 100_000;
    uint64 public constant MIN_VOTING_SECONDS = 5 days;
    uint64 public constant MAX_VOTING_SECONDS = 60 days;

    uint8 private constant _STORED_OPEN = 1;
    uint8 private constant _STORED_PROVISIONAL = 2;
    uint8 private constant _STORED_FINAL = 3;
    uint256 private constant _PAPER_BIT = 1 << 16;

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
        uint8 laneBits;
        uint16 objectionDays; // the community's setting when published: fixed for this proposal
        bool finalWithOpenObjections; // likewise
        uint32 objectionCount;
        uint32 openObjections;
        bytes32 scopeHash; // keccak256(abi.encode(scopeKind, scopeIds)): who bears the cost
    }

    ICommunityRegistry public immutable registry;

    uint256 private _proposalCount;
    mapping(uint256 proposalId => ProposalCore) private _proposals;
    /// @dev options 2k and 2k+1 share word k; option o is the 128-bit half at bit 128·(o % 2):
    /// area (low 96 bits) | headcount (high 32 bits)
    mapping(uint256 proposalId => mapping(uint256 pair => uint256 packed)) private _tallies;
    /// @dev word index → lanes of `laneBits` bits, ⌊256 / laneBits⌋ to a word, entry e in word
    /// e / lanesPerWord at bit (e % lanesPerWord)·laneBits: choice + 1 (0 = none)
    mapping(uint256 proposalId => mapping(uint256 word => uint256 lanes)) private _ballots;
    /// @dev kind and nonce of an entry's ballot when it is not "electronic, nonce 1" (the lane
    /// alone says that): nonce (bits 0-15) | paper (bit 16)
    mapping(uint256 proposalId => mapping(uint32 entryId => uint256 extra)) private _ballotExtras;
    mapping(uint256 proposalId => mapping(uint32 entryId => address proxy)) private _proxies;
    /// @dev objection id (from 1) → 1 filed, 2 answered
    mapping(uint256 proposalId => mapping(uint32 objectionId => uint8 state)) private _objections;
    /// @dev objection digests already filed: one signature files one objection
    mapping(bytes32 digest => bool) private _objectionFiled;

    uint8 private constant _OBJECTION_FILED = 1;
    uint8 private constant _OBJECTION_ANSWERED = 2;

    constructor(ICommunityRegistry registry_) EIP712("OwnerVoting", "1") {
        registry = registry_;
    }

    // ───────────────────────────────────────────────────────────── views

    /// @inheritdoc ILedgerModule
    function committeeKinds() external pure returns (uint8[] memory kinds) {
        kinds = new uint8[](5);
        kinds[0] = PUBLISH_PROPOSAL;
        kinds[1] = ENTER_PAPER_BALLOTS;
        kinds[2] = REGISTER_MANDATES;
        kinds[3] = EXTEND_VOTING;
        kinds[4] = ANSWER_OBJECTION;
    }

    /// @notice Number of proposals published; ids run from 1 to this number.
    function proposalCount() external view returns (uint256) {
        return _proposalCount;
    }

    /// @inheritdoc IOwnerVoting
    function fundUseOf(
        uint256 proposalId
    ) external view returns (uint256 communityId, Matter matter, Status status, Outcome outcome, bytes32 scopeHash) {
        ProposalCore storage p = _proposal(proposalId);
        return (p.communityId, Matter(p.matter), _status(p), Outcome(p.outcome), p.scopeHash);
    }

    /// @inheritdoc IOwnerVoting
    function isInRoll(
        uint256 proposalId,
        uint32 entryId,
        address voter,
        uint64 areaCm2,
        uint32 headcount,
        bytes32[] calldata proof
    ) external view returns (bool) {
        return _inRoll(_proposal(proposalId), entryId, voter, areaCm2, headcount, proof);
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
        v.objectionDays = p.objectionDays;
        v.allowBallotChange = p.allowChange;
        v.finalWithOpenObjections = p.finalWithOpenObjections;
        v.objectionCount = p.objectionCount;
        v.openObjections = p.openObjections;
    }

    /// @inheritdoc IOwnerVoting
    function tallyOf(uint256 proposalId, uint8 option) external view returns (Tally memory t) {
        (uint256 area, uint256 head) = _tallyOf(proposalId, option);
        t.areaCm2 = uint64(area);
        t.headcount = uint32(head);
    }

    /// @inheritdoc IOwnerVoting
    function ballotOf(
        uint256 proposalId,
        uint32 entryId
    ) external view returns (uint8 choice, BallotKind kind, uint16 nonce) {
        ProposalCore storage p = _proposal(proposalId);
        if (entryId >= p.entryCount) return (0, BallotKind.None, 0);
        (uint256 lane, BallotKind k, uint16 n, ) = _recorded(proposalId, _lanes(p, true), entryId);
        if (lane == 0) return (0, BallotKind.None, 0);
        return (uint8(lane - 1), k, n);
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
        // keccak256(abi.encode(BALLOT_TYPEHASH, proposalId, entryId, choice, nonce, deadline)),
        // hashed in scratch memory: this runs once per ballot.
        bytes32 typeHash = BALLOT_TYPEHASH;
        bytes32 structHash;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, typeHash)
            mstore(add(m, 0x20), proposalId)
            mstore(add(m, 0x40), and(entryId, 0xffffffff))
            mstore(add(m, 0x60), and(choice, 0xff))
            mstore(add(m, 0x80), and(nonce, 0xffff))
            mstore(add(m, 0xa0), and(deadline, 0xffffffffffffffff))
            structHash := keccak256(m, 0xc0)
        }
        return _hashTypedDataV4(structHash);
    }

    /// @notice The EIP-712 digest an owner (or proxy) signs to file an objection.
    function objectionDigest(
        uint256 proposalId,
        uint32 entryId,
        bytes32 textHash,
        uint64 deadline
    ) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(OBJECTION_TYPEHASH, proposalId, entryId, textHash, deadline)));
    }

    /// @notice Whether an objection has been answered (false for an unknown one).
    function isObjectionAnswered(uint256 proposalId, uint32 objectionId) external view returns (bool) {
        return _objections[proposalId][objectionId] == _OBJECTION_ANSWERED;
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
        p.objectionDays = settings.objectionDays;
        p.finalWithOpenObjections = settings.finalWithOpenObjections;
        p.namedChoice = input.namedChoice;
        p.scopeHash = keccak256(abi.encode(input.scopeKind, input.scopeIds));
        uint8 laneBits = 1;
        while ((1 << laneBits) <= input.options.length) ++laneBits;
        p.laneBits = laneBits;
        emit ProposalPublished(proposalId, input.communityId, input, uint64(block.timestamp));
        emit ProposalRulesFixed(
            proposalId,
            settings.objectionDays,
            settings.allowBallotChange,
            settings.finalWithOpenObjections
        );
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
        Lanes memory lanes = _lanes(p, false);
        for (uint256 i = 0; i < ballots.length; ++i) {
            PaperBallot calldata b = ballots[i];
            if (b.choice >= p.optionCount) revert VotingBadChoice(b.choice, p.optionCount);
            if (!_inRoll(p, b.entryId, b.voter, b.areaCm2, b.headcount, b.proof)) {
                revert VotingNotInRoll(b.entryId);
            }
            (uint256 lane, BallotKind kind, , ) = _recorded(proposalId, lanes, b.entryId);
            // Shenzhen's rule: an electronic ballot of the same entry takes precedence.
            if (kind == BallotKind.Electronic) {
                emit PaperBallotEntered(proposalId, b.entryId, b.choice, b.scanHash, false);
                continue;
            }
            if (lane != 0) _addToTally(proposalId, uint8(lane - 1), b.areaCm2, b.headcount, false);
            else _ballotExtras[proposalId][b.entryId] = _PAPER_BIT;
            _addToTally(proposalId, b.choice, b.areaCm2, b.headcount, true);
            _setLane(proposalId, lanes, b.entryId, uint256(b.choice) + 1);
            emit PaperBallotEntered(proposalId, b.entryId, b.choice, b.scanHash, true);
            emit BallotCast(proposalId, b.entryId, address(0), b.choice, 0, BallotKind.Paper, b.areaCm2, b.headcount);
        }
        _flushLanes(proposalId, lanes);
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
            if (!_inRoll(p, m.entryId, m.voter, m.areaCm2, m.headcount, m.proof)) {
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

    /// @inheritdoc IOwnerVoting
    /// @dev Committee action ANSWER_OBJECTION, payload abi.encode(proposalId, objectionId, answerHash).
    /// An objection is answered once; an answer may come after the objection period.
    function answerObjection(
        uint256 proposalId,
        uint32 objectionId,
        bytes32 answerHash,
        ICommunityRegistry.CommitteeAuth calldata auth
    ) external {
        ProposalCore storage p = _proposal(proposalId);
        uint8 state = _objections[proposalId][objectionId];
        if (state == 0) revert VotingUnknownObjection(proposalId, objectionId);
        if (state == _OBJECTION_ANSWERED) revert VotingObjectionAlreadyAnswered(proposalId, objectionId);
        registry.consumeCommitteeAction(
            p.communityId,
            ANSWER_OBJECTION,
            keccak256(abi.encode(proposalId, objectionId, answerHash)),
            auth
        );
        _objections[proposalId][objectionId] = _OBJECTION_ANSWERED;
        --p.openObjections;
        emit ObjectionAnswered(proposalId, objectionId, answerHash);
    }

    // ───────────────────────────────────────────────────── owner actions

    /// @inheritdoc IOwnerVoting
    function fileObjection(
        uint256 proposalId,
        Objection calldata objection,
        bytes calldata signature
    ) external returns (uint32 objectionId) {
        ProposalCore storage p = _proposal(proposalId);
        if (p.stored != _STORED_PROVISIONAL || block.timestamp >= p.objectionEnd) {
            revert VotingNotInObjectionPeriod(proposalId);
        }
        if (objection.deadline < block.timestamp) revert VotingSignatureExpired(objection.deadline);
        if (!_inRoll(p, objection.entryId, objection.voter, objection.areaCm2, objection.headcount, objection.proof)) {
            revert VotingNotInRoll(objection.entryId);
        }
        bytes32 digest = objectionDigest(proposalId, objection.entryId, objection.textHash, objection.deadline);
        (address signer, ECDSA.RecoverError err, ) = ECDSA.tryRecover(digest, signature);
        if (
            err != ECDSA.RecoverError.NoError ||
            signer == address(0) ||
            (signer != objection.voter && signer != _proxies[proposalId][objection.entryId])
        ) revert VotingWrongSigner(signer);
        if (_objectionFiled[digest]) revert VotingObjectionDuplicate(proposalId, digest);

        _objectionFiled[digest] = true;
        objectionId = ++p.objectionCount;
        ++p.openObjections;
        _objections[proposalId][objectionId] = _OBJECTION_FILED;
        emit ObjectionFiled(proposalId, objectionId, objection.entryId, signer, objection.textHash);
    }

    /// @inheritdoc IOwnerVoting
    /// @dev Reverts with {VotingBallotRejected} naming the reason when the ballot is not counted.
    function castBallot(uint256 proposalId, SignedBallot calldata ballot) external {
        ProposalCore storage p = _proposal(proposalId);
        if (!_isVotingOpen(p)) revert VotingNotOpen(proposalId);
        Deltas memory deltas = _deltas(p);
        Lanes memory lanes = _lanes(p, true);
        RejectReason reason = _applyBallot(proposalId, p, ballot.packed, ballot.voter, ballot.r, ballot.vs, ballot.proof, deltas, lanes);
        if (reason != RejectReason.None) revert VotingBallotRejected(proposalId, uint32(ballot.packed), reason);
        _flushTally(proposalId, deltas);
    }

    /// @inheritdoc IOwnerVoting
    /// @dev A ballot that fails a check emits {BallotRejected} and the batch goes on.
    function castBallots(uint256 proposalId, SignedBallot[] calldata ballots) external returns (uint256 counted) {
        ProposalCore storage p = _proposal(proposalId);
        if (!_isVotingOpen(p)) revert VotingNotOpen(proposalId);
        if (ballots.length == 0 || ballots.length > MAX_BATCH) revert VotingBatchTooLarge(ballots.length, MAX_BATCH);
        Deltas memory deltas = _deltas(p);
        Lanes memory lanes = _lanes(p, false);
        for (uint256 i = 0; i < ballots.length; ++i) {
            SignedBallot calldata b = ballots[i];
            RejectReason reason = _applyBallot(proposalId, p, b.packed, b.voter, b.r, b.vs, b.proof, deltas, lanes);
            if (reason == RejectReason.None) ++counted;
            else emit BallotRejected(proposalId, uint32(b.packed), _digestOf(proposalId, b.packed), reason);
        }
        _flushLanes(proposalId, lanes);
        _flushTally(proposalId, deltas);
    }

    /// @inheritdoc IOwnerVoting
    /// @dev The ballots' roll leaves, in the order of the multiproof's leaves, are proven together
    /// by `proof` and `proofFlagBits` (OpenZeppelin's multiproof, as `StandardMerkleTree.getMultiProof`
    /// makes it, its flags as a bitmap: flag i is bit i % 256 of word i / 256; checked by
    /// {RollProof}); an invalid multiproof reverts the whole batch with {VotingRollProofInvalid}, as it
    /// can only be the relayer's fault. Any other failing ballot emits {BallotRejected} and the
    /// batch goes on. Cheaper than {castBallots} because shared proof nodes are sent once.
    function castBallotsWithMultiproof(
        uint256 proposalId,
        RelayedBallot[] calldata ballots,
        bytes32[] calldata proof,
        uint256[] calldata proofFlagBits
    ) external returns (uint256 counted) {
        ProposalCore storage p = _proposal(proposalId);
        if (!_isVotingOpen(p)) revert VotingNotOpen(proposalId);
        uint256 n = ballots.length;
        if (n == 0 || n > MAX_BATCH) revert VotingBatchTooLarge(n, MAX_BATCH);
        bytes32[] memory leaves = new bytes32[](n);
        uint32 entryCount = p.entryCount;
        for (uint256 i = 0; i < n; ++i) {
            uint256 packed = ballots[i].packed;
            if (uint32(packed) >= entryCount) revert VotingNotInRoll(uint32(packed));
            leaves[i] = RollProof.leaf(uint32(packed), ballots[i].voter, uint64(packed >> 152), uint32(packed >> 120));
        }
        (bool wellFormed, bytes32 root) = RollProof.multiProofRoot(proof, proofFlagBits, leaves);
        if (!wellFormed || root != p.rollRoot) revert VotingRollProofInvalid(proposalId);
        Deltas memory deltas = _deltas(p);
        Lanes memory lanes = _lanes(p, false);
        for (uint256 i = 0; i < n; ++i) {
            RelayedBallot calldata b = ballots[i];
            RejectReason reason = _basicChecks(b.packed, deltas);
            if (reason == RejectReason.None) reason = _applySigned(proposalId, p, b.packed, b.voter, b.r, b.vs, deltas, lanes);
            if (reason == RejectReason.None) ++counted;
            else emit BallotRejected(proposalId, uint32(b.packed), _digestOf(proposalId, b.packed), reason);
        }
        _flushLanes(proposalId, lanes);
        _flushTally(proposalId, deltas);
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
            (optArea[i], optHead[i]) = _tallyOf(proposalId, i);
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
        uint64 objectionEnd = uint64(block.timestamp) + uint64(p.objectionDays) * 1 days;
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
        if (p.openObjections > 0 && !p.finalWithOpenObjections) {
            revert VotingObjectionsUnanswered(proposalId, p.openObjections);
        }
        p.stored = _STORED_FINAL;
        emit ProposalFinalised(proposalId, Outcome(p.outcome), p.winningOption);
    }

    // ──────────────────────────────────────────────────────── internals

    /// @dev The ballot words one call touches, each read once and written back once (a word
    /// read but not changed is written back unchanged, a warm no-op); `direct` skips the cache
    /// (one ballot) and reads and writes storage at once.
    struct Lanes {
        uint256 bits;
        uint256 perWord;
        bool direct;
        uint256[] words;
        uint256[] loaded; // bitmap over words
        uint256[] loadedList; // the loaded words, in the order they were read
        uint256 loadedCount;
    }

    /// @dev Tally changes of one call, per option, written once at the end.
    struct Deltas {
        int256[] area;
        int256[] head;
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
        if (input.entryCount > MAX_ROLL_ENTRIES) revert VotingRollTooLarge(input.entryCount, MAX_ROLL_ENTRIES);
    }

    /// @dev Entry ids run from 0 to entryCount - 1; the leaf must be in the proposal's roll.
    function _inRoll(
        ProposalCore storage p,
        uint32 entryId,
        address voter,
        uint64 areaCm2,
        uint32 headcount,
        bytes32[] calldata proof
    ) private view returns (bool) {
        return
            entryId < p.entryCount &&
            MerkleProof.verifyCalldata(proof, p.rollRoot, RollProof.leaf(entryId, voter, areaCm2, headcount));
    }

    function _digestOf(uint256 proposalId, uint256 packed) private view returns (bytes32) {
        return ballotDigest(proposalId, uint32(packed), uint8(packed >> 32), uint16(packed >> 40), uint64(packed >> 56));
    }

    /// @dev A ballot's deadline and choice, the checks that come before its roll proof.
    function _basicChecks(uint256 packed, Deltas memory deltas) private view returns (RejectReason) {
        if (uint64(packed >> 56) < block.timestamp) return RejectReason.Expired;
        if (uint8(packed >> 32) >= deltas.area.length) return RejectReason.BadChoice; // one delta per option
        return RejectReason.None;
    }

    /// @dev Checks one signed ballot with its own roll proof; see {_applySigned}.
    function _applyBallot(
        uint256 proposalId,
        ProposalCore storage p,
        uint256 packed,
        address voter,
        bytes32 r,
        bytes32 vs,
        bytes32[] calldata proof,
        Deltas memory deltas,
        Lanes memory lanes
    ) private returns (RejectReason) {
        RejectReason reason = _basicChecks(packed, deltas);
        if (reason != RejectReason.None) return reason;
        if (!_inRoll(p, uint32(packed), voter, uint64(packed >> 152), uint32(packed >> 120), proof)) {
            return RejectReason.NotInRoll;
        }
        return _applySigned(proposalId, p, packed, voter, r, vs, deltas, lanes);
    }

    /// @dev Checks the signature and nonce of a ballot that passed {_basicChecks} and whose roll
    /// leaf is proven, and records it in the lanes and the tally deltas. Returns the reason it was
    /// not counted, or None. Lanes reach storage only through {_flushLanes}, the tally only
    /// through {_flushTally}.
    function _applySigned(
        uint256 proposalId,
        ProposalCore storage p,
        uint256 packed,
        address voter,
        bytes32 r,
        bytes32 vs,
        Deltas memory deltas,
        Lanes memory lanes
    ) private returns (RejectReason) {
        uint32 entryId = uint32(packed);
        uint8 choice = uint8(packed >> 32);
        uint16 nonce = uint16(packed >> 40);
        uint64 deadline = uint64(packed >> 56);
        uint32 headcount = uint32(packed >> 120);
        uint64 areaCm2 = uint64(packed >> 152);

        (address signer, ECDSA.RecoverError err, ) = ECDSA.tryRecover(
            ballotDigest(proposalId, entryId, choice, nonce, deadline),
            r,
            vs
        );
        if (err != ECDSA.RecoverError.NoError) return RejectReason.BadSignature;
        if (signer != voter || signer == address(0)) {
            if (signer != _proxies[proposalId][entryId] || signer == address(0)) return RejectReason.WrongSigner;
        }

        (uint256 lane, BallotKind kind, uint16 lastNonce, uint256 oldExtra) = _recorded(proposalId, lanes, entryId);
        if (nonce == 0) return RejectReason.NonceUsed;
        if (kind == BallotKind.Electronic) {
            if (!p.allowChange) return RejectReason.ChangeNotAllowed;
            if (nonce <= lastNonce) return RejectReason.NonceUsed;
        }
        // At most MAX_BATCH ballots of at most 2^64 each: no delta can overflow an int256.
        unchecked {
            if (lane != 0) {
                deltas.area[lane - 1] -= int256(uint256(areaCm2));
                deltas.head[lane - 1] -= int256(uint256(headcount));
            }
            deltas.area[choice] += int256(uint256(areaCm2));
            deltas.head[choice] += int256(uint256(headcount));
        }
        _setLane(proposalId, lanes, entryId, uint256(choice) + 1);
        // The extra word says what the lane alone cannot: a paper ballot, or a nonce above 1.
        uint256 newExtra = nonce > 1 ? nonce : 0;
        if (newExtra != oldExtra) _ballotExtras[proposalId][entryId] = newExtra;
        emit BallotCast(proposalId, entryId, signer, choice, nonce, BallotKind.Electronic, areaCm2, headcount);
        return RejectReason.None;
    }

    function _deltas(ProposalCore storage p) private view returns (Deltas memory d) {
        d.area = new int256[](p.optionCount);
        d.head = new int256[](p.optionCount);
    }

    function _lanes(ProposalCore storage p, bool direct) private view returns (Lanes memory c) {
        c.bits = p.laneBits;
        c.perWord = 256 / c.bits;
        c.direct = direct;
        if (!direct) {
            uint256 words = (uint256(p.entryCount) + c.perWord - 1) / c.perWord;
            c.words = new uint256[](words);
            c.loaded = new uint256[]((words + 255) >> 8);
            // a call reads at most MAX_BATCH ballots, each from one word
            c.loadedList = new uint256[](words < MAX_BATCH ? words : MAX_BATCH);
        }
    }

    /// @dev The ballot recorded for an entry: its lane (choice + 1, 0 = none), kind, electronic
    /// nonce and the extra word they come from. The extra word is read only for an entry that has
    /// a ballot (it is 0 for one that has none).
    function _recorded(
        uint256 proposalId,
        Lanes memory lanes,
        uint32 entryId
    ) private view returns (uint256 lane, BallotKind kind, uint16 nonce, uint256 extra) {
        (uint256 w, uint256 shift) = _position(lanes, entryId);
        uint256 word;
        if (lanes.direct) {
            word = _ballots[proposalId][w];
        } else {
            uint256 bit = 1 << (w & 255);
            if (lanes.loaded[w >> 8] & bit == 0) {
                lanes.words[w] = _ballots[proposalId][w];
                lanes.loaded[w >> 8] |= bit;
                lanes.loadedList[lanes.loadedCount++] = w;
            }
            word = lanes.words[w];
        }
        unchecked {
            lane = (word >> shift) & ((1 << lanes.bits) - 1); // bits is 1 to 5
        }
        if (lane == 0) return (0, BallotKind.None, 0, 0);
        extra = _ballotExtras[proposalId][entryId];
        if (extra & _PAPER_BIT != 0) return (lane, BallotKind.Paper, 0, extra);
        return (lane, BallotKind.Electronic, extra == 0 ? 1 : uint16(extra), extra);
    }

    /// @dev The word of an entry's lane and the lane's bit offset in it.
    function _position(Lanes memory lanes, uint32 entryId) private pure returns (uint256 w, uint256 shift) {
        uint256 perWord = lanes.perWord; // never 0: laneBits is 1 to 5
        uint256 bits = lanes.bits;
        assembly ("memory-safe") {
            w := div(entryId, perWord)
            shift := mul(mod(entryId, perWord), bits)
        }
    }

    /// @dev Sets an entry's lane; {_recorded} must have read the entry first.
    function _setLane(uint256 proposalId, Lanes memory lanes, uint32 entryId, uint256 value) private {
        (uint256 w, uint256 shift) = _position(lanes, entryId);
        uint256 mask;
        unchecked {
            mask = ((1 << lanes.bits) - 1) << shift; // bits is 1 to 5
        }
        if (lanes.direct) {
            _ballots[proposalId][w] = (_ballots[proposalId][w] & ~mask) | (value << shift);
            return;
        }
        lanes.words[w] = (lanes.words[w] & ~mask) | (value << shift);
    }

    function _flushLanes(uint256 proposalId, Lanes memory lanes) private {
        if (lanes.direct) return;
        for (uint256 k = 0; k < lanes.loadedCount; ++k) {
            uint256 w = lanes.loadedList[k];
            _ballots[proposalId][w] = lanes.words[w];
        }
    }

    function _tallyOf(uint256 proposalId, uint256 option) private view returns (uint256 area, uint256 head) {
        uint256 half = uint128(_tallies[proposalId][option >> 1] >> ((option & 1) * 128));
        return (uint96(half), half >> 96);
    }

    /// @dev `word` with option o's half replaced; reverts (SafeCast) if a total outgrows its bits,
    /// which only a roll whose leaves sum past its uint64 totals could make happen.
    function _withTally(uint256 word, uint256 option, uint256 area, uint256 head) private pure returns (uint256) {
        uint256 shift = (option & 1) * 128;
        uint256 half = uint256(SafeCast.toUint96(area)) | (uint256(SafeCast.toUint32(head)) << 96);
        return (word & ~(uint256(type(uint128).max) << shift)) | (half << shift);
    }

    function _flushTally(uint256 proposalId, Deltas memory d) private {
        uint256 pair = type(uint256).max; // the pair whose word is in `word`
        uint256 word;
        for (uint256 o = 0; o < d.area.length; ++o) {
            if (d.area[o] == 0 && d.head[o] == 0) continue;
            if (o >> 1 != pair) {
                if (pair != type(uint256).max) _tallies[proposalId][pair] = word;
                pair = o >> 1;
                word = _tallies[proposalId][pair];
            }
            uint256 half = uint128(word >> ((o & 1) * 128));
            // Invariant: every subtraction undoes an earlier addition, so no tally goes negative.
            uint256 area = uint256(int256(uint256(uint96(half))) + d.area[o]);
            uint256 head = uint256(int256(half >> 96) + d.head[o]);
            word = _withTally(word, o, area, head);
        }
        if (pair != type(uint256).max) _tallies[proposalId][pair] = word;
    }

    function _addToTally(uint256 proposalId, uint8 option, uint64 areaCm2, uint32 headcount, bool add) private {
        (uint256 area, uint256 head) = _tallyOf(proposalId, option);
        if (add) {
            area += areaCm2;
            head += headcount;
        } else {
            area -= areaCm2;
            head -= headcount;
        }
        uint256 pair = option >> 1;
        _tallies[proposalId][pair] = _withTally(_tallies[proposalId][pair], option, area, head);
    }
}
