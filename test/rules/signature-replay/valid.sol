// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Claims {
    address public signer = msg.sender;
    mapping(address => uint256) public nonces;

    function claim(uint256 amount, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 digest = keccak256(abi.encodePacked(block.chainid, address(this), msg.sender, amount, nonces[msg.sender]++));
        require(ecrecover(digest, v, r, s) == signer, "bad signature");
        payable(msg.sender).transfer(amount);
    }

    // Verifying a digest it is given: replay protection is the caller's job.
    function isSignedBySigner(bytes32 digest, uint8 v, bytes32 r, bytes32 s) public view returns (bool) {
        return ecrecover(digest, v, r, s) == signer;
    }
}
