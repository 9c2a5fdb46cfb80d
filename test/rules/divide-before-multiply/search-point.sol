// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// Bisection: the midpoint is halved and then multiplied to test it, but it is a search point
/// fed back as the next bound, not an amount; the search decides the result. A quotient
/// computed in a loop and paid out (or summed) is still truncated before it is scaled.
contract Solver {
    uint256 public constant ROUNDS = 64;

    function root(uint256 target, uint256 lo, uint256 hi) external pure returns (uint256) {
        for (uint256 i = 0; i < ROUNDS && lo < hi; i++) {
            uint256 mid = (lo + hi) / 2;
            if (mid * mid <= target) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    function rootWhile(uint256 target, uint256 hi) external pure returns (uint256 lo) {
        while (lo < hi) {
            uint256 mid = lo + (hi - lo) / 2;
            uint256 cube = mid * mid * mid;
            if (cube < target) lo = mid + 1;
            else hi = mid;
        }
    }

    function payouts(uint256[] calldata shares, uint256 pot, uint256 total, uint256 bonus) external pure returns (uint256 paid) {
        for (uint256 i = 0; i < shares.length; i++) {
            uint256 part = pot / total;
            paid += part * shares[i] * bonus; // expect: divide-before-multiply@21:divide-then-multiply
            pot = pot - 1;
        }
    }
}
