// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IToken {
    function transfer(address to, uint256 amount) external returns (bool);
}

// A helper that pays ETH or a token to the address it is given. Paying one recipient
// its several rewards in a loop can only be blocked by that recipient; paying a list of
// recipients lets any one of them block the rest.
abstract contract Payouts {
    address internal constant ETH = address(0);

    function _send(address token, address to, uint256 amount) internal {
        if (token == ETH) {
            (bool ok, ) = to.call{value: amount}("");
            require(ok, "eth");
        } else {
            require(IToken(token).transfer(to, amount), "token");
        }
    }
}

contract Rewards is Payouts {
    address[] public rewardTokens;
    address[] public members;
    mapping(address => mapping(address => uint256)) public owed;

    function claim(address receiver) external {
        for (uint256 i = 0; i < rewardTokens.length; i++) {
            address token = rewardTokens[i];
            uint256 amount = owed[msg.sender][token];
            owed[msg.sender][token] = 0;
            _send(token, receiver, amount); // expect: calls-in-loop-dos@13:single-payee-in-loop
        }
    }

    function claimToSelf() external {
        for (uint256 i = 0; i < rewardTokens.length; i++) {
            address token = rewardTokens[i];
            uint256 amount = owed[msg.sender][token];
            owed[msg.sender][token] = 0;
            _send(token, msg.sender, amount); // expect: calls-in-loop-dos@13:single-payee-in-loop
        }
    }

    function distribute(address token) external {
        for (uint256 i = 0; i < members.length; i++) {
            address member = members[i];
            uint256 amount = owed[member][token];
            owed[member][token] = 0;
            _send(token, member, amount); // expect: calls-in-loop-dos@13:helper-call-in-loop
        }
    }

    function distributeTo(address token) external {
        address to;
        for (uint256 i = 0; i < members.length; i++) {
            to = members[i];
            _send(token, to, owed[to][token]); // expect: calls-in-loop-dos@13:helper-call-in-loop
            owed[to][token] = 0;
        }
    }

    // The caller names every recipient: one that reverts fails only the caller's own batch.
    function payMany(address token, address[] calldata tos, uint256[] calldata amounts) external {
        for (uint256 i = 0; i < tos.length; i++) {
            owed[msg.sender][token] -= amounts[i];
            _send(token, tos[i], amounts[i]); // expect: calls-in-loop-dos@13:caller-batch
        }
    }

    receive() external payable {}
}
