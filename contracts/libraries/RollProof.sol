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
 * reverting. OpenZeppelin's Solidity
 * costs about 700 gas a step once compiled, this about a fifth of that; a relayed batch of 100
 * ballots over a 3,000-entry roll takes some 500 steps. Tests compare the two on random trees
 * and on malformed proofs (test/contracts/RollProof.test.ts).
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
        bytes32[] memory hashes = new bytes32[](flagsLen);
        assembly ("memory-safe") {
            let leafPtr := add(leaves, 0x20)
            let leafEnd := add(leafPtr, shl(5, leavesLen))
            let hashRead := add(hashes, 0x20)
            let hashEnd := add(hashRead, shl(5, flagsLen))
            let hashWrite := hashRead
            let proofPtr := proof.offset
            let proofEnd := add(proofPtr, shl(5, proof.length))
            let flagWords := flagBits.offset
            ok := 1
            for {
                let i := 0
            } lt(i, flagsLen) {
                i := add(i, 1)
            } {
                // a: the next leaf, or else the next hash
                let a
                switch lt(leafPtr, leafEnd)
                case 1 {
                    a := mload(leafPtr)
                    leafPtr := add(leafPtr, 0x20)
                }
                default {
                    if iszero(lt(hashRead, hashEnd)) {
                        ok := 0
                        break
                    }
                    a := mload(hashRead)
                    hashRead := add(hashRead, 0x20)
                }
                // b: by flag i, the next leaf or hash, or the next proof node
                let b
                switch and(shr(and(i, 255), calldataload(add(flagWords, shl(5, shr(8, i))))), 1)
                case 1 {
                    switch lt(leafPtr, leafEnd)
                    case 1 {
                        b := mload(leafPtr)
                        leafPtr := add(leafPtr, 0x20)
                    }
                    default {
                        if iszero(lt(hashRead, hashEnd)) {
                            ok := 0
                            break
                        }
                        b := mload(hashRead)
                        hashRead := add(hashRead, 0x20)
                    }
                }
                default {
                    if iszero(lt(proofPtr, proofEnd)) {
                        ok := 0
                        break
                    }
                    b := calldataload(proofPtr)
                    proofPtr := add(proofPtr, 0x20)
                }
                // commutative keccak256 of the pair
                switch lt(a, b)
                case 1 {
                    mstore(0x00, a)
                    mstore(0x20, b)
                }
                default {
                    mstore(0x00, b)
                    mstore(0x20, a)
                }
                mstore(hashWrite, keccak256(0x00, 0x40))
                hashWrite := add(hashWrite, 0x20)
            }
            if iszero(eq(proofPtr, proofEnd)) {
                ok := 0
            }
            root := mload(sub(hashWrite, 0x20))
        }
        if (!ok) root = bytes32(0);
    }
}
