// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Ledger {
    uint256 public total = 5;
    mapping(address => uint256) public credit;

    function doubled() external view returns (uint256) {
        return this.total() * 2; // expect: self-call-this@16:external-getter-call
    }

    function mine() external view returns (uint256) {
        return this.credit(msg.sender); // expect: self-call-this@16:external-getter-call
    }
}
