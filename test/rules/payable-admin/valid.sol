// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Admin {
    address public owner = msg.sender;
    uint256 public fee;

    modifier onlyOwner() {
        require(msg.sender == owner);
        _;
    }

    // Anyone may call this: keeping the callvalue check stops ether being sent by mistake.
    function poke() external {
        fee = fee;
    }

    function current() external view onlyOwner returns (uint256) {
        return fee;
    }

    function top() external payable onlyOwner {}
}

contract NothingPayable {
    address public owner = msg.sender;
    uint256 public fee;

    modifier onlyOwner() {
        require(msg.sender == owner);
        _;
    }

    // No payable function: the compiler checks the call value once for all functions,
    // and a payable one would move that check into every other function (measured costlier to deploy).
    function setFee(uint256 f) external onlyOwner {
        fee = f;
    }
}
