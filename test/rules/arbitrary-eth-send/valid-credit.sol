// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// Paying the caller what is recorded for them is a withdrawal, not an arbitrary send.
contract Escrow {
    mapping(address => uint256) public credit;
    address public immutable admin;

    constructor() {
        admin = msg.sender;
    }

    function deposit() external payable {
        credit[msg.sender] += msg.value;
    }

    function withdraw() external {
        uint256 amount = credit[msg.sender];
        credit[msg.sender] = 0;
        payable(msg.sender).transfer(amount);
    }

    function withdrawPart(uint256 amount) external {
        require(credit[msg.sender] >= amount, "too much");
        credit[msg.sender] -= amount;
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok);
    }

    // Only the contract itself may call this (through a self-call batch).
    function sweep(address payable to, uint256 amount) external {
        require(msg.sender == address(this), "self only");
        to.transfer(amount);
    }

    // Authorised by the admin's signature rather than by the caller.
    function payOut(address payable to, uint256 amount, uint8 v, bytes32 r, bytes32 s) external {
        _verify(keccak256(abi.encode(to, amount, address(this), block.chainid)), v, r, s);
        to.transfer(amount);
    }

    function _verify(bytes32 digest, uint8 v, bytes32 r, bytes32 s) internal view {
        require(ecrecover(digest, v, r, s) == admin, "bad signature");
    }
}
