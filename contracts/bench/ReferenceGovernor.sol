// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorCountingSimple} from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

/**
 * @title ReferenceGovernor
 * @notice Benchmark reference only (scripts/bench): an unmodified OpenZeppelin Governor with
 * GovernorCountingSimple, deployed beside OwnerVoting so that both are measured on one node.
 */
contract ReferenceGovernor is Governor, GovernorSettings, GovernorCountingSimple, GovernorVotes {
    /// @dev Voting delay 1 block; voting period 1,000,000 blocks, since Anvil mines a block per
    /// transaction and the timed reference vote sends one transaction per voter.
    constructor(IVotes token) Governor("ReferenceGovernor") GovernorSettings(1, 1_000_000, 0) GovernorVotes(token) {}

    /// @notice No quorum: the benchmark measures ballot cost only.
    function quorum(uint256) public pure override returns (uint256) {
        return 0;
    }

    function votingDelay() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.votingDelay();
    }

    function votingPeriod() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.votingPeriod();
    }

    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }
}

/// @notice Benchmark reference only: a votes token whose holders delegate by signature.
contract ReferenceVotesToken is ERC20, ERC20Permit, ERC20Votes {
    constructor() ERC20("Reference Votes", "RV") ERC20Permit("Reference Votes") {}

    /// @notice Mints `amount` to each holder (benchmark set-up).
    function mintEach(address[] calldata holders, uint256 amount) external {
        for (uint256 i = 0; i < holders.length; ++i) _mint(holders[i], amount);
    }

    /// @notice Mints `amount` to each holder and delegates it to the holder itself (benchmark
    /// set-up: thousands of voters get voting weight in a few transactions, not two each).
    function mintAndSelfDelegateEach(address[] calldata holders, uint256 amount) external {
        for (uint256 i = 0; i < holders.length; ++i) {
            _mint(holders[i], amount);
            _delegate(holders[i], holders[i]);
        }
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }

    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }
}
