// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract HalfTyped {
    uint256 public total;

    function add(uint256 x) external {
        total = total + ; // expect: syntax-error@25:syntax-error
    }

    function still() external view returns (uint256) {
        return total;
    }
}
