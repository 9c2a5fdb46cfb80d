// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Token {
    uint256 public totalSupply;
    address public owner;
    uint256 now; // expect: local-builtin-shadowing@5:shadows-builtin

    function mint(uint256 amount) external {
        uint256 totalSupply = amount; // expect: local-builtin-shadowing@9:shadows-declaration
        owner = msg.sender;
        now = totalSupply;
    }

    function setOwner(address owner) external { // expect: local-builtin-shadowing@23:shadows-declaration
        require(owner != address(0));
    }

    function keccak256(bytes memory b) internal pure returns (bytes32) { // expect: local-builtin-shadowing@14:shadows-builtin
        return bytes32(b.length);
    }
}
