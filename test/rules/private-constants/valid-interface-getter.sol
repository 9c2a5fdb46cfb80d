// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IFees {
    function FEE_BPS() external view returns (uint256);
    function treasury() external view returns (address);
}

// The public constant and immutable implement the interface's getters (no
// `override` needed since 0.8.8): without them Pool would have to be abstract.
contract Pool is IFees {
    uint256 public constant FEE_BPS = 30;
    address public immutable treasury;

    constructor() {
        treasury = msg.sender;
    }
}
