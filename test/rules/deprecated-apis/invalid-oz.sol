// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC20 {
    function approve(address s, uint256 v) external returns (bool);
}

library SafeERC20 {
    function safeApprove(IERC20 token, address s, uint256 v) internal {
        require(token.approve(s, v));
    }
}

contract Router {
    using SafeERC20 for IERC20;

    function allow(IERC20 token, address spender, uint256 v) external {
        token.safeApprove(spender, v); // expect: deprecated-apis@9:safe-approve
    }
}
