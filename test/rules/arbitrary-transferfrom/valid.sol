// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC20 {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

contract Router {
    IERC20 public immutable token;
    address public owner = msg.sender;

    constructor(IERC20 t) {
        token = t;
    }

    function deposit(uint256 amount) external {
        require(token.transferFrom(msg.sender, address(this), amount), "failed");
    }

    function pullFor(address from, uint256 amount) external {
        require(msg.sender == owner, "not owner");
        require(token.transferFrom(from, address(this), amount), "failed");
    }
}
