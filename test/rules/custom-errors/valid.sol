// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Checked {
    error Unauthorized(address caller);

    address public owner = msg.sender;

    function guarded() external view {
        if (msg.sender != owner) revert Unauthorized(msg.sender);
    }

    // A require without a message carries no string to replace.
    function plain(uint256 x) external pure returns (uint256) {
        require(x < 100);
        return x;
    }

    // The reason is computed, not a literal; it stays a string on purpose.
    function dynamic(string calldata reason, bool fail) external pure {
        require(!fail, reason);
    }
}
