// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// A contract that works but wastes gas in common ways, for trying Synor's measured fixes.
contract GasHeavy {
    uint256[] public values;
    address public admin;
    uint256 public fee = 25;
    uint256 public total;

    constructor() {
        admin = msg.sender;
        for (uint256 i = 0; i < 8; i++) {
            values.push(i);
        }
    }

    function sum() external view returns (uint256 s) {
        for (uint256 i = 0; i < values.length; i++) {
            s += values[i];
        }
    }

    function addAll(uint256[] memory items) external {
        for (uint256 i = 0; i < items.length; i++) {
            total += items[i];
        }
    }

    function setFee(uint256 newFee) external {
        require(msg.sender == admin, "GasHeavy: only the admin may change the fee, nobody else");
        fee = newFee;
    }

    function isPositive(uint256 x) external pure returns (bool) {
        return x > 0;
    }
}
