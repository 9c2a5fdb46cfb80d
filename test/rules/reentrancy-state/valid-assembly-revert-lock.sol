// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// A lock whose check goes through a free helper that reverts in assembly (with comments that
// mention loops and branches): the lock is decided by what the helper does, not by its name.
function _check(bool ok, uint256 code) pure {
    if (!ok) _fail(code);
}

function _fail(uint256 code) pure {
    assembly {
        // Store the code for the revert data; if the code is large, for instance, only its low bits count.
        mstore(0x00, code)
        revert(0x00, 0x20)
    }
}

interface IHook {
    function onPayout(uint256 amount) external;
}

abstract contract Latch {
    uint256 private _state = 1;

    modifier exclusive() {
        _enter();
        _;
        _exit();
    }

    function _enter() private {
        _check(_state != 2, 7);
        _state = 2;
    }

    function _exit() private {
        _state = 1;
    }
}

contract Payouts is Latch {
    IHook public immutable hook;
    mapping(address => uint256) public due;

    constructor(IHook h) {
        hook = h;
    }

    function payout() external exclusive {
        uint256 amount = due[msg.sender];
        hook.onPayout(amount);
        due[msg.sender] = 0;
    }
}
