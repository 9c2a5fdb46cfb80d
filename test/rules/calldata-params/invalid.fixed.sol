// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Registry {
    mapping(bytes32 => uint256) public scores;

    function total(uint256[] calldata xs) external pure returns (uint256 sum) { // expect: calldata-params@20:read-only-memory-param
        for (uint256 i = 0; i < xs.length; i++) sum += xs[i];
    }

    function record(string calldata name, uint256 score) external { // expect: calldata-params@21:read-only-memory-param
        scores[keccak256(bytes(name))] = score;
    }
}
