// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Token {
    address public immutable owner; // expect: immutable-state@20:could-be-immutable
    uint256 public immutable launchAt = block.timestamp + 1 days; // expect: immutable-state@20:could-be-immutable
    uint256 public supply;

    constructor() {
        owner = msg.sender;
        supply = 1000;
    }

    function mint(uint256 amount) external {
        require(msg.sender == owner);
        supply += amount;
    }

    function launched() external view returns (bool) {
        return block.timestamp >= launchAt;
    }
}
