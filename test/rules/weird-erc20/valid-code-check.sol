// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

// The same helpers as invalid-codeless-call.sol, with a check that the token has code on the path.
library Payout {
    function send(address token, address to, uint256 amount) internal {
        require(token.code.length > 0, "no code");
        (bool success, bytes memory data) = token.call(abi.encodeWithSelector(IERC20.transfer.selector, to, amount));
        require(success && (data.length == 0 || abi.decode(data, (bool))), "send failed");
    }

    function pull(address token, address from, address to, uint256 amount) internal {
        _optional(token, abi.encodeCall(IERC20.transferFrom, (from, to, amount)));
    }

    // The check sits in a helper the token is handed to, after the call.
    function _optional(address token, bytes memory data) private {
        (bool ok, bytes memory ret) = token.call(data);
        require(ok, "call failed");
        if (ret.length == 0) require(_hasCode(token), "no code");
        else require(abi.decode(ret, (bool)), "returned false");
    }

    function _hasCode(address account) private view returns (bool) {
        return account.code.length > 0;
    }
}

library Moves {
    function give(address token, address to, uint256 amount) internal {
        bool success;
        assembly {
            let p := mload(0x40)
            mstore(p, 0xa9059cbb00000000000000000000000000000000000000000000000000000000)
            mstore(add(p, 4), to)
            mstore(add(p, 36), amount)
            success := call(gas(), token, 0, p, 68, 0, 32)
            if and(iszero(and(eq(mload(0), 1), gt(returndatasize(), 31))), success) {
                success := iszero(or(iszero(extcodesize(token)), returndatasize()))
            }
        }
        require(success, "give failed");
    }
}

// Requiring a decoded `true` rejects an empty return: a call to an address without code fails.
library Strict {
    function send(address token, address to, uint256 amount) internal {
        (bool success, bytes memory data) = token.call(abi.encodeWithSelector(IERC20.transfer.selector, to, amount));
        require(success && abi.decode(data, (bool)), "send failed");
    }
}

contract Vault {
    function pay(address token, address to, uint256 amount) external {
        Payout.send(token, to, amount);
        Payout.pull(token, msg.sender, to, amount);
        Moves.give(token, to, amount);
        Strict.send(token, to, amount);
    }

    // Sending ether is not a token call.
    function refund(address payable to, uint256 amount) external {
        (bool ok, ) = to.call{value: amount}("");
        require(ok, "refund failed");
    }
}
