// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// The same helper reached from a payable entry point credits the payment once per address.
contract Registry {
    mapping(address => uint256) public credit;

    function creditAll(address[] calldata who) external payable {
        _credit(who);
    }

    function noteAll(address[] calldata who) external {
        _credit(who);
    }

    function _credit(address[] calldata who) internal {
        for (uint256 i = 0; i < who.length; i++) {
            credit[who[i]] += msg.value; // expect: msg-value-in-loop@31:value-in-loop
        }
    }
}
