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

    function pay(address to, uint256 amount) external {
        require(msg.sender == address(this) || to == msg.sender, "no");
        require(token.transfer(to, amount), "failed"); // expect: reentrancy-events@17:event-after-call
        emit Paid(to, amount);
    }
}
