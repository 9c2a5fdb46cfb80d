// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// The deriving contract implements the permission hook without checking the caller: anyone can
// take the owner's place through the base's setter.
abstract contract OwnableExt {
    address public owner;

    function _canSetOwner() internal view virtual returns (bool);

    function setOwner(address next) external { // expect: unprotected-ownership@14:open-role-write
        if (!_canSetOwner()) revert();
        owner = next;
    }

    modifier onlyOwner() {
        require(msg.sender == owner, "owner");
        _;
    }
}

contract Shop is OwnableExt {
    uint256 public price;

    function _canSetOwner() internal view override returns (bool) {
        return block.timestamp > 0;
    }

    function setPrice(uint256 p) external onlyOwner {
        price = p;
    }
}
