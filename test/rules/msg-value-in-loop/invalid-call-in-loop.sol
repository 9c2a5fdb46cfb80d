// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// A payable batch calls, once per recipient, a helper that credits msg.value: one payment is
/// counted once per item, as if the read were in the loop itself.
contract Batch {
    mapping(address => uint256) public credit;

    function fundAll(address[] calldata to) external payable {
        for (uint256 i = 0; i < to.length; i++) {
            _fund(to[i]); // expect: msg-value-in-loop@13:value-in-loop-call
        }
    }

    function _fund(address to) internal {
        credit[to] += msg.value;
    }

    /// Two calls away: the helper's helper reads it.
    function fundAllDeep(address[] calldata to) external payable {
        uint256 i;
        while (i < to.length) {
            _outer(to[i]); // expect: msg-value-in-loop@13:value-in-loop-call
            i++;
        }
    }

    function _outer(address to) internal {
        _fund(to);
    }

    /// The amount each call may use is passed in: the helper does not read msg.value.
    function fundEach(address[] calldata to) external payable {
        uint256 each = msg.value / to.length;
        for (uint256 i = 0; i < to.length; i++) {
            _add(to[i], each);
        }
    }

    function _add(address to, uint256 amount) internal {
        credit[to] += amount;
    }
}

/// Only non-payable entry points reach the loop: msg.value is zero in every call of the helper.
contract NoPayment {
    mapping(address => uint256) public seen;

    function touchAll(address[] calldata who) external {
        for (uint256 i = 0; i < who.length; i++) {
            _touch(who[i]);
        }
    }

    function _touch(address who) internal {
        seen[who] = block.number + msg.value;
    }
}

/// A base whose fee check reads msg.value, and a deployed contract that overrides it without
/// reading msg.value: the batch's helper runs the override, so nothing is read per iteration.
abstract contract FeeBase {
    function _pay(uint256 fee) internal virtual returns (uint256) {
        require(msg.value == fee, "fee");
        return fee;
    }

    function _send(uint256 fee) internal returns (uint256) {
        return _pay(fee);
    }
}

contract FeeFromBalance is FeeBase {
    function sendAll(uint256[] calldata fees) external payable {
        uint256 total;
        for (uint256 i = 0; i < fees.length; i++) total += fees[i];
        require(total == msg.value, "total");
        for (uint256 i = 0; i < fees.length; i++) {
            _send(fees[i]);
        }
    }

    function _pay(uint256 fee) internal pure override returns (uint256) {
        return fee;
    }
}

/// The same base deployed as it is: its check of msg.value runs once per fee.
contract FeePerCall is FeeBase {
    function sendAll(uint256[] calldata fees) external payable {
        for (uint256 i = 0; i < fees.length; i++) {
            _send(fees[i]); // expect: msg-value-in-loop@13:value-in-loop-call
        }
    }
}
