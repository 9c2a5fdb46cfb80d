// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {SerialGate} from "./base/SerialGate.sol";
import {Payouts} from "./base/Payouts.sol";

contract PrizePool is SerialGate, Payouts {
    address public immutable host;

    constructor() {
        host = msg.sender;
    }

    function award(address player) external payable {
        require(msg.sender == host, "host only");
        winnings[player] += msg.value;
    }

    function collect() external oneAtATime {
        uint256 amount = winnings[msg.sender];
        _payOut(msg.sender, amount);
        winnings[msg.sender] = 0;
    }

    function collectLegacy() external {
        uint256 amount = winnings[msg.sender];
        _payOut(msg.sender, amount);
        winnings[msg.sender] = 0;
    }
}
