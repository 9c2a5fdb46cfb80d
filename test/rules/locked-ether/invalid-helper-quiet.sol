// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// A library helper that never moves ETH and a creation with no value do not let ETH out.
library Tally {
    function add(uint256 a, uint256 b) internal pure returns (uint256) {
        return a + b;
    }
}

contract Empty {}

contract Jar { // expect: locked-ether@10:no-withdrawal
    uint256 public total;

    function put() external payable {
        total = Tally.add(total, msg.value);
        new Empty();
    }
}
