// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IToken {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function balanceOf(address who) external view returns (uint256);
}

/// A contract whose own transferFrom is not an ERC20 pull into it: the signature is the
/// callee's, and the receiver is someone else.
contract Vault {
    IToken public token;
    mapping(address => uint256) public shares;

    /// What arrived is measured by a helper of any name.
    function _held() internal view returns (uint256) {
        return token.balanceOf(address(this));
    }

    function deposit(uint256 assets) external {
        uint256 before = _held();
        require(token.transferFrom(msg.sender, address(this), assets), "pull failed");
        shares[msg.sender] += _held() - before;
    }

    /// Counting the amount asked for, never crediting it to anyone, is not a credit.
    function sweep(address from, uint256 assets) external returns (uint256 total) {
        require(token.transferFrom(from, address(this), assets), "pull failed");
        total = assets;
    }
}
