// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @title ReferenceToken
 * @notice Benchmark reference only (scripts/bench/fund.ts): an unmodified OpenZeppelin ERC-20, so
 * that the fund's gas per unit charged is compared with one `transfer` measured on the same node.
 */
contract ReferenceToken is ERC20 {
    constructor(uint256 supply) ERC20("Reference", "REF") {
        _mint(msg.sender, supply);
    }
}
