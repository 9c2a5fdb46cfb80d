// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Checks {
    function f(uint256 amount, uint8 small, int256 delta, bool flag) external pure returns (bool) {
        // `<= 0` on an unsigned value means `== 0`, and signed values can be negative.
        require(amount <= 0 || delta >= 0);
        require(small < 200 && flag);
        while (true) {
            if (amount > 10) break;
            amount++;
        }
        assert(amount != 0 || false == flag);
        return small != 255;
    }
}
