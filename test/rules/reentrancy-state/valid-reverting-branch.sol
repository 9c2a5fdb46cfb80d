// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IPool {
    function quote(uint256 amount) external returns (uint256);
}

// A query that simulates by calling itself: the inner run reverts with its result on every
// path, so nothing it writes after the pool's call survives.
contract Quoter {
    IPool public immutable pool;
    uint256 public lastQuote;

    constructor(IPool p) {
        pool = p;
    }

    function query(uint256 amount) external returns (uint256 out) {
        if (msg.sender != address(this)) {
            (bool ok, bytes memory data) = address(this).call(msg.data);
            require(!ok, "must revert");
            assembly {
                out := mload(add(data, 0x20))
            }
        } else {
            uint256 q = pool.quote(amount);
            lastQuote = q;
            assembly {
                mstore(0x00, q)
                revert(0x00, 0x20)
            }
        }
    }
}
