// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// Replay protections, whatever their variables are called.
contract Vouchers {
    address public issuer = msg.sender;
    mapping(address => uint256) public counter;
    mapping(bytes32 => bool) public done;
    mapping(bytes32 => bool) public spent;
    mapping(address => bool) public got;
    mapping(address => mapping(uint256 => bool)) public burnt;
    mapping(address => uint256) public paid;

    struct Ticket { address holder; uint256 amount; }
    mapping(uint256 => Ticket) public tickets;

    // The signed hash includes a per-signer counter that the function advances.
    function redeem(uint256 amount, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 digest = keccak256(abi.encode(block.chainid, address(this), msg.sender, amount, counter[msg.sender]));
        counter[msg.sender] += 1;
        require(ecrecover(digest, v, r, s) == issuer, "bad signature");
        paid[msg.sender] += amount;
    }

    // The hash is marked used.
    function redeemOnce(uint256 amount, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 digest = keccak256(abi.encode(block.chainid, address(this), msg.sender, amount));
        require(!done[digest], "used");
        done[digest] = true;
        require(ecrecover(digest, v, r, s) == issuer, "bad signature");
        paid[msg.sender] += amount;
    }

    // The signature is marked used, through a helper.
    function redeemSig(uint256 amount, bytes memory sig) external {
        bytes32 digest = keccak256(abi.encode(block.chainid, address(this), msg.sender, amount));
        _consume(sig);
        require(whoSigned(digest, sig) == issuer, "bad signature");
        paid[msg.sender] += amount;
    }

    // One claim per account, checked and recorded.
    function claimOnce(uint256 amount, uint8 v, bytes32 r, bytes32 s) external {
        require(!got[msg.sender], "claimed");
        got[msg.sender] = true;
        bytes32 digest = keccak256(abi.encode(block.chainid, address(this), msg.sender, amount));
        require(ecrecover(digest, v, r, s) == issuer, "bad signature");
        paid[msg.sender] += amount;
    }

    // A signed nonce, checked and burnt.
    function redeemNonce(uint256 amount, uint256 ticket, uint8 v, bytes32 r, bytes32 s) external {
        require(!burnt[msg.sender][ticket], "burnt");
        burnt[msg.sender][ticket] = true;
        bytes32 digest = keccak256(abi.encode(block.chainid, address(this), msg.sender, amount, ticket));
        require(ecrecover(digest, v, r, s) == issuer, "bad signature");
        paid[msg.sender] += amount;
    }

    // A one-time mark through a storage pointer: the signed ticket must be new, and is taken.
    function take(uint256 id, uint256 amount, uint8 v, bytes32 r, bytes32 s) external {
        Ticket storage t = tickets[id];
        require(t.holder == address(0), "taken");
        bytes32 digest = keccak256(abi.encode(block.chainid, address(this), id, amount));
        require(ecrecover(digest, v, r, s) == issuer, "bad signature");
        t.holder = msg.sender;
        t.amount = amount;
    }

    function _consume(bytes memory sig) internal {
        bytes32 key = keccak256(sig);
        require(!spent[key], "spent");
        spent[key] = true;
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
}

// The nonce comes from a state-changing hook that a deriving contract implements: the model does
// not see its body, and a non-view hook whose result is signed may well advance a counter.
abstract contract Permits {
    address public issuer = msg.sender;
    mapping(uint256 => address) public approved;

    function _nextNonce(uint256 id) internal virtual returns (uint256);

    function permit(address spender, uint256 id, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 digest = keccak256(abi.encode(block.chainid, address(this), spender, id, _nextNonce(id)));
        require(ecrecover(digest, v, r, s) == issuer, "bad signature");
        approved[id] = spender;
    }
}
