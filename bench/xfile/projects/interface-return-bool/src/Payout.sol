// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IVaultToken} from "./interfaces/IVaultToken.sol";
import {ILegacyToken} from "./interfaces/ILegacyToken.sol";
import {IExchange} from "./interfaces/IExchange.sol";

contract Payout {
    address public immutable token;
    address public immutable legacy;
    IExchange public immutable exchange;
    address public immutable operator;

    constructor(address token_, address legacy_, IExchange exchange_) {
        token = token_;
        legacy = legacy_;
        exchange = exchange_;
        operator = msg.sender;
    }

    modifier onlyOperator() {
        require(msg.sender == operator, "operator only");
        _;
    }

    function pay(address to, uint256 amount) external onlyOperator {
        IVaultToken(token).transfer(to, amount);
    }

    function payChecked(address to, uint256 amount) external onlyOperator {
        require(IVaultToken(token).transfer(to, amount), "transfer failed");
    }

    function payLegacy(address to, uint256 amount) external onlyOperator {
        ILegacyToken(legacy).transfer(to, amount);
    }

    function liquidate(uint256 amount) external onlyOperator {
        exchange.sell(token, amount, 0);
    }

    function liquidateChecked(uint256 amount, uint256 minOut) external onlyOperator returns (uint256 out) {
        out = exchange.sell(token, amount, minOut);
        require(out >= minOut, "slippage");
    }

    function resync() external onlyOperator {
        exchange.sync();
    }
}
