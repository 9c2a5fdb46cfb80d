// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

// IERC20 is declared in another file; a variable of an interface type is a
// 20-byte address, so the two bools and the token already share one slot.
contract Sale {
    bool public open;
    IERC20 public token;
    bool public paused;

    constructor(IERC20 token_) {
        token = token_;
    }
}
