// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// Quotients that were not scaled up first: the fraction is gone before the product,
// even when the product is later divided by a unit.
contract Payouts {
    uint256 internal constant UNIT = 1e18;
    uint256 public totalShares;
    uint256 public pot;

    function payoutOf(uint256 shares, uint256 price) external view returns (uint256) {
        uint256 fraction = shares / totalShares;
        return (fraction * pot * price) / UNIT; // expect: divide-before-multiply@17:divide-then-multiply
    }

    function scaledLater(uint256 amount, uint256 rate) external view returns (uint256) {
        return ((amount / totalShares) * rate) / UNIT; // expect: divide-before-multiply@17:divide-then-multiply
    }
}
