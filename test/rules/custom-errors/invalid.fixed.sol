// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Vault {
    error NotOwner();

    error OverTheLimit();

    error FlagSet();

    address public owner;
    uint256 public limit = 10;

    constructor() {
        owner = msg.sender;
    }

    function withdraw(uint256 amount) external view returns (uint256) {
        if (msg.sender != owner) revert NotOwner(); // expect: custom-errors@9:revert-string
        if (amount > limit) revert OverTheLimit(); // expect: custom-errors@9:revert-string
        return amount;
    }

    function check(bool flag) external pure {
        if (flag) {
            revert FlagSet(); // expect: custom-errors@13:revert-string
        }
    }
}
