// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Fees {
    uint256 public constant feeBps = 30; // expect: constant-state@20:could-be-constant
    bytes32 private constant salt = keccak256("fees.salt"); // expect: constant-state@21:could-be-constant
    string public constant name = "Fees"; // expect: constant-state@19:could-be-constant
    uint256 public collected;

    function charge(uint256 amount) external returns (uint256 fee) {
        fee = (amount * feeBps) / 10000;
        collected += fee;
    }

    function tag() external view returns (bytes32) {
        return salt;
    }
}
