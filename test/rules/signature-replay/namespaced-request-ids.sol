// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// Requests signed by an admin carry a unique id. The used ids live in namespaced storage
// (ERC-7201: a struct at a fixed slot that a function returns as a storage reference); a view
// helper answers whether the request is valid and unused, and the entry requires that answer and
// marks the id. The same contract without the mark lets a request be submitted again.
struct Request {
    address account;
    uint256 limit;
    bytes32 uid;
}

library PermissionsStorage {
    bytes32 internal constant SLOT = 0x1f2c3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00;

    struct Data {
        mapping(bytes32 => bool) used;
        mapping(address => uint256) limits;
        mapping(address => bool) admins;
    }

    function data() internal pure returns (Data storage d) {
        bytes32 slot = SLOT;
        assembly {
            d.slot := slot
        }
    }
}

abstract contract Signed {
    bytes32 internal constant REQUEST_TYPEHASH = keccak256("Request(address account,uint256 limit,bytes32 uid)");

    function _layout() internal pure returns (PermissionsStorage.Data storage) {
        return PermissionsStorage.data();
    }

    function _digest(Request calldata r) internal view returns (bytes32) {
        bytes32 domain = keccak256(abi.encode(block.chainid, address(this)));
        return keccak256(abi.encodePacked("\x19\x01", domain, keccak256(abi.encode(REQUEST_TYPEHASH, r.account, r.limit, r.uid))));
    }

    function _signer(Request calldata r, uint8 v, bytes32 rs, bytes32 s) internal view returns (address) {
        return ecrecover(_digest(r), v, rs, s);
    }
}

contract Permissions is Signed {
    function verify(Request calldata r, uint8 v, bytes32 rs, bytes32 s) public view returns (bool ok, address signer) {
        signer = _signer(r, v, rs, s);
        ok = !_layout().used[r.uid] && _layout().admins[signer];
    }

    function setLimit(Request calldata r, uint8 v, bytes32 rs, bytes32 s) external {
        (bool ok, ) = verify(r, v, rs, s);
        require(ok, "invalid request");
        _layout().used[r.uid] = true;
        _layout().limits[r.account] = r.limit;
    }
}

contract ReplayablePermissions is Signed {
    function setLimit(Request calldata r, uint8 v, bytes32 rs, bytes32 s) external {
        address signer = _signer(r, v, rs, s); // expect: signature-replay@26:replayable-signature
        require(_layout().admins[signer], "not admin");
        _layout().limits[r.account] = r.limit;
    }
}
