// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IToken {
    function balanceOf(address) external view returns (uint256);
}

contract Ledger {
    uint256 public total = 5;

    function doubled() external view returns (uint256) {
        return total * 2;
    }

    // A call on another contract is not a self-call.
    function other(IToken token) external view returns (uint256) {
        return token.balanceOf(address(this));
    }

    function self() external view returns (address) {
        return address(this);
    }
}
