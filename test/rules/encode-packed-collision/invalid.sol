// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Registry {
    mapping(bytes32 => bool) public used;
    string public prefix;

    function register(string calldata name, string calldata suffix) external {
        bytes32 id = keccak256(abi.encodePacked(name, suffix)); // expect: encode-packed-collision@32:packed-dynamic-hash
        require(!used[id]);
        used[id] = true;
    }

    function check(bytes memory a, uint256[] memory ids) external view returns (bytes32) {
        return keccak256(abi.encodePacked(prefix, a, ids)); // expect: encode-packed-collision@26:packed-dynamic-hash
    }
}
