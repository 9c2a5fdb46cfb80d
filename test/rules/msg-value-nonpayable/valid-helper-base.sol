// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IPayToken {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

// Helpers shared by payable and non-payable callers in other files.
abstract contract Intake {
    address internal constant NATIVE = address(0);
    mapping(address => uint256) public deposited;

    // ETH must come with the call; a token is pulled. msg.value is only checked.
    function _pull(address token, address from, uint256 amount) internal {
        if (token == NATIVE) {
            require(msg.value == amount, "value mismatch");
        } else {
            require(IPayToken(token).transferFrom(from, address(this), amount), "pull failed");
        }
    }

    // msg.value is credited as a deposit.
    function _credit(address who) internal {
        deposited[who] += msg.value;
    }
}
