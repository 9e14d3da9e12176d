// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICommunityRegistry} from "../interfaces/ICommunityRegistry.sol";
import {ILedgerModule} from "../interfaces/ILedgerModule.sol";

/// @title TestModule
/// @notice A minimal ledger module for tests: it declares the kinds it is constructed with and
/// consumes committee actions of any kind it is asked to, so tests can check that the registry
/// lets a module execute only its own kinds. Never deployed by `npm start`.
contract TestModule is ILedgerModule {
    ICommunityRegistry public immutable registry;
    uint8[] private _kinds;

    event Consumed(uint256 indexed communityId, uint8 kind, address[] signers);

    constructor(ICommunityRegistry registry_, uint8[] memory kinds) {
        registry = registry_;
        _kinds = kinds;
    }

    /// @inheritdoc ILedgerModule
    function committeeKinds() external view returns (uint8[] memory) {
        return _kinds;
    }

    /// @notice Consumes a committee action of `kind` through the registry.
    function act(
        uint256 communityId,
        uint8 kind,
        bytes32 payloadHash,
        ICommunityRegistry.CommitteeAuth calldata auth
    ) external {
        address[] memory signers = registry.consumeCommitteeAction(communityId, kind, payloadHash, auth);
        emit Consumed(communityId, kind, signers);
    }
}
