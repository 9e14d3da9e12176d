// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IDocumentAnchor} from "./interfaces/IDocumentAnchor.sol";
import {ILedgerModule} from "./interfaces/ILedgerModule.sol";

/**
 * @title DocumentAnchor
 * @notice Documents as a module of the ledger: the roots of batches of document hashes, each
 * with its size, time and block, so anyone can prove a file is the one recorded and when. A root
 * is a timestamp and carries no authority (what a document belongs to is in its leaf; who may
 * attach it is checked where its record is): anyone may anchor, the server's relayer included,
 * and a root can be anchored only once, so a batch resent after a crash is refused, never doubled.
 * It owns no committee-action kinds, so it is deployed beside the registry, not registered with it.
 */
contract DocumentAnchor is IDocumentAnchor, ILedgerModule {
    uint64 private _batchCount;
    mapping(bytes32 root => Anchor) private _anchors;

    /// @inheritdoc ILedgerModule
    function committeeKinds() external pure returns (uint8[] memory kinds) {
        kinds = new uint8[](0);
    }

    /// @notice Number of batches anchored; ids run from 1 to this number.
    function batchCount() external view returns (uint256) {
        return _batchCount;
    }

    /// @notice Where and when `root` was anchored; batchId 0 when it never was.
    function anchorOf(bytes32 root) external view returns (Anchor memory) {
        return _anchors[root];
    }

    /// @notice Anchors the root of a batch of `size` documents, once.
    /// @return batchId the batch's id, from 1
    function anchor(bytes32 root, uint32 size) external returns (uint256 batchId) {
        if (root == bytes32(0) || size == 0) revert AnchorEmptyBatch();
        Anchor storage existing = _anchors[root];
        if (existing.batchId != 0) revert AnchorRootExists(root, existing.batchId);
        uint64 id = ++_batchCount;
        _anchors[root] = Anchor({batchId: id, size: size, anchoredAt: uint64(block.timestamp), blockNumber: uint64(block.number)});
        emit BatchAnchored(id, root, size, uint64(block.timestamp));
        return id;
    }
}
