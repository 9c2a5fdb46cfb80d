// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IToken {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

/// A pull helper of any name: it is known by the ERC20 call it makes, not by what it is called.
library Move {
    function take(IToken t, address from, address to, uint256 amt) internal {
        require(address(t).code.length > 0, "no token");
        (bool ok, bytes memory ret) = address(t).call(abi.encodeWithSelector(IToken.transferFrom.selector, from, to, amt));
        require(ok && (ret.length == 0 || abi.decode(ret, (bool))), "pull failed");
    }
}

/// The same through inline assembly: the parameters line up with the call by their types.
library AsmMove {
    function grab(address t, address from, address to, uint256 amt) internal {
        assembly {
            let m := mload(0x40)
            mstore(m, 0x23b872dd00000000000000000000000000000000000000000000000000000000)
            mstore(add(m, 4), from)
            mstore(add(m, 36), to)
            mstore(add(m, 68), amt)
            if iszero(call(gas(), t, 0, m, 100, 0, 32)) { revert(0, 0) }
        }
    }
}

contract Market {
    using Move for IToken;

    IToken public immutable fixedToken;
    mapping(address => mapping(address => uint256)) public credit;
    mapping(address => uint256) public held;

    constructor(IToken t) {
        fixedToken = t;
    }

    /// The caller names the token: any token, fee-charging ones included, but each is credited
    /// only in its own entries, so a fee-charging token short-changes only its own depositors.
    function supply(IToken token, uint256 assets) external {
        token.take(msg.sender, address(this), assets); // expect: weird-erc20@9:fee-on-transfer-token-ledger
        credit[address(token)][msg.sender] += assets;
    }

    function supplyRaw(address token, uint256 assets) external {
        AsmMove.grab(token, msg.sender, address(this), assets); // expect: weird-erc20@9:fee-on-transfer-token-ledger
        credit[token][msg.sender] += assets;
    }

    /// The same pull credited to one balance every token shares: a fee-charging token leaves it short.
    function supplyShared(IToken token, uint256 assets) external {
        token.take(msg.sender, address(this), assets); // expect: weird-erc20@9:fee-on-transfer
        held[msg.sender] += assets;
    }

    /// The deployer chose this token: a lesser concern.
    function deposit(uint256 assets) external {
        fixedToken.take(msg.sender, address(this), assets); // expect: weird-erc20@9:fee-on-transfer-fixed-token
        held[msg.sender] += assets;
    }

    /// Paid out to someone else, not pulled in: nothing is credited as received.
    function forward(IToken token, address to, uint256 assets) external {
        token.take(msg.sender, to, assets);
        held[to] += assets;
    }
}
