// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {RollProof} from "../libraries/RollProof.sol";

/// @dev Test-only: exposes {RollProof} beside OpenZeppelin's MerkleProof so that tests compare them.
contract RollProofHarness {
    function leaf(uint32 entryId, address voter, uint64 areaCm2, uint32 headcount) external pure returns (bytes32) {
        return RollProof.leaf(entryId, voter, areaCm2, headcount);
    }

    function ozLeaf(uint32 entryId, address voter, uint64 areaCm2, uint32 headcount) external pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(entryId, voter, areaCm2, headcount))));
    }

    function multiProofRoot(
        bytes32[] calldata proof,
        uint256[] calldata flagBits,
        bytes32[] calldata leaves
    ) external pure returns (bool ok, bytes32 root) {
        return RollProof.multiProofRoot(proof, flagBits, leaves);
    }

    function ozMultiProofRoot(
        bytes32[] calldata proof,
        bool[] calldata proofFlags,
        bytes32[] calldata leaves
    ) external pure returns (bytes32) {
        return MerkleProof.processMultiProofCalldata(proof, proofFlags, leaves);
    }
}
