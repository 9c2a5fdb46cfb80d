// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function approve(address spender, uint256 amount) external returns (bool);
}

// Token helpers that accept an empty return (as USDT gives) as success and never check that the
// token has code: a call to an address without code succeeds with an empty return, so "moving" a
// token that does not exist succeeds. The names say nothing; what the code sends and accepts does.
library Payout {
    function send(address token, address to, uint256 amount) internal {
        (bool success, bytes memory data) = token.call(abi.encodeWithSelector(IERC20.transfer.selector, to, amount)); // expect: weird-erc20@45:no-code-check
        require(success && (data.length == 0 || abi.decode(data, (bool))), "send failed");
    }

    // The calldata is built here and handed to a helper that makes the call.
    function pull(address token, address from, address to, uint256 amount) internal {
        _optional(token, abi.encodeCall(IERC20.transferFrom, (from, to, amount)));
    }

    function _optional(address token, bytes memory data) private {
        (bool ok, bytes memory ret) = token.call(data); // expect: weird-erc20@39:no-code-check
        require(ok, "call failed");
        if (ret.length > 0) require(abi.decode(ret, (bool)), "returned false");
    }

    // The return data is dropped: an empty return passes as well.
    function allow(address token, address spender, uint256 amount) internal {
        (bool ok, ) = token.call(abi.encodeWithSignature("approve(address,uint256)", spender, amount)); // expect: weird-erc20@23:no-code-check
        require(ok, "approve failed");
    }
}

// The same in inline assembly: the selector word is stored, then `call`; success when the token
// returned true or returned nothing.
library Moves {
    function give(address token, address to, uint256 amount) internal {
        bool success;
        assembly {
            let p := mload(0x40)
            mstore(p, 0xa9059cbb00000000000000000000000000000000000000000000000000000000)
            mstore(add(p, 4), to)
            mstore(add(p, 36), amount)
            success := and(or(and(eq(mload(0), 1), gt(returndatasize(), 31)), iszero(returndatasize())), call(gas(), token, 0, p, 68, 0, 32)) // expect: weird-erc20@106:no-code-check
        }
        require(success, "give failed");
    }
}

// A selector kept in a constant, as some pairs do.
contract Pair {
    bytes4 private constant SELECTOR = bytes4(keccak256(bytes("transfer(address,uint256)")));
    address public token0;

    function skim(address to, uint256 amount) external {
        (bool success, bytes memory data) = token0.call(abi.encodeWithSelector(SELECTOR, to, amount)); // expect: weird-erc20@45:no-code-check
        require(success && (data.length == 0 || abi.decode(data, (bool))), "transfer failed");
    }
}

contract Vault {
    function pay(address token, address to, uint256 amount) external {
        Payout.send(token, to, amount);
        Moves.give(token, to, amount);
        Payout.pull(token, msg.sender, to, amount);
        Payout.allow(token, to, amount);
    }
}
