// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// Holds the prize and pays it to whoever is recorded as the winner.
abstract contract PrizeVault {
    address public winner;
    uint256 public immutable prize;
    bool public paid;

    constructor(uint256 prize_) {
        prize = prize_;
    }

    function collectPrize() external {
        require(msg.sender == winner, "not the winner");
        require(!paid, "already paid");
        paid = true;
        payable(msg.sender).transfer(prize);
    }
}
