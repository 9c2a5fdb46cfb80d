// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// A library whose plain call forwards a literal 0 as the value of its value-taking
// variant; the variant that takes a caller's value is declared but nothing here calls it.
library LowLevel {
    function plainCall(address target, bytes memory data) internal returns (bytes memory) {
        return callWithValue(target, data, 0, "call failed");
    }

    function callWithValue(address target, bytes memory data, uint256 value) internal returns (bytes memory) {
        return callWithValue(target, data, value, "call with value failed");
    }

    function callWithValue(address target, bytes memory data, uint256 value, string memory reason) internal returns (bytes memory) {
        (bool ok, bytes memory ret) = target.call{value: value}(data);
        require(ok, reason);
        return ret;
    }
}

interface IPull {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

contract Vault {
    using LowLevel for address;

    address public immutable asset;
    mapping(address => uint256) public shares;

    constructor(address asset_) {
        asset = asset_;
    }

    function deposit(uint256 amount) external {
        asset.plainCall(abi.encodeCall(IPull.transferFrom, (msg.sender, address(this), amount)));
        shares[msg.sender] += amount;
    }
}
