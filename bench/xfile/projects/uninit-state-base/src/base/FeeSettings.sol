// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

abstract contract FeeSettings {
    /// Receives the protocol's share of every payment.
    address payable internal treasury;

    /// Protocol fee in basis points.
    uint256 internal feeBps;

    event Paid(address indexed from, uint256 amount, uint256 fee);

    /// Receives a tenth of the fee as an insurance premium.
    address payable internal insurer;

    function _feeOf(uint256 amount) internal view returns (uint256) {
        return (amount * feeBps) / 10_000;
    }

    function _splitFee(uint256 fee) internal {
        insurer.transfer(fee / 10);
        treasury.transfer(fee - fee / 10);
    }
}
