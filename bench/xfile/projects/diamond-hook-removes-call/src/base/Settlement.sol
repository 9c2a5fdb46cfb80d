// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// By default the hook pays out in ETH; derived contracts may replace it.
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
        pending[msg.sender] = 0;
        settledTotal += amount;
    }

    function _afterSettle(address who, uint256 amount) internal virtual {
        (bool ok, ) = payable(who).call{value: amount}("");
        require(ok, "payout failed");
    }
}
