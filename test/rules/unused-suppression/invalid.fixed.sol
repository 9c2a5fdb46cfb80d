// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Suppressions {
    address public owner;

    function check() external view returns (bool) {
        return msg.sender == owner;
    }

    function unknownRule() external pure returns (uint256) {
        return 1;
    }
}
