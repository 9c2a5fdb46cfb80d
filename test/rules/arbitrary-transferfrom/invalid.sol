// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC20 {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

contract Router {
    IERC20 public immutable token;

    constructor(IERC20 t) {
        token = t;
    }

    function pull(address from, uint256 amount) external {
        require(token.transferFrom(from, address(this), amount), "failed"); // expect: arbitrary-transferfrom@17:caller-chosen-from
    }
}
