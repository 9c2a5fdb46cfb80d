// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Packing {
    function high(uint256 word) external pure returns (address a) {
        assembly {
            a := shr(96, word) // expect: yul-misuse@18:swapped-shift
        }
    }

    function selector(bytes32 data) external pure returns (bytes4 s) {
        assembly {
            s := shl(224, data) // expect: yul-misuse@18:swapped-shift
        }
    }

    function helper(uint256 x) internal pure returns (uint256 y) {
        assembly {
            mstore(0, x)
            return(0, 32) // expect: yul-misuse@13:return-in-internal-function
        }
    }

    function yulFunction(uint256 x) external pure returns (uint256 r) {
        assembly {
            function double(v) -> out {
                out := add(v, v)
                return(0, 0) // expect: yul-misuse@17:return-in-yul-function
            }
            r := double(x)
        }
    }
}
