// expect: none
// SPDX-License-Identifier: MIT
pragma solidity >=0.7.0 <0.9.0;

// The pragma still allows 0.7, where arithmetic wraps and `unchecked` does not exist: the file's one
// compiler assumption is the whole range, so no hint says the checks can go (integer-overflow
// warns instead), and no fix is offered that would not compile with 0.7.
contract Counter {
    uint256 public total;

    function add(uint256 n) external {
        for (uint256 i = 0; i < n; i++) {
            total += i;
        }
    }
}
