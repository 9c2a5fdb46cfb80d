// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// settle() runs the hook chain; the mixins decide what settling does.
abstract contract Settlement {
    mapping(address => uint256) public pending;
    uint256 public settledTotal;

    function record(address who) external payable {
        pending[who] += msg.value;
    }

    function settle() external {
        uint256 amount = pending[msg.sender];
        require(amount > 0, "nothing pending");
        _afterSettle(msg.sender, amount);
    }

    function _afterSettle(address who, uint256 amount) internal virtual {}
}
