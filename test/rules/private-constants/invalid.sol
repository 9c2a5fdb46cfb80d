// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Config {
    uint256 public constant FEE_BPS = 30; // expect: private-constants@29:public-constant
    address public immutable treasury; // expect: private-constants@30:public-constant

    constructor() {
        treasury = msg.sender;
    }

    function fee(uint256 amount) external pure returns (uint256) {
        return (amount * FEE_BPS) / 10000;
    }

    function sink() external view returns (address) {
        return treasury;
    }
}
