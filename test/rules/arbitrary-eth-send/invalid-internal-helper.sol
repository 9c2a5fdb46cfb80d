// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// The send sits in an internal helper; the finding names the entry anyone calls.
contract Tip {
    function tip(address payable to) external {
        _send(to, address(this).balance);
    }

    function _send(address payable to, uint256 amt) internal {
        to.transfer(amt); // expect: arbitrary-eth-send@9:arbitrary-recipient
    }
}
