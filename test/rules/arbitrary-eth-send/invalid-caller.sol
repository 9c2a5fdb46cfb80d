// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// Paying the caller an amount nobody recorded for them: anyone can drain the contract.
contract Giveaway {
    uint256 public constant PRIZE = 1 ether;

    function claim() external {
        payable(msg.sender).transfer(PRIZE); // expect: arbitrary-eth-send@9:unguarded-payout
    }

    function claimSome(uint256 amount) external {
        (bool ok, ) = msg.sender.call{value: amount}(""); // expect: arbitrary-eth-send@23:unguarded-payout
        require(ok);
    }

    receive() external payable {}
}
