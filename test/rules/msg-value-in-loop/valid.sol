// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Airdrop {
    mapping(address => uint256) public credit;

    function fund(address[] calldata to) external payable {
        uint256 each = msg.value / to.length;
        for (uint256 i = 0; i < to.length; i++) {
            credit[to[i]] += each;
        }
    }
}
