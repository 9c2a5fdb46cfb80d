// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Packing {
    function high(uint256 word, uint256 i) external pure returns (uint256 a, uint256 bit, uint256 m) {
        assembly {
            a := shr(96, word)
            // Shifting the constant 1 or a mask by a variable amount is a real shift.
            bit := shl(i, 1)
            m := shr(i, 0xffffffff)
        }
    }

    // An external entry point may end the call with return on purpose.
    function raw() external pure {
        assembly {
            mstore(0, 1)
            return(0, 32)
        }
    }

    function yulFunction(uint256 x) external pure returns (uint256 r) {
        assembly {
            function double(v) -> out {
                if iszero(v) { leave }
                out := add(v, v)
            }
            r := double(x)
        }
    }
}
