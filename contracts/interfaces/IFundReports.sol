// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/**
 * @title IFundReports
 * @notice What the maintenance fund reports to its owners: published statements, whose unit
 * lines are committed as a Merkle-sum tree and whose bank balance the custodian confirms, and the
 * owners' ratings of a plan's work once its acceptance report is in (the loop proposal → vote →
 * execution → evaluation closes). A module of its own beside {IFundLedger}.
 */
interface IFundReports {
    struct Rating {
        uint256 planId;
        uint32 entryId; // the voter entry of the plan's proposal roll
        address voter;
        uint64 areaCm2;
        uint32 headcount;
        uint8 stars; // 1–5
        bytes32 commentHash;
        uint64 deadline;
    }

    struct Statement {
        uint256 communityId;
        uint64 periodStart;
        uint64 periodEnd;
        bytes32 root; // Merkle-sum root of the unit lines
        uint64 totalFen; // the root's sum: all unit lines
        uint32 lineCount;
        uint64 ledgerBalanceFen; // units + held + common at period end, as the ledger says
        bytes32 documentHash; // the statement document
    }

    event WorkRated(
        uint256 indexed communityId,
        uint256 indexed planId,
        uint32 indexed entryId,
        uint8 stars,
        bytes32 commentHash
    );
    event StatementPublished(uint256 indexed communityId, uint256 indexed statementId, Statement statement);
    event StatementConfirmed(
        uint256 indexed communityId,
        uint256 indexed statementId,
        uint64 bankBalanceFen,
        bytes32 bankRecordHash,
        bool reconciled
    );

    error FundNotAccepted(uint256 planId);
    error FundBadRating(uint8 stars);
    error FundNotInRoll(uint256 planId, uint32 entryId);
    error FundWrongSigner(address expected, address signer);
    error FundSignatureExpired(uint64 deadline, uint256 nowSeconds);
    error FundAlreadyRated(uint256 planId, uint32 entryId);
    error FundUnknownStatement(uint256 statementId);
    error FundStatementConfirmed(uint256 statementId);
    error FundInvalidStatement();
}
