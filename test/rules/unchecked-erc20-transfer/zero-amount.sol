// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IShareToken {
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

/// A transfer of a zero amount moves no value (it is sent to make the token settle its own
/// accounting or hooks): a silent failure loses nothing. A transfer of an amount does.
contract Poker {
    function poke(IShareToken[] calldata tokens) external {
        for (uint256 i = 0; i < tokens.length; i++) {
            tokens[i].transferFrom(msg.sender, address(tokens[i]), 0);
        }
    }

    function pokeOne(IShareToken token) external {
        token.transfer(msg.sender, 0);
    }

    function pay(IShareToken token, address to, uint256 amount) external {
        token.transfer(to, amount); // expect: unchecked-erc20-transfer@9:ignored-result
    }
}
