// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Payout} from "./invalid-codeless-call.sol";

// The helper lives in another file: its weakness shows where this file calls it, once per helper.
contract Treasury {
    function pay(address token, address to, uint256 amount) external {
        Payout.send(token, to, amount); // expect: weird-erc20@9:no-code-check
        Payout.send(token, to, amount);
    }

    // Checking the token's code before handing it over closes the hole for this call.
    function payChecked(address token, address to, uint256 amount) external {
        require(token.code.length > 0, "no token");
        Payout.allow(token, to, amount);
    }
}
