// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Rewards {
    uint256 public totalStaked;
    uint256 public rate;

    function reward(uint256 stake, uint256 period) external view returns (uint256) {
        return (stake * rate / totalStaked) * period; // expect: divide-before-multiply@16:divide-then-multiply
    }

    function share(uint256 amount, uint256 price) external view returns (uint256) {
        uint256 perUnit = amount / totalStaked;
        return perUnit * price; // expect: divide-before-multiply@16:divide-then-multiply
    }

    function fee(uint256 amount) external view returns (uint256) {
        return (rate * amount / 1e18) + 1; // expect: divide-before-multiply@16:divide-then-multiply
    }
}
