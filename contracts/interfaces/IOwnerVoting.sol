// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICommunityRegistry} from "./ICommunityRegistry.sol";

/**
 * @title IOwnerVoting
 * @notice Owner votes on the nine kinds of matter of 民法典 第278条, counted by the double
 * majority of area and headcount. The electorate roll (业主名册) is committed as a Merkle root
 * of voter entries when the proposal is published; each ballot proves its entry, so the cost
 * of a ballot grows with the logarithm of the electorate, not its size.
 *
 * Roll leaf: OpenZeppelin StandardMerkleTree over `(uint32 entryId, address voter,
 * uint64 areaCm2, uint32 headcount)`, i.e. keccak256(bytes.concat(keccak256(abi.encode(...)))).
 * One entry may have several leaves (co-owners, each with their own address); they share one
 * ballot slot. An entry with no bound address has a leaf with `voter = address(0)` so that a
 * paper ballot can still be entered for it.
 */
interface IOwnerVoting {
    /// @notice 民法典 278: (一)..(九). The matter fixes the approval threshold.
    enum Matter {
        None,
        RulesOfProcedure, // (一)
        ManagementCovenant, // (二)
        ElectCommittee, // (三)
        HireOrFireManager, // (四)
        UseFund, // (五)
        RaiseFund, // (六)  3/4
        Rebuild, // (七)  3/4
        ChangeUseOfCommonParts, // (八)  3/4
        OtherMajorMatter // (九)
    }

    enum ScopeKind {
        Community,
        Buildings,
        Units
    }

    enum Status {
        None,
        Notice, // published, roll public, voting not yet open
        Voting, // between votingStart and votingEnd (derived from time)
        Provisional, // tallied, in the objection period (询异公示)
        Final
    }

    enum Outcome {
        None,
        Passed,
        Rejected,
        NoQuorum
    }

    enum BallotKind {
        None,
        Electronic,
        Paper
    }

    /// @notice Why a ballot in a batch was not counted (the batch goes on without it).
    enum RejectReason {
        None,
        VotingNotOpen,
        Expired,
        BadChoice,
        NotInRoll,
        BadSignature,
        WrongSigner,
        NonceUsed,
        ChangeNotAllowed,
        NonceExhausted
    }

    struct ProposalInput {
        uint256 communityId;
        Matter matter;
        ScopeKind scopeKind;
        uint32[] scopeIds; // building ids or unit ids; empty for the whole community
        bool adHoc; // ad hoc meeting: the shorter notice period applies
        uint64 votingStart;
        uint64 votingEnd;
        string title;
        bytes32 textHash; // keccak256 of the full text, kept off chain
        string[] options; // the LAST option is always abstain (it participates, it cannot win)
        bool namedChoice; // false: options are for / against / abstain and only "for" (0) can pass;
        // true: a single choice among named options (e.g. bids), any but abstain can win
        bytes32 rollRoot;
        uint64 totalAreaCm2;
        uint32 totalHeadcount;
        uint32 entryCount;
    }

    struct ProposalView {
        uint256 communityId;
        Matter matter;
        Status status;
        Outcome outcome;
        uint8 optionCount;
        bool extended;
        uint64 publishedAt;
        uint64 votingStart;
        uint64 votingEnd;
        uint64 objectionEnd;
        bytes32 rollRoot;
        uint64 totalAreaCm2;
        uint32 totalHeadcount;
        uint32 entryCount;
        uint8 winningOption; // meaningful when outcome == Passed
        uint16 objectionDays; // fixed at publication, whatever the community's settings say later
        bool allowBallotChange; // fixed at publication
        bool finalWithOpenObjections; // fixed at publication
        uint32 objectionCount; // objections filed
        uint32 openObjections; // objections the committee has not answered yet
    }

    struct Tally {
        uint64 areaCm2;
        uint32 headcount;
    }

    /// @notice A ballot signed by a voter (or their proxy) and relayed by anyone.
    /// `packed` = entryId (bits 0-31) | choice (32-39) | nonce (40-55) | deadline (56-119)
    ///          | headcount (120-151) | areaCm2 (152-215). The signature is EIP-2098 (r, vs).
    struct SignedBallot {
        uint256 packed;
        address voter;
        bytes32 r;
        bytes32 vs;
        bytes32[] proof;
    }

    /// @notice A signed ballot without a roll proof of its own: the entries of a batch of these
    /// are proven together by one Merkle multiproof (see {castBallotsWithMultiproof}).
    struct RelayedBallot {
        uint256 packed;
        address voter;
        bytes32 r;
        bytes32 vs;
    }

    struct PaperBallot {
        uint32 entryId;
        address voter; // the leaf's address (address(0) for an entry with no bound address)
        uint64 areaCm2;
        uint32 headcount;
        uint8 choice;
        bytes32 scanHash; // hash of the scanned paper ballot
        bytes32[] proof;
    }

    struct Mandate {
        uint32 entryId;
        address voter; // the leaf's address
        uint64 areaCm2;
        uint32 headcount;
        address proxy;
        bytes32 mandateHash; // hash of the scanned written mandate
        bytes32[] proof;
    }

    /// @notice An objection (询异) an owner of the roll, or their proxy, signs during the objection
    /// period. The text lives off chain; `textHash` = keccak256 of its UTF-8 bytes.
    struct Objection {
        uint32 entryId;
        address voter; // the leaf's address
        uint64 areaCm2;
        uint32 headcount;
        bytes32 textHash;
        uint64 deadline; // the signature is void after this time
        bytes32[] proof;
    }

    event ProposalPublished(
        uint256 indexed proposalId,
        uint256 indexed communityId,
        ProposalInput input,
        uint64 publishedAt
    );
    /// @notice The community settings that govern this proposal, fixed when it is published: a
    /// later change of the settings does not change a vote already published.
    event ProposalRulesFixed(
        uint256 indexed proposalId,
        uint16 objectionDays,
        bool allowBallotChange,
        bool finalWithOpenObjections
    );
    event BallotCast(
        uint256 indexed proposalId,
        uint32 indexed entryId,
        address indexed signer,
        uint8 choice,
        uint16 nonce,
        BallotKind kind,
        uint64 areaCm2,
        uint32 headcount
    );
    event BallotRejected(
        uint256 indexed proposalId,
        uint32 indexed entryId,
        bytes32 ballotDigest,
        RejectReason reason
    );
    event PaperBallotEntered(
        uint256 indexed proposalId,
        uint32 indexed entryId,
        uint8 choice,
        bytes32 scanHash,
        bool counted
    );
    event MandateRegistered(
        uint256 indexed proposalId,
        uint32 indexed entryId,
        address indexed proxy,
        bytes32 mandateHash
    );
    event ProposalTallied(
        uint256 indexed proposalId,
        uint64 participatingAreaCm2,
        uint32 participatingHeadcount,
        bool quorumMet,
        Outcome outcome,
        uint8 winningOption,
        uint64 objectionEnd
    );
    event VotingExtended(uint256 indexed proposalId, uint64 oldVotingEnd, uint64 newVotingEnd);
    event ProposalFinalised(uint256 indexed proposalId, Outcome outcome, uint8 winningOption);
    event ObjectionFiled(
        uint256 indexed proposalId,
        uint32 indexed objectionId,
        uint32 indexed entryId,
        address signer,
        bytes32 textHash
    );
    event ObjectionAnswered(uint256 indexed proposalId, uint32 indexed objectionId, bytes32 answerHash);

    error VotingUnknownProposal(uint256 proposalId);
    error VotingInvalidMatter(uint8 matter);
    error VotingScopeNotAllowed(Matter matter, ScopeKind scopeKind);
    error VotingInvalidScope();
    error VotingInvalidOptions(uint256 count);
    error VotingNoticeTooShort(uint64 votingStart, uint64 earliest);
    error VotingWindowOutOfRange(uint64 votingStart, uint64 votingEnd);
    error VotingEmptyRoll();
    error VotingNotOpen(uint256 proposalId);
    error VotingNotClosed(uint256 proposalId, uint64 votingEnd);
    error VotingAlreadyTallied(uint256 proposalId);
    error VotingNotProvisional(uint256 proposalId);
    error VotingObjectionPeriodRunning(uint256 proposalId, uint64 objectionEnd);
    error VotingCannotExtend(uint256 proposalId);
    error VotingBallotRejected(uint256 proposalId, uint32 entryId, RejectReason reason);
    error VotingBadChoice(uint8 choice, uint8 optionCount);
    error VotingNotInRoll(uint32 entryId);
    error VotingBatchTooLarge(uint256 length, uint256 max);
    error VotingRollTooLarge(uint32 entryCount, uint32 max);
    error VotingRollProofInvalid(uint256 proposalId);
    error VotingNotInObjectionPeriod(uint256 proposalId);
    error VotingSignatureExpired(uint64 deadline);
    error VotingWrongSigner(address signer);
    error VotingObjectionDuplicate(uint256 proposalId, bytes32 digest);
    error VotingUnknownObjection(uint256 proposalId, uint32 objectionId);
    error VotingObjectionAlreadyAnswered(uint256 proposalId, uint32 objectionId);
    error VotingObjectionsUnanswered(uint256 proposalId, uint32 openObjections);

    /// @notice Publishes a proposal and commits its electorate roll (root and totals); a committee
    /// action signed by at least `threshold` members. Voting opens at `input.votingStart`.
    function publishProposal(
        ProposalInput calldata input,
        ICommunityRegistry.CommitteeAuth calldata auth
    ) external returns (uint256 proposalId);

    /// @notice Counts one signed ballot (signed by the voter or their registered proxy), relayed by
    /// anyone; reverts if it is not counted.
    function castBallot(uint256 proposalId, SignedBallot calldata ballot) external;

    /// @notice Counts a batch of signed ballots, each with its own roll proof; a ballot that is not
    /// counted is reported by {BallotRejected} and the others still count.
    function castBallots(
        uint256 proposalId,
        SignedBallot[] calldata ballots
    ) external returns (uint256 counted);

    /// @notice Counts a batch of signed ballots whose roll leaves are proven by one Merkle multiproof
    /// (flags as a bitmap); a ballot that is not counted is reported by {BallotRejected}.
    function castBallotsWithMultiproof(
        uint256 proposalId,
        RelayedBallot[] calldata ballots,
        bytes32[] calldata proof,
        uint256[] calldata proofFlagBits
    ) external returns (uint256 counted);

    /// @notice Enters paper ballots with the hash of each scan; a committee action. A paper ballot
    /// never replaces an electronic one of the same entry.
    function enterPaperBallots(
        uint256 proposalId,
        PaperBallot[] calldata ballots,
        ICommunityRegistry.CommitteeAuth calldata auth
    ) external;

    /// @notice Registers proxies (with the hash of each written mandate) who may sign ballots for
    /// an entry; a committee action.
    function registerMandates(
        uint256 proposalId,
        Mandate[] calldata mandates,
        ICommunityRegistry.CommitteeAuth calldata auth
    ) external;

    /// @notice Tallies a proposal once voting has closed; anyone may call it. The result is
    /// provisional until the objection period has passed.
    function finalize(uint256 proposalId) external;

    /// @notice Extends, once, a vote that missed the quorum, during its objection period; a
    /// committee action.
    function extendVoting(
        uint256 proposalId,
        uint64 newVotingEnd,
        ICommunityRegistry.CommitteeAuth calldata auth
    ) external;

    /// @notice Makes a provisional result final once its objection period has passed; anyone may call
    /// it. Unless the proposal's rules allow it, every objection must have been answered first.
    function confirm(uint256 proposalId) external;

    /// @notice Files an objection (询异) during the objection period, signed (EIP-712, see
    /// {objectionDigest}) by the roll leaf's address or the entry's registered proxy; relayed by anyone.
    function fileObjection(
        uint256 proposalId,
        Objection calldata objection,
        bytes calldata signature
    ) external returns (uint32 objectionId);

    /// @notice Records the committee's answer to an objection; a committee action.
    function answerObjection(
        uint256 proposalId,
        uint32 objectionId,
        bytes32 answerHash,
        ICommunityRegistry.CommitteeAuth calldata auth
    ) external;

    /// @notice A proposal's state, window, roll commitment and result.
    function getProposal(uint256 proposalId) external view returns (ProposalView memory);

    /// @notice The area (hundredths of a m²) and headcount counted for an option so far.
    function tallyOf(uint256 proposalId, uint8 option) external view returns (Tally memory);

    /// @notice The ballot counted for a roll entry: choice, kind (none, electronic, paper) and the
    /// electronic ballot's nonce.
    function ballotOf(
        uint256 proposalId,
        uint32 entryId
    ) external view returns (uint8 choice, BallotKind kind, uint16 nonce);

    /// @notice The proxy registered for a roll entry, or the zero address.
    function proxyOf(uint256 proposalId, uint32 entryId) external view returns (address);

    /// @notice What a spending module needs of a proposal: its community, matter, status, outcome
    /// and the hash of its scope, keccak256(abi.encode(scopeKind, scopeIds)), fixed when published.
    function fundUseOf(
        uint256 proposalId
    ) external view returns (uint256 communityId, Matter matter, Status status, Outcome outcome, bytes32 scopeHash);

    /// @notice Whether (entryId, voter, areaCm2, headcount) is a leaf of the proposal's roll.
    function isInRoll(
        uint256 proposalId,
        uint32 entryId,
        address voter,
        uint64 areaCm2,
        uint32 headcount,
        bytes32[] calldata proof
    ) external view returns (bool);
}
