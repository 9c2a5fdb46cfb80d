// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// Every one of these could be constant; the fix is safe only where no other code can see the
// variable and its slot is no proxy's (test/engine/fix-all.test.ts checks each fix's safety):
// private salt, and internal fee of a contract nothing derives from, get the safe fix; public
// rate, the abstract base's internal cap, and the upgradeable contract's variables are unsafe.
contract Fees {
    bytes32 private salt = keccak256("fees"); // expect: constant-state@21:could-be-constant
    uint256 internal fee = 30; // expect: constant-state@22:could-be-constant
    uint256 public rate = 3; // expect: constant-state@20:could-be-constant

    function quote(uint256 a) external view returns (uint256, bytes32) {
        return (a * fee * rate, salt);
    }
}

abstract contract Capped {
    uint256 internal cap = 1000; // expect: constant-state@22:could-be-constant

    function capOf() public view returns (uint256) {
        return cap;
    }
}

// Set up by a one-time initializer instead of a constructor: its storage is a proxy's.
contract Pool {
    bool private initialized;
    address private owner;
    uint256 private limit = 50; // expect: constant-state@21:could-be-constant

    function initialize(address o) external {
        require(!initialized);
        initialized = true;
        owner = o;
    }

    function withdrawLimit() external view returns (uint256) {
        require(msg.sender == owner);
        return limit;
    }
}
