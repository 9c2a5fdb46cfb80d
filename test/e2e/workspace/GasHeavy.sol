// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @notice Gas-heavy patterns with measurable fixes.
contract GasHeavy {
    uint256 public fee = 3;
    address internal admin;
    uint256[] public values;

    constructor() {
        admin = msg.sender;
    }

    function add(uint256 v) external {
        values.push(v);
    }

    function total() external view returns (uint256 sum) {
        for (uint256 i = 0; i < values.length; i++) {
            sum += values[i] * fee;
        }
    }

    function sumOf(uint256[] memory xs) external pure returns (uint256 sum) {
        for (uint256 i = 0; i < xs.length; i++) {
            sum += xs[i];
        }
    }

    function setFee(uint256 f) external {
        require(msg.sender == admin, "only the admin may change the fee of this contract");
        fee = f;
    }
}
