// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// Where the field order is part of the ABI, reordering would break callers: the
// finding stands, with no fix.
interface IBook {
    struct Quote { // expect: struct-packing@5:unpacked-struct
        uint64 at;
        uint256 price;
        bool firm;
    }

    function quote() external view returns (Quote memory);
}

contract Book {
    struct Entry { // expect: struct-packing@5:unpacked-struct
        bool open;
        uint256 size;
        bool filled;
    }

    struct Slot { // expect: struct-packing@5:unpacked-struct
        uint8 tier;
        uint256 amount;
        uint8 bonus;
    }

    Entry public head;
    Slot internal slot;

    function set(uint256 amount) external {
        slot = Slot(1, amount, 2);
    }
}
