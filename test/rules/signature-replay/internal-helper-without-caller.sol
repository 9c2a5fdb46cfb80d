// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// An internal function that recovers a signer and that nothing in this file calls runs only
/// where a contract of another file calls it: it is judged there, with that caller's checks.
/// An entry of this file that reaches a recovery is judged here.
abstract contract Relay {
    mapping(address => bool) public relayers;
    mapping(address => uint256) public credit;

    function _signer(bytes32 digest, uint8 v, bytes32 r, bytes32 s) internal pure returns (address) {
        return ecrecover(digest, v, r, s);
    }

    // No caller in this file, and not callable from outside.
    function _relay(address to, uint256 amount, uint8 v, bytes32 r, bytes32 s) internal {
        address signer = _signer(keccak256(abi.encode(to, amount)), v, r, s);
        require(relayers[signer], "signer");
        credit[to] += amount;
    }

    // An entry: the same signature can be sent again and credits again.
    function relay(address to, uint256 amount, uint8 v, bytes32 r, bytes32 s) external {
        address signer = _signer(keccak256(abi.encode(to, amount)), v, r, s); // expect: signature-replay@26:replayable-signature
        require(relayers[signer], "signer");
        credit[to] += amount;
    }
}
