// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Forwarder {
    address public owner;

    constructor() {
        owner = msg.sender;
    }

    function forward(address target, bytes calldata data) external {
        require(msg.sender == owner, "not owner");
        (bool success, ) = target.call(data);
        require(success, "call failed"); // expect: unchecked-low-level-call@9:unchecked-result
    }

    function pay(address payable to, uint256 amount) external {
        require(msg.sender == owner, "not owner");
        (bool success, ) = to.call{value: amount}("");
        require(success, "call failed"); // expect: unchecked-low-level-call@9:unchecked-result
    }

    function ignored(address to) external {
        // The flag is stored but never read, which is the same as not checking it.
        (bool ok, ) = to.call(""); // expect: unchecked-low-level-call@23:unchecked-result
    }
}
