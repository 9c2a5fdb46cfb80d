// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Loops {
    // `<=` lets the counter reach the type's maximum, so the increment could overflow.
    function upTo(uint256 n) external pure returns (uint256 s) {
        for (uint256 i = 0; i <= n; i++) s += i;
    }

    // Already unchecked.
    function manual() external pure returns (uint256 s) {
        for (uint256 i = 0; i < 10;) {
            s += i;
            unchecked {
                ++i;
            }
        }
    }

    // The body changes the counter.
    function skip() external pure returns (uint256 s) {
        for (uint256 i = 0; i < 10; i++) {
            if (i == 3) i += 2;
            s += i;
        }
    }

    // A uint8 counter below a bytes length can reach 255, where the checked increment reverts and
    // an unchecked one would wrap to 0: not bounded, not reported.
    function scan(bytes calldata data) external pure returns (uint256 s) {
        for (uint8 i = 0; i < data.length; i++) s += uint8(data[i]);
    }
}
