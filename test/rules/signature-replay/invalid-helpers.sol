// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";

// Recoveries through helpers, whatever they are called: what matters is that an address comes
// out of ecrecover (or its precompile) over a hash, and that nothing stops a second use.
contract Vouchers {
    address public issuer = msg.sender;
    mapping(address => uint256) public paid;

    // A deadline limits when the signature works, not how often.
    function redeem(uint256 amount, uint256 deadline, bytes memory sig) external {
        require(block.timestamp <= deadline, "expired");
        bytes32 digest = keccak256(abi.encode(block.chainid, address(this), msg.sender, amount, deadline));
        require(whoSigned(digest, sig) == issuer, "bad signature"); // expect: signature-replay@17:replayable-signature
        paid[msg.sender] += amount;
    }

    // A nonce that is signed but never recorded or advanced protects nothing.
    function redeemWithNonce(uint256 amount, uint256 nonce, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 digest = keccak256(abi.encode(block.chainid, address(this), msg.sender, amount, nonce));
        require(fromPrecompile(digest, v, r, s) == issuer, "bad signature"); // expect: signature-replay@17:replayable-signature
        paid[msg.sender] += amount;
    }

    // OpenZeppelin's ECDSA, reached through the program model.
    function redeemEcdsa(uint256 amount, bytes calldata sig) external {
        bytes32 digest = MessageHashUtils.toEthSignedMessageHash(keccak256(abi.encode(msg.sender, amount)));
        require(ECDSA.recover(digest, sig) == issuer, "bad signature"); // expect: signature-replay@17:replayable-signature
        paid[msg.sender] += amount;
    }

    function whoSigned(bytes32 hash, bytes memory sig) internal pure returns (address) {
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly {
            r := mload(add(sig, 0x20))
            s := mload(add(sig, 0x40))
            v := byte(0, mload(add(sig, 0x60)))
        }
        return ecrecover(hash, v, r, s);
    }

    function fromPrecompile(bytes32 hash, uint8 v, bytes32 r, bytes32 s) internal view returns (address signer) {
        assembly {
            let m := mload(0x40)
            mstore(0x00, hash)
            mstore(0x20, v)
            mstore(0x40, r)
            mstore(0x60, s)
            pop(staticcall(gas(), 1, 0x00, 0x80, 0x00, 0x20))
            signer := mload(0x00)
            mstore(0x60, 0)
            mstore(0x40, m)
        }
    }
}
