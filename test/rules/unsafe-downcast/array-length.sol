// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// The length of an array or of bytes fits 64 bits: Solidity caps a storage array below 2^64
/// elements, and gas keeps memory and calldata far shorter. A cast of a length to 64 bits or
/// more loses nothing; a cast to fewer bits still can.
contract Sizes {
    uint256[] public items;

    function gasFor(bytes calldata message) external pure returns (uint64) {
        return uint64(message.length) * 16;
    }

    function count() external view returns (uint64) {
        return uint64(items.length);
    }

    function shortSize(bytes calldata message) external pure returns (uint16) {
        return uint16(message.length); // expect: unsafe-downcast@16:unchecked-downcast
    }
}
