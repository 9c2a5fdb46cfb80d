// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Settings {
    uint256 public rate = 5;
    uint256 public constant MAX = 100;
    address public deployer = msg.sender;
    uint256 public unset;

    // rate has a literal initialiser but is written here, so it is a real variable.
    function setRate(uint256 r) external {
        rate = r;
    }

    function local() external pure returns (uint256) {
        // A local with the same name as a state variable elsewhere is not a write of it.
        uint256 unset = 4;
        return unset;
    }
}
