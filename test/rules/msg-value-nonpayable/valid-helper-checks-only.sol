// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Intake} from "./valid-helper-base.sol";

// Only non-payable functions here reach the shared helper, whose ETH path then reverts
// (msg.value is 0, never the amount): the check fails closed and nothing is mis-credited.
contract TokenOnlyStake is Intake {
    address public immutable stakeToken;
    mapping(address => uint256) public staked;

    constructor(address token) {
        require(token != NATIVE, "token");
        stakeToken = token;
    }

    function stake(uint256 amount) external {
        _pull(stakeToken, msg.sender, amount);
        staked[msg.sender] += amount;
    }
}
