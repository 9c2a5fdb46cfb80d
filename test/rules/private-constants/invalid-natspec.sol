// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Documented {
    /// @notice The fee, in basis points. (A notice is rejected on a non-public
    /// variable, so the finding comes without a fix.)
    uint256 public constant FEE_BPS = 30; // expect: private-constants@29:public-constant

    /// The cap: untagged NatSpec is a notice too.
    uint256 public constant CAP = 1000; // expect: private-constants@29:public-constant

    /// @dev Only a developer note: internal is fine.
    uint256 public constant FLOOR = 10; // expect: private-constants@29:public-constant

    function price(uint256 amount) external pure returns (uint256) {
        return (amount * FEE_BPS) / 10000 + CAP + FLOOR;
    }
}
