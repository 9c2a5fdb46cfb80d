// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Token {
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;
    uint256 public totalSupply;
    uint8 public constant decimals = 18;

    function transfer(address to, uint256 value) external returns (bool) {
        balanceOf[msg.sender] -= value;
        balanceOf[to] += value;
        return true;
    }

    function approve(address s, uint256 value) external returns (bool) {
        allowance[msg.sender][s] = value;
        return true;
    }

    // An overload with other parameters is not the standard function.
    function transfer(address to, uint256 id, uint256 value) external returns (uint256) {
        return id + value + uint160(to);
    }
}

// ERC721's approve returns nothing.
contract Collectible {
    mapping(uint256 => address) owners;
    function ownerOf(uint256 id) public view returns (address) { return owners[id]; }
    function approve(address to, uint256 id) public { owners[id] = to; }
}
