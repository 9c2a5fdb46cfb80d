// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// An abstract extension leaves who may set the owner to a hook the deriving contract implements.
// With no implementation in sight the hook is given the benefit of the doubt; an implementation
// that checks nobody makes the setter open to anyone.
abstract contract OwnableExt {
    address public owner;

    function _canSetOwner() internal view virtual returns (bool);

    function setOwner(address next) external {
        if (!_canSetOwner()) revert();
        owner = next;
    }

    modifier onlyOwner() {
        require(msg.sender == owner, "owner");
        _;
    }
}
