// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Claims {
    address public signer = msg.sender;

    function claim(uint256 amount, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 digest = keccak256(abi.encodePacked(msg.sender, amount));
        require(ecrecover(digest, v, r, s) == signer, "bad signature"); // expect: signature-replay@17:replayable-signature
        payable(msg.sender).transfer(amount);
    }
}
