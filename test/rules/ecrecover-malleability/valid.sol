// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Claims {
    address public signer;

    // Bounding s to the lower half of the curve order rejects the malleated form.
    function claim(bytes32 digest, uint8 v, bytes32 r, bytes32 s) external view returns (bool) {
        require(uint256(s) <= 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0, "bad s");
        address who = ecrecover(digest, v, r, s);
        return who != address(0) && who == signer;
    }
}
