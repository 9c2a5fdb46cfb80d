// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

// owner() is declared in Ownable, in another file: this.owner() still calls
// this contract through an external call.
contract Vault is Ownable {
    constructor() Ownable(msg.sender) {}

    function isAdmin(address account) external view returns (bool) {
        return this.owner() == account; // expect: self-call-this@16:external-self-call
    }
}
