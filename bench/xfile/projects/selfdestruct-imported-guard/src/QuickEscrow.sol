// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Custody} from "./base/Custody.sol";

contract QuickEscrow is Custody {
    receive() external payable {}

    function close() external custodianGate {
        selfdestruct(payable(custodian));
    }

    function abort() external {
        selfdestruct(payable(msg.sender));
    }

    function closeWhenFunded() external whenFunded {
        selfdestruct(payable(custodian));
    }
}
