// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// Splitting the caller's own payment among targets it names spends none of the contract's ETH:
/// the amounts are summed and the call reverts unless they add up to msg.value.
contract Splitter {
    struct Part {
        address payable to;
        uint256 value;
    }

    function split(Part[] calldata parts) external payable {
        uint256 total;
        for (uint256 i = 0; i < parts.length; i++) {
            uint256 v = parts[i].value;
            total += v;
            (bool ok, ) = parts[i].to.call{value: v}("");
            require(ok, "send failed");
        }
        require(msg.value == total, "value mismatch");
    }

    function splitAfter(Part[] calldata parts) external payable {
        uint256 total = 0;
        for (uint256 i = 0; i < parts.length; i++) {
            uint256 v = parts[i].value;
            total = total + v;
            parts[i].to.transfer(v);
        }
        if (msg.value != total) revert("value mismatch");
    }
}
