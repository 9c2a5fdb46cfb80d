// SPDX-License-Identifier: MIT
pragma solidity ^0.8.4;

contract Treasury {
    error WithdrawalAmountExceedsTheAvailableBalance();

    address private owner = msg.sender;

    function pay(uint256 amount) external view returns (uint256) {
        require(msg.sender == owner, "caller is not the owner"); // expect: short-revert-strings@38:long-revert-string
        // Too long to shorten with its meaning kept: on 0.8.4 and later a custom error is offered instead.
        if (amount >= 100) revert WithdrawalAmountExceedsTheAvailableBalance(); // expect: short-revert-strings@31:long-revert-string
        return amount;
    }
}
