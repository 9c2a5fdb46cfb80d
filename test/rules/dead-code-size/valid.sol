// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Used {
    uint256 private fee = 25;
    // Internal functions may be used by contracts in other files.
    function _scale(uint256 x) internal pure returns (uint256) {
        return x * 3;
    }

    function price(uint256 x) external view returns (uint256) {
        return helper(x) + fee;
    }

    function helper(uint256 x) private pure returns (uint256) {
        return x * 2;
    }
}
