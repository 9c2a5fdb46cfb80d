// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC20 {
    function balanceOf(address) external view returns (uint256);
}

contract Game {
    IERC20 public immutable token;

    constructor(IERC20 t) {
        token = t;
    }

    function finish() external view returns (bool) {
        return address(this).balance == 10 ether; // expect: strict-balance-equality@16:balance-equality
    }

    function empty() external view returns (bool) {
        return token.balanceOf(address(this)) == 1000 ether; // expect: strict-balance-equality@16:balance-equality
    }
}
