// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Wallet {
    address public owner;

    constructor() {
        owner = msg.sender;
    }

    function withdraw(address payable to, uint256 amount) external {
        require(tx.origin == owner, "not owner"); // expect: tx-origin-auth@17:tx-origin-compare
        to.transfer(amount);
    }

    modifier onlyOwner() {
        if (owner != tx.origin) revert(); // expect: tx-origin-auth@13:tx-origin-compare
        _;
    }
}
