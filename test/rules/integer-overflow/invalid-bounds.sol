// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

// Look-alikes of bounded arithmetic that still wrap.
contract Unbounded {
    mapping(uint256 => uint256) public slots;
    uint256 public total;

    // A mapping has no bounds check: index 0 wraps to the last key.
    function previous(uint256 id) external view returns (uint256) {
        return slots[id - 1]; // expect: integer-overflow@22:unchecked-compiler
    }

    // Two full-width values can overflow.
    function scale(uint256 a, uint256 b) external {
        total = a * b; // expect: integer-overflow@17:unchecked-compiler
    }

    // A helper that does not revert bounds nothing.
    function _note(bool ok) internal pure returns (bool) {
        return ok;
    }

    function take(uint256 amount) external {
        _note(total >= amount);
        total = total - amount; // expect: integer-overflow@17:unchecked-compiler
    }
}
