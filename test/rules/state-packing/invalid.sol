// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Config {
    uint128 public low; // expect: state-packing@20:unpacked-state
    uint256 public total;
    uint128 public high;

    function setBoth() external {
        low = 1;
        high = 2;
    }
}
