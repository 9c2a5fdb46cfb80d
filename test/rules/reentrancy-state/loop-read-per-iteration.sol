// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IListener {
    function ping(uint256 amount) external;
}

/// A state read in one iteration of a loop is what that iteration decides from; the next
/// iteration starts over with its own locals. A read on a path that skips to the next
/// iteration is not a read before the call of a later one, unless a local declared outside
/// the body carries the value across.
contract Batches {
    struct Order {
        address target;
        bytes payload;
        bytes32 ticket;
        bool single;
    }

    mapping(bytes32 => bool) public spent;
    mapping(address => uint256) public owed;
    uint256 public round;

    // An order may be single-use: one iteration reads `spent` to skip a used ticket, another
    // marks its ticket before the call and clears it only when the call failed, and an order
    // that is not single-use reads nothing. Nothing read before a call is stale after it.
    function settle(Order[] calldata orders) external {
        for (uint256 i = 0; i < orders.length; i++) {
            Order calldata o = orders[i];
            if (o.single) {
                if (spent[o.ticket]) {
                    continue;
                }
                spent[o.ticket] = true;
            }
            (bool ok, ) = o.target.call(o.payload); // expect: reentrancy-state@27:write-not-read-before
            if (!ok && o.single) {
                spent[o.ticket] = false;
            }
        }
    }

    // Read, call, write within one iteration: the callee re-enters while `owed` is stale.
    function notifyAll(address[] calldata who) external {
        for (uint256 i = 0; i < who.length; i++) {
            uint256 amount = owed[who[i]];
            IListener(who[i]).ping(amount); // expect: reentrancy-state@13:state-after-call
            owed[who[i]] = 0;
        }
    }

    // A value read in one iteration reaches the next through a local declared outside the loop.
    function advance(address[] calldata who) external {
        uint256 last;
        for (uint256 i = 0; i < who.length; i++) {
            if (i % 2 == 0) {
                last = round;
                continue;
            }
            IListener(who[i]).ping(last); // expect: reentrancy-state@13:state-after-call
            round = last + 1;
        }
    }
}
