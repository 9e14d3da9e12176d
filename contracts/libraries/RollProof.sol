// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/**
 * @title RollProof
 * @notice Leaf hash and Merkle multiproof check for the electorate roll, written for the cost of
 * a ballot. The roll is an OpenZeppelin StandardMerkleTree over `(uint32 entryId, address voter,
 * uint64 areaCm2, uint32 headcount)`.
 *
 * {multiProofRoot} is the algorithm of OpenZeppelin's `MerkleProof.processMultiProofCalldata`
 * (contracts 5.x), step for step, with the same checks; it differs in that the flags come as a
 * bitmap and that it reports a malformed multiproof by returning `ok = false` rather than
 * reverting, and that it keeps leaves and hashes in one queue (the same order of reads).
 * Compiled from OpenZeppelin's Solidity a step costs about 700 gas, this about 300; a relayed
 * batch of 100 ballots over a 3,000-entry roll takes some 500 steps. Tests compare the two on
 * random trees and on tampered and malformed proofs (test/contracts/RollProof.test.ts).
 */
library RollProof {
    /// @dev keccak256(bytes.concat(keccak256(abi.encode(entryId, voter, areaCm2, headcount)))).
    function leaf(uint32 entryId, address voter, uint64 areaCm2, uint32 headcount) internal pure returns (bytes32 h) {
        assembly ("memory-safe") {
            // scratch past the free memory pointer, which is not moved
            let m := mload(0x40)
            mstore(m, and(entryId, 0xffffffff))
            mstore(add(m, 0x20), and(voter, 0xffffffffffffffffffffffffffffffffffffffff))
            mstore(add(m, 0x40), and(areaCm2, 0xffffffffffffffff))
            mstore(add(m, 0x60), and(headcount, 0xffffffff))
            mstore(0x00, keccak256(m, 0x80))
            h := keccak256(0x00, 0x20)
        }
    }

    /**
     * @dev The root rebuilt from `leaves` (at least one) and the multiproof (`proof` and its
     * flags), as `StandardMerkleTree.getMultiProof` makes it. There are `leaves.length +
     * proof.length - 1` flags, flag i being bit (i % 256) of `flagBits[i / 256]`: one bit each
     * rather than a 32-byte bool, which saves some 130 gas of calldata per flag. `ok` is false
     * when the multiproof is malformed: a flag word too many or too few, a bit set beyond the
     * last flag, a read past the proof or the hashes, or proof nodes left over.
     */
    function multiProofRoot(
        bytes32[] calldata proof,
        uint256[] calldata flagBits,
        bytes32[] memory leaves
    ) internal pure returns (bool ok, bytes32 root) {
        uint256 leavesLen = leaves.length;
        if (leavesLen == 0) return (false, bytes32(0));
        uint256 flagsLen = leavesLen + proof.length - 1;
        if (flagBits.length != (flagsLen + 255) >> 8) return (false, bytes32(0));
        if (flagsLen & 255 != 0 && flagBits[flagBits.length - 1] >> (flagsLen & 255) != 0) return (false, bytes32(0));
        if (flagsLen == 0) return (true, leaves[0]);
        // OpenZeppelin takes "the next leaf, or else the next hash" from two arrays; here the
        // leaves and the hashes are one queue in memory, leaves first, which is the same order.
        bytes32[] memory queue = new bytes32[](leavesLen + flagsLen);
        assembly ("memory-safe") {
            let readPtr := add(queue, 0x20)
            mcopy(readPtr, add(leaves, 0x20), shl(5, leavesLen))
            let queueEnd := add(readPtr, shl(5, add(leavesLen, flagsLen)))
            let writePtr := add(readPtr, shl(5, leavesLen))
            let proofPtr := proof.offset
            let flagWords := flagBits.offset
            for {
                let i := 0
            } lt(i, flagsLen) {
                i := add(i, 1)
            } {
                let a := mload(readPtr)
                readPtr := add(readPtr, 0x20)
                let b
                switch and(shr(and(i, 255), calldataload(add(flagWords, shl(5, shr(8, i))))), 1)
                case 0 {
                    b := calldataload(proofPtr)
                    proofPtr := add(proofPtr, 0x20)
                }
                default {
                    b := mload(readPtr)
                    readPtr := add(readPtr, 0x20)
                }
                // commutative keccak256: the smaller word first
                let aSecond := lt(b, a)
                mstore(shl(5, aSecond), a)
                mstore(shl(5, iszero(aSecond)), b)
                mstore(writePtr, keccak256(0x00, 0x40))
                writePtr := add(writePtr, 0x20)
            }
            // Reads only move forward, so a read past the queue or the proof shows at the end
            // (what such a read returned went only into hashes that are now thrown away).
            ok := and(iszero(gt(readPtr, queueEnd)), eq(proofPtr, add(proof.offset, shl(5, proof.length))))
            root := mload(sub(writePtr, 0x20))
        }
        if (!ok) root = bytes32(0);
    }
}
