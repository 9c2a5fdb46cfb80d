// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Config {
    address public owner;
    uint256 public fee;
    uint256 public counter;

    event FeeChanged(uint256 oldFee, uint256 newFee);
    event OwnerChanged(address newOwner);

    modifier onlyOwner() {
        require(msg.sender == owner);
        _;
    }

    function setFee(uint256 f) external onlyOwner {
        emit FeeChanged(fee, f);
        fee = f;
    }

    // The event is emitted by the internal helper.
    function setOwner(address o) external onlyOwner {
        _setOwner(o);
    }

    function _setOwner(address o) internal {
        owner = o;
        emit OwnerChanged(o);
    }

    // Anyone may call this; it is not an admin change.
    function bump() external {
        counter++;
    }
}
