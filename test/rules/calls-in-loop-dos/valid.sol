// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Refunder {
    mapping(address => uint256) public refunds;

    // Pull payment: each recipient withdraws on their own.
    function withdraw() external {
        uint256 amount = refunds[msg.sender];
        refunds[msg.sender] = 0;
        payable(msg.sender).transfer(amount);
    }

    // Batched calls to this contract itself cannot be blocked by a stranger.
    function multicall(bytes[] calldata data) external {
        for (uint256 i = 0; i < data.length; i++) {
            (bool ok, ) = address(this).delegatecall(data[i]);
            require(ok);
        }
    }
}
