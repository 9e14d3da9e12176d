// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/**
 * @title ILedgerModule
 * @notice A capability of the ledger (owner voting; later the maintenance fund, documents,
 * volunteer credits) as a contract of its own on the core registry. A module declares the
 * committee-action kinds it executes; the registry assigns each kind to exactly one module when
 * the district admin registers it, and consumes a committee action only for the module that owns
 * its kind.
 */
interface ILedgerModule {
    /// @notice The committee-action kinds this module executes, each owned by it alone.
    function committeeKinds() external view returns (uint8[] memory kinds);
}
