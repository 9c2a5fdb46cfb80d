// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

// The nonce is consumed inside the hashing expression by a helper of another file, and the
// domain comes from EIP712: the model follows both.
contract Permits is EIP712, Nonces {
    bytes32 private constant PERMIT_TYPEHASH = keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");
    mapping(address => mapping(address => uint256)) public allowance;

    constructor() EIP712("Permits", "1") {}

    function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external {
        require(block.timestamp <= deadline, "expired");
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, owner, spender, value, _useNonce(owner), deadline));
        address signer = ECDSA.recover(_hashTypedDataV4(structHash), v, r, s);
        require(signer == owner, "bad signature");
        allowance[owner][spender] = value;
    }
}

// An account that validates a hash its caller built (and bound to a nonce): replay protection
// is the caller's.
contract Account {
    address public owner = msg.sender;
    uint256 public validations;

    function validate(bytes32 opHash, bytes calldata sig) external returns (uint256) {
        validations++;
        return ECDSA.recover(opHash, sig) == owner ? 0 : 1;
    }
}
