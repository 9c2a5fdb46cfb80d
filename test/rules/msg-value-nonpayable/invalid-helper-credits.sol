// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Intake} from "./valid-helper-base.sol";

// The shared helper credits msg.value, and only a non-payable function reaches it here:
// the credit is always 0.
contract Ledger is Intake {
    function record() external {
        _credit(msg.sender); // expect: msg-value-nonpayable@9:value-always-zero
    }
}
