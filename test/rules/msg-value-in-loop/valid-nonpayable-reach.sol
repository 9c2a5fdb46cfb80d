// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// The helper reads msg.value in a loop, but only non-payable entry points reach it: msg.value is
/// always zero there, so nothing is credited more than once.
contract Registry {
    mapping(address => uint256) public seen;

    function touchAll(address[] calldata who) external {
        _touch(who);
    }

    function _touch(address[] calldata who) internal {
        for (uint256 i = 0; i < who.length; i++) {
            seen[who[i]] = block.number + msg.value;
        }
    }
}
