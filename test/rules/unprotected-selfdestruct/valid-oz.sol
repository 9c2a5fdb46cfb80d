// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

contract Retirable is Ownable {
    constructor() Ownable(msg.sender) {}

    function retire() external onlyOwner {
        selfdestruct(payable(owner()));
    }

    function retireChecked() external {
        _checkOwner();
        selfdestruct(payable(owner()));
    }
}

contract RoleRetirable is AccessControl {
    bytes32 public constant ADMIN = keccak256("ADMIN");

    function retire() external onlyRole(ADMIN) {
        selfdestruct(payable(msg.sender));
    }
}
