// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

abstract contract PayoutBook {
    mapping(address => uint256) public credit;
    uint256 public failedPayouts;

    error PayoutFailed(address to);

    function fund(address who) external payable {
        credit[who] += msg.value;
    }

    /// Reverts when the payment failed.
    function _ensure(bool ok, address to) internal pure {
        if (!ok) revert PayoutFailed(to);
    }

    /// Only counts failures; the payment is still lost.
    function _tally(bool ok) internal {
        if (!ok) failedPayouts += 1;
    }

    function _take(address who) internal returns (uint256 amount) {
        amount = credit[who];
        credit[who] = 0;
    }
}
