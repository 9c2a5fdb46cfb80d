// expect: none
pragma solidity ^0.4.24;

// Before 0.5.0 locals are function-scoped: without "= 0" the total would not reset on each outer iteration.
contract Old {
    function sums() public pure returns (uint256 last) {
        for (uint256 j = 1; j < 3; j++) {
            uint256 total = 0;
            total += j;
            last = total;
        }
    }
}
