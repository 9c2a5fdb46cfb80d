// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// Set up by a one-time initializer instead of a constructor, as a contract behind a
// proxy is: the fix says that reordering moves the data already stored.
contract OrderBook {
    struct Order { // expect: struct-packing@5:unpacked-struct
        uint64 createdAt;
        uint256 amount;
        address maker;
        bool filled;
    }

    bool private initialized;
    Order internal last;

    function initialize() external {
        require(!initialized);
        initialized = true;
    }

    function place() external {
        last = Order({createdAt: 1, amount: 2, maker: msg.sender, filled: true});
    }
}
