// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Defaults {
    uint256 public counter; // expect: default-init
    bool public ready; // expect: default-init
    address public admin; // expect: default-init

    function sum() external pure returns (uint256) {
        uint256 total; // expect: default-init
        for (uint256 i; i < 5; ++i) { // expect: default-init
            total += i;
        }
        return total;
    }
}
