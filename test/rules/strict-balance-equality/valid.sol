// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Game {
    uint256 public deposits;

    function deposit() external payable {
        deposits += msg.value;
    }

    function finish() external view returns (bool) {
        return address(this).balance >= 10 ether && deposits == 10 ether;
    }
}
