// SPDX-License-Identifier: MIT
pragma solidity ^0.4.24;

contract OldToken {
    mapping(address => uint256) balances;
    mapping(address => mapping(address => uint256)) allowed;
    uint256 supply;

    function totalSupply() public view returns (uint256) { return supply; }
    function balanceOf(address who) public view returns (uint256) { return balances[who]; }
    function allowance(address o, address s) public view returns (uint256) { return allowed[o][s]; }
    function decimals() public pure returns (uint256) { return 18; } // expect: bad-erc-interface@14:wrong-return

    function transfer(address to, uint256 value) public { // expect: bad-erc-interface@14:wrong-return
        balances[msg.sender] -= value;
        balances[to] += value;
    }

    function approve(address s, uint256 value) public returns (uint256) { // expect: bad-erc-interface@14:wrong-return
        allowed[msg.sender][s] = value;
        return 1;
    }
}

contract Collectible {
    mapping(uint256 => address) owners;

    function ownerOf(uint256 id) public view returns (address) { return owners[id]; }
    function balanceOf(address who) public view returns (bool) { return who != address(0); } // expect: bad-erc-interface@14:wrong-return
    function approve(address to, uint256 id) public returns (bool) { return to != address(id); } // expect: bad-erc-interface@14:wrong-return
}
