// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Withdrawable} from "./base/Withdrawable.sol";
import {Tally} from "./base/Tally.sol";

contract Donations is Withdrawable, Tally {
    constructor(address payable beneficiary_) Withdrawable(beneficiary_) {}

    function donate() external payable {
        _tally(msg.sender, msg.value);
    }
}
