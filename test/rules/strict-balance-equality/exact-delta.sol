// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IToken {
    function balanceOf(address) external view returns (uint256);
    function transfer(address, uint256) external returns (bool);
    function transferFrom(address, address, uint256) external returns (bool);
}

// A vault that accepts only tokens moving the exact amount asked (no fee on transfer):
// it compares its balance after the transfer with the snapshot before it, moved by the
// amount. Nobody outside the call can change the balance between the two reads.
contract ExactVault {
    IToken public immutable token;
    uint256 public held;
    mapping(address => uint256) public shares;

    constructor(IToken t) {
        token = t;
    }

    function deposit(uint256 amount) external {
        uint256 before = token.balanceOf(address(this));
        require(token.transferFrom(msg.sender, address(this), amount), "pull");
        require(token.balanceOf(address(this)) == before + amount, "fee on transfer");
        held += amount;
        shares[msg.sender] += amount;
    }

    function withdraw(uint256 amount) external {
        shares[msg.sender] -= amount;
        held -= amount;
        uint256 before = token.balanceOf(address(this));
        require(token.transfer(msg.sender, amount), "push");
        if (token.balanceOf(address(this)) != before - amount) revert("inexact");
    }

    // Compared with an amount this contract tracks, not a snapshot of the same call:
    // a donation of tokens makes the check fail for good.
    function settled() external view returns (bool) {
        return token.balanceOf(address(this)) == held; // expect: strict-balance-equality@16:balance-equality
    }

    // The amount alone, without the snapshot: a donation shifts it too.
    function isExactly(uint256 amount) external view returns (bool) {
        return address(this).balance == amount + 1 ether; // expect: strict-balance-equality@16:balance-equality
    }
}
