// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/**
 * @title A minimal stand-in for forge-std's Test
 * @notice forge-std is not installable here: the npm package `forge-std` is an unofficial,
 * third-party copy of forge-std 1.1 (no StdInvariant), and git cannot reach GitHub. This file
 * declares only what the project's Foundry tests use. It follows forge-std's names and
 * signatures, so a test written against it also compiles against forge-std.
 *
 * - `vm`: forge's cheatcode contract (the address is fixed by forge). Add a cheatcode by copying
 *   its declaration from forge-std's Vm.sol; the selector is all that matters.
 * - Invariant targets: forge reads `targetContracts()`, `targetSelectors()` and `targetSenders()`
 *   from the test contract after `setUp()` (as forge-std's StdInvariant exposes them). An empty
 *   list means "no restriction" (every deployed contract, every selector, random senders).
 * - Assertions revert with a message: a revert fails a test, and fails an invariant when it
 *   comes from an `invariant_*` function.
 */

interface Vm {
    function prank(address msgSender) external;
    function startPrank(address msgSender) external;
    function stopPrank() external;
    function warp(uint256 newTimestamp) external;
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);
    function addr(uint256 privateKey) external pure returns (address keyAddr);
    function expectRevert() external;
    function expectRevert(bytes4 revertData) external;
    function expectRevert(bytes calldata revertData) external;
    function assume(bool condition) external pure;
    function label(address account, string calldata newLabel) external;
}

/// @dev Shared by tests and handlers (a handler is not a Test, but uses vm and bound()).
abstract contract CommonBase {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @dev secp256k1 group order: private keys are 1 .. SECP256K1_ORDER - 1.
    uint256 internal constant SECP256K1_ORDER =
        0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    /// @dev Maps any fuzzed x into [min, max] (both included), like forge-std's bound(), keeping
    /// small values unchanged so that shrinking still works well.
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "bound: min > max");
        if (x >= min && x <= max) return x;
        uint256 size = max - min + 1;
        if (size == 0) return x; // the whole uint256 range
        return min + (x % size);
    }

    /// @dev A 65-byte (r, s, v) signature of `digest`, the layout ECDSA.recover expects.
    function signDigest(uint256 privateKey, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(privateKey, digest);
        return abi.encodePacked(r, s, v);
    }
}

abstract contract Test is CommonBase {
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    address[] private _targetContracts;
    FuzzSelector[] private _targetSelectors;
    address[] private _targetSenders;

    // ───────────────────────────────────────── invariant targets (called in setUp)

    function targetContract(address target) internal {
        _targetContracts.push(target);
    }

    function targetSelector(FuzzSelector memory selector) internal {
        _targetSelectors.push(selector);
    }

    function targetSender(address sender) internal {
        _targetSenders.push(sender);
    }

    // ───────────────────────────────────────── read by forge (same ABI as forge-std)

    function targetContracts() public view returns (address[] memory) {
        return _targetContracts;
    }

    function targetSelectors() public view returns (FuzzSelector[] memory) {
        return _targetSelectors;
    }

    function targetSenders() public view returns (address[] memory) {
        return _targetSenders;
    }

    // ───────────────────────────────────────── assertions

    function assertTrue(bool condition, string memory message) internal pure {
        if (!condition) revert(message);
    }

    function assertEq(uint256 a, uint256 b, string memory message) internal pure {
        if (a != b) revert(string.concat(message, ": ", _toString(a), " != ", _toString(b)));
    }

    function assertEq(address a, address b, string memory message) internal pure {
        if (a != b) revert(message);
    }

    function assertEq(bytes32 a, bytes32 b, string memory message) internal pure {
        if (a != b) revert(message);
    }

    function assertGe(uint256 a, uint256 b, string memory message) internal pure {
        if (a < b) revert(string.concat(message, ": ", _toString(a), " < ", _toString(b)));
    }

    function _toString(uint256 value) private pure returns (string memory) {
        if (value == 0) return "0";
        uint256 digits;
        for (uint256 v = value; v != 0; v /= 10) ++digits;
        bytes memory buffer = new bytes(digits);
        for (; value != 0; value /= 10) buffer[--digits] = bytes1(uint8(48 + (value % 10)));
        return string(buffer);
    }
}
