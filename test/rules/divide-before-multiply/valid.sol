// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Rewards {
    uint256 public constant UNIT = 1e18;
    uint256 public totalStaked;
    uint256 public rate;

    function reward(uint256 stake) external view returns (uint256) {
        return stake * rate / totalStaked;
    }

    // Rounding down to a multiple of the unit is what truncation is for.
    function floorToUnit(uint256 amount) external pure returns (uint256) {
        return amount / UNIT * UNIT;
    }

    // Chunk arithmetic with small literal factors, and literal-only arithmetic.
    function encodedLength(uint256 n) external pure returns (uint256) {
        return 4 * ((n + 2) / 3) + 1e18 / 3 * 2;
    }

    function twice(uint256 amount) external view returns (uint256) {
        uint256 perUnit = amount / totalStaked;
        perUnit = perUnit + 1;
        return perUnit * 2;
    }
}
