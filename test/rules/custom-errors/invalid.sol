// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Vault {
    address public owner;
    uint256 public limit = 10;

    constructor() {
        owner = msg.sender;
    }

    function withdraw(uint256 amount) external view returns (uint256) {
        require(msg.sender == owner, "not owner"); // expect: custom-errors@9:revert-string
        require(amount <= limit, "over the limit"); // expect: custom-errors@9:revert-string
        return amount;
    }

    function check(bool flag) external pure {
        if (flag) {
            revert("flag set"); // expect: custom-errors@13:revert-string
        }
    }
}
