// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Defaults {
    uint256 public counter; // expect: default-init@20:state-default-value
    bool public ready; // expect: default-init@17:state-default-value
    address public admin; // expect: default-init@20:state-default-value

    function start(address who) external {
        counter = counter + 1;
        ready = true;
        admin = who;
    }

    function sum() external pure returns (uint256) {
        uint256 total; // expect: default-init@9:local-default-value
        for (uint256 i; i < 5; ++i) { // expect: default-init@14:local-default-value
            total += i;
        }
        return total;
    }
}
