// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IToken {
    // Parameters of bodiless declarations hide nothing.
    function approve(address owner, uint256 totalSupply) external;
}

contract Token {
    uint256 public totalSupply;
    address public owner;

    event Transfer(address owner, uint256 totalSupply);

    // The trailing underscore is the usual way to avoid the clash.
    constructor(address owner_, uint256 supply_) {
        owner = owner_;
        totalSupply = supply_;
        emit Transfer(owner_, supply_);
    }
}
