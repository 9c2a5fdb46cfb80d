// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Vault {
    mapping(address => uint128) public balances;
    uint96 public total;

    function deposit(uint256 amount) external {
        balances[msg.sender] += uint128(amount); // expect: unsafe-downcast@33:unchecked-downcast
        total += uint96(amount * 2); // expect: unsafe-downcast@18:unchecked-downcast
    }

    function shrink(uint128 value) external pure returns (uint64) {
        return uint64(value); // expect: unsafe-downcast@16:unchecked-downcast
    }

    // A caller's key truncated: two keys that share their low bits land on one slot, whatever the variable is called.
    mapping(uint64 => address) public owners;

    function claim(uint256 key) external {
        owners[uint64(key)] = msg.sender; // expect: unsafe-downcast@16:unchecked-downcast
    }

    // Computed from state no caller sets: reported at low severity.
    uint256 public immutable rate = 3;
    uint96 public accrued;

    function accrue() external {
        uint256 grown = (block.timestamp - 1) * rate;
        accrued = uint96(grown); // expect: unsafe-downcast@19:unchecked-downcast-computed
    }
}

library Math96 {
    // An internal helper whose callers are unknown here: its argument is not the caller's.
    function scale(uint256 a, uint256 b) internal pure returns (uint96) {
        return uint96(a * b / 1e18); // expect: unsafe-downcast@16:unchecked-downcast-computed
    }
}
