// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

abstract contract Payouts {
    mapping(address => uint256) public winnings;

    function _payOut(address to, uint256 amount) internal {
        (bool ok, ) = to.call{value: amount}("");
        require(ok, "payout failed");
    }
}
