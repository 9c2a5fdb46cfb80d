// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IToken {
    function transfer(address to, uint256 amount) external returns (bool);
}

contract Payout {
    IToken public immutable token;
    event Paid(address to, uint256 amount);

    constructor(IToken t) {
        token = t;
    }

    // The event is emitted before the interaction.
    function pay(uint256 amount) external {
        emit Paid(msg.sender, amount);
        require(token.transfer(msg.sender, amount), "failed");
    }
}
