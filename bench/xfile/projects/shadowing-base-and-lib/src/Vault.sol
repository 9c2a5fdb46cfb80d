// SPDX-License-Identifier: MIT
pragma solidity ^0.5.17;

import "./base/Administered.sol";
import "ledgerkit/LedgerCore.sol";

contract Vault is Administered, LedgerCore {
    address public admin;

    uint256 internal feeBps = 30;

    constructor() public {
        admin = msg.sender;
    }

    function setFee(uint256 bps) external onlyAdmin {
        feeBps = bps;
    }

    function deposit() external payable {
        balances[msg.sender] += msg.value - _charge(msg.value);
    }

    function withdraw(uint256 amount) external {
        require(balances[msg.sender] >= amount, "too much");
        balances[msg.sender] -= amount;
        msg.sender.transfer(amount);
    }
}
