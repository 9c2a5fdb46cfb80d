// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Custody} from "./base/Custody.sol";

contract Escrow is Custody {
    receive() external payable {}

    function close() external custodianGate {
        selfdestruct(payable(custodian));
    }
}
