// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// The fix is safe only where no other code can see the variable and the contract is not
// upgradeable (test/engine/fix-all.test.ts checks each fix's safety): private treasury gets the
// safe fix; public owner, and the variables of a contract that forwards calls with delegatecall
// to other code, are unsafe.
contract Vault {
    address private immutable treasury; // expect: immutable-state@21:could-be-immutable
    address public immutable owner; // expect: immutable-state@20:could-be-immutable

    constructor(address t) {
        treasury = t;
        owner = msg.sender;
    }

    function payTo() external view returns (address, address) {
        return (treasury, owner);
    }
}

contract Forwarder {
    address private immutable target; // expect: immutable-state@21:could-be-immutable

    constructor(address t) {
        target = t;
    }

    fallback() external payable {
        (bool ok, ) = target.delegatecall(msg.data);
        require(ok);
    }
}
