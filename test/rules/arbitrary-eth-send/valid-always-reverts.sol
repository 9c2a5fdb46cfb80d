// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// A quote that pays whoever the caller names and then reverts with the result: every path
/// reverts, so no ETH ever leaves.
contract Quoter {
    error Quoted(bool ok, bytes data);

    receive() external payable {}

    function quotePayout(address to, uint256 amount, bytes calldata data) external {
        (bool ok, bytes memory out) = to.call{value: amount}(data);
        revert Quoted(ok, out);
    }
}
