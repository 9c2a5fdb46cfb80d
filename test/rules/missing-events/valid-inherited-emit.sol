// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

// The admin change is announced by Ownable's _transferOwnership, declared in
// another file, which emits OwnershipTransferred.
contract Registry is Ownable {
    address public operator;

    constructor() Ownable(msg.sender) {}

    function handOver(address next) external onlyOwner {
        operator = next;
        _transferOwnership(next);
    }
}
