// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// A staticcall changes nothing: when its returned data decides, an unchecked flag is low.
contract Checker {
    bytes4 internal constant MAGIC = 0x1626ba7e;

    function isValid(address signer, bytes32 hash, bytes calldata signature) external view returns (bool) {
        (, bytes memory ret) = signer.staticcall(abi.encodeWithSelector(MAGIC, hash, signature)); // expect: unchecked-low-level-call@32:unchecked-static-data-used
        return ret.length >= 4 && bytes4(ret) == MAGIC;
    }

    /// Neither the flag nor the data: the call's outcome is lost entirely.
    function ping(address target) external view {
        target.staticcall(""); // expect: unchecked-low-level-call@9:unchecked-result
    }
}
