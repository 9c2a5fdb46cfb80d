// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// Values of a dynamic type whose length cannot vary move no boundary: a constant, and the
/// abi.encode of fixed-size values.
contract Orders {
    bytes internal constant ORDER_TYPE = "Order(address maker,uint256 amount)";

    function hashOrder(address maker, uint256 amount, bytes32 salt, bytes memory note) external pure returns (bytes32) {
        bytes memory head = abi.encode(maker, amount);
        bytes memory tail = abi.encode(salt, uint64(1));
        bytes32 a = keccak256(abi.encodePacked(head, tail));
        bytes32 b = keccak256(abi.encodePacked(ORDER_TYPE, note));
        return a ^ b;
    }
}
