// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// A batch that delegatecalls this contract's own functions runs only this contract's code.
contract Router {
    uint256 public cached;
    mapping(address => uint256) public credit;

    function batch(bytes[] calldata calls) external {
        for (uint256 i = 0; i < calls.length; i++) {
            (bool ok, ) = address(this).delegatecall(calls[i]);
            require(ok, "call failed");
        }
        cached = 0;
    }

    function add(uint256 n) external {
        credit[msg.sender] += n;
        cached = n;
    }
}
