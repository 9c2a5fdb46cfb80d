// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

// owner() is a function of Ownable, declared in another file: the parameter
// hides it inside handOver.
contract Desk is Ownable {
    address public clerk;

    constructor() Ownable(msg.sender) {}

    function handOver(address owner) external onlyOwner { // expect: local-builtin-shadowing@23:shadows-declaration
        clerk = owner;
    }
}
