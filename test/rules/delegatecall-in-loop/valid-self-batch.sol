// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IWrapped, WrapsHeldEth} from "./valid-base-vault.sol";

/// A payable batch of calls into this contract's own code. No function it can run (its own, the
/// base's in another file, their modifiers and helpers) reads msg.value: ETH is measured from the
/// contract's balance, so one payment cannot be counted once per call.
contract Router is WrapsHeldEth {
    mapping(address => uint256) public shares;
    uint256 public totalShares;

    modifier settles() {
        _;
        totalShares = address(this).balance;
    }

    constructor(IWrapped w) WrapsHeldEth(w) {}

    function batch(bytes[] calldata calls) external payable returns (bytes[] memory results) {
        results = new bytes[](calls.length);
        for (uint256 i = 0; i < calls.length; i++) {
            (bool ok, bytes memory out) = address(this).delegatecall(calls[i]);
            require(ok, "call failed");
            results[i] = out;
        }
    }

    function join(address to) external payable settles {
        _credit(to, address(this).balance - totalShares);
    }

    function _credit(address to, uint256 amount) internal {
        shares[to] += amount;
    }
}
