// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Tally} from "./base/Tally.sol";

contract TipJar is Tally {
    function tip() external payable {
        _tally(msg.sender, msg.value);
    }
}
