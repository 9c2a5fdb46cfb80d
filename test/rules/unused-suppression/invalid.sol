// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Suppressions {
    address public owner;

    function check() external view returns (bool) {
        // synor-disable-next-line tx-origin-auth -- expect: unused-suppression@9:suppresses-nothing
        return msg.sender == owner;
    }

    function unknownRule() external pure returns (uint256) {
        return 1; // synor-disable-line no-such-rule -- expect: unused-suppression@19:unknown-rule
    }
}
