// SPDX-License-Identifier: MIT
pragma solidity 0.7.6;

contract Guarded {
    function check(uint256 x) external pure returns (uint256) {
        require(x < 100, "Guarded: the amount must stay strictly below one hundred"); // expect: short-revert-strings@26:long-revert-string
        if (x == 50) revert("Guarded: fifty is not accepted by this contract at all"); // expect: short-revert-strings@29:long-revert-string
        return x;
    }
}
