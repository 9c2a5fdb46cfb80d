// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// The same shape of library, but a live function hands the value-taking variant a
// non-zero amount: that path sends ETH, and state written after it is stale on re-entry.
library LowLevel {
    function plainCall(address target, bytes memory data) internal returns (bytes memory) {
        return callWithValue(target, data, 0, "call failed");
    }

    function callWithValue(address target, bytes memory data, uint256 value) internal returns (bytes memory) {
        return callWithValue(target, data, value, "call with value failed");
    }

    function callWithValue(address target, bytes memory data, uint256 value, string memory reason) internal returns (bytes memory) {
        (bool ok, bytes memory ret) = target.call{value: value}(data); // expect: reentrancy-eth@39:state-after-eth
        require(ok, reason);
        return ret;
    }
}

contract Escrow {
    using LowLevel for address;

    mapping(address => uint256) public credit;

    function fund() external payable {
        credit[msg.sender] += msg.value;
    }

    function withdraw() external {
        uint256 owed = credit[msg.sender];
        msg.sender.callWithValue("", owed);
        credit[msg.sender] = 0;
    }
}
