// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract CheckedSend {
    mapping(address => uint256) public owed;

    function refund() external {
        uint256 amount = owed[msg.sender];
        owed[msg.sender] = 0;
        if (!payable(msg.sender).send(amount)) {
            owed[msg.sender] = amount;
        }
    }

    function refundOrRevert() external {
        uint256 amount = owed[msg.sender];
        owed[msg.sender] = 0;
        bool ok = payable(msg.sender).send(amount);
        require(ok, "send failed");
    }

    // transfer reverts on failure by itself.
    function pay(address payable to) external {
        to.transfer(owed[to]);
    }
}
