// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

contract Payer {
    using SafeERC20 for IERC20;
    IERC20 public immutable token;

    constructor(IERC20 t) {
        token = t;
    }

    function pay(uint256 amount) external {
        token.safeTransfer(msg.sender, amount);
    }

    function collect(uint256 amount) external {
        require(token.transferFrom(msg.sender, address(this), amount), "failed");
    }

    // ETH transfer on an address, not a token.
    function refund(uint256 amount) external {
        payable(msg.sender).transfer(amount);
    }
}
