// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Batch {
    // Not payable: msg.value is always zero, so reusing it is harmless.
    function multicall(bytes[] calldata calls) external {
        for (uint256 i = 0; i < calls.length; i++) {
            (bool ok, ) = address(this).delegatecall(calls[i]);
            require(ok);
        }
    }
}
