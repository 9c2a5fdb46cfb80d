// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Vault {
    mapping(address => uint128) public balances;
    uint32 public lastUpdate;

    function deposit(uint256 amount) external {
        // A bounds check before the cast is the safe idiom.
        require(amount <= type(uint128).max, "too big");
        balances[msg.sender] += uint128(amount);
        lastUpdate = uint32(block.timestamp);
    }

    function parts(uint256 word, address a, bytes32 h) external pure returns (uint8, uint64, address, uint160, uint128) {
        // Masks, shifts, addresses and reinterpreted words truncate on purpose.
        return (uint8(word & 0xff), uint64(word >> 192), address(uint160(word)), uint160(uint256(h)), uint128(uint160(a)) + 0);
    }

    // Two fields read out of one word: the low half by a cast, the high half by a shift.
    function halves(uint256 w) external pure returns (uint128 lo, uint128 hi) {
        lo = uint128(w);
        hi = uint128(w >> 128);
    }

    function widen(uint64 small) external pure returns (uint128) {
        return uint128(small);
    }

    function toUint96(uint256 value) internal pure returns (uint96) {
        if (value > type(uint96).max) revert();
        return uint96(value);
    }
}
