// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// Turning one origin away grants nobody anything; requiring an origin is authorisation.
contract Relay {
    address internal constant SIMULATOR = address(0xdead);
    address public immutable operator;

    constructor(address op) {
        operator = op;
    }

    function relay(address target, bytes calldata data) external {
        (bool ok, ) = target.call(data);
        if (!ok && tx.origin == SIMULATOR) {
            revert("estimation");
        }
    }

    function noSimulator() external view {
        require(!(tx.origin == SIMULATOR), "no simulation");
        require(tx.origin != SIMULATOR, "no simulation");
    }

    function operate() external view {
        if (tx.origin != operator) revert("not operator"); // expect: tx-origin-auth@13:tx-origin-compare
    }

    function operateToo() external view {
        require(tx.origin == operator || tx.origin == SIMULATOR, "not operator"); // expect: tx-origin-auth@17:tx-origin-compare, tx-origin-auth@42:tx-origin-compare
    }

    function reverseIf() external view returns (bool) {
        if (tx.origin == operator) { // expect: tx-origin-auth@13:tx-origin-compare
            return true;
        }
        return false;
    }
}
