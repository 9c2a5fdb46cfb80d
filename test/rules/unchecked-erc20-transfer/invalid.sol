// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

contract Payer {
    IERC20 public immutable token;

    constructor(IERC20 t) {
        token = t;
    }

    function pay(address to, uint256 amount) external {
        require(msg.sender == to, "self only");
        token.transfer(to, amount); // expect: unchecked-erc20-transfer@9:ignored-result
    }

    function collect(uint256 amount) external {
        token.transferFrom(msg.sender, address(this), amount); // expect: unchecked-erc20-transfer@9:ignored-result
    }
}
