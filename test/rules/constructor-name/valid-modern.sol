// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Vault {
    address public owner;

    constructor() {
        owner = msg.sender;
    }

    function Claim() external {
        require(owner == address(0));
        owner = msg.sender;
    }
}
