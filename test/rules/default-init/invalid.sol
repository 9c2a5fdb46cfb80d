// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Defaults {
    uint256 public counter = 0; // expect: default-init
    bool public ready = false; // expect: default-init
    address public admin = address(0); // expect: default-init

    function sum() external pure returns (uint256) {
        uint256 total = 0; // expect: default-init
        for (uint256 i = 0; i < 5; ++i) { // expect: default-init
            total += i;
        }
        return total;
    }
}
