// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Orders {
    struct Order { // expect: struct-packing@5:unpacked-struct
        uint64 createdAt;
        uint256 amount;
        address maker;
        bool filled;
    }

    Order internal last;

    function place() external {
        last = Order({createdAt: 1, amount: 2, maker: msg.sender, filled: true});
    }
}
