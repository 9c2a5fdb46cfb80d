// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Fees {
    address payable treasury; // expect: uninitialized-state@5:never-assigned
    uint256 public collected;

    function collect() external payable {
        collected += msg.value;
    }

    function flush() external {
        treasury.transfer(collected);
        collected = 0;
    }
}
