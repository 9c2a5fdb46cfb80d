// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

library SafeMath {
    function sub(uint256 a, uint256 b) internal pure returns (uint256) {
        return a - b;
    }
}

contract Wallet {
    using SafeMath for uint256; // expect: unchecked-math@5:redundant-safemath

    function remaining(uint256 balance, uint256 amount) external pure returns (uint256) {
        require(balance >= amount);
        unchecked { return balance - amount; } // expect: unchecked-math@16:redundant-check
    }

    function gap(uint256 a, uint256 b) external pure returns (uint256) {
        if (a > b) {
            unchecked { return a - b; } // expect: unchecked-math@20:redundant-check
        }
        return 0;
    }

    function floor(uint256 a, uint256 b) external pure returns (uint256) {
        unchecked { return a >= b ? a - b : 0; } // expect: unchecked-math@25:redundant-check
    }
}
