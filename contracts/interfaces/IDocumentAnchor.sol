// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/**
 * @title IDocumentAnchor
 * @notice Roots of batches of document hashes (an RFC 6962-style Merkle tree over SHA-256, see
 * the README's "Documents"), each anchored once with its size and the block's time.
 */
interface IDocumentAnchor {
    /// @notice A batch's root was anchored.
    event BatchAnchored(uint256 indexed batchId, bytes32 indexed root, uint32 size, uint64 anchoredAt);

    /// @notice A batch needs a non-zero root and at least one document.
    error AnchorEmptyBatch();
    /// @notice This root is already anchored (as batch `batchId`): a batch is anchored once.
    error AnchorRootExists(bytes32 root, uint256 batchId);

    struct Anchor {
        uint64 batchId;
        uint32 size;
        uint64 anchoredAt;
        uint64 blockNumber;
    }
}
