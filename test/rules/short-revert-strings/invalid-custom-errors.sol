// SPDX-License-Identifier: MIT
pragma solidity ^0.8.4;

contract Treasury {
    address private owner = msg.sender;

    function pay(uint256 amount) external view returns (uint256) {
        require(msg.sender == owner, "Treasury: caller is not the owner of this contract"); // expect: short-revert-strings@38:long-revert-string
        // Too long to shorten with its meaning kept: on 0.8.4 and later a custom error is offered instead.
        require(amount < 100, "Vault: withdrawal amount exceeds the available balance for the account"); // expect: short-revert-strings@31:long-revert-string
        return amount;
    }
}
