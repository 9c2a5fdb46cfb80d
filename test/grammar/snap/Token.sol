// SPDX-License-Identifier: MIT
pragma solidity >=0.8.8 <0.9.0;

import "./Base.sol";

/// @title A token with a capped supply
/// @author Synor tests
interface IToken {
    /// @notice Moves `amount` tokens to `to`.
    /// @param to The receiver.
    /// @return ok Always true.
    function transfer(address to, uint256 amount) external returns (bool ok);
}

type Amount is uint128;

using { add as + } for Amount global;

function add(Amount a, Amount b) pure returns (Amount) {
    return Amount.wrap(Amount.unwrap(a) + Amount.unwrap(b));
}

contract Token is IToken, Base {
    error Capped(uint256 cap);
    event Transfer(address indexed from, address indexed to, uint256 value);

    uint256 public constant CAP = 21_000_000 * 1e18;
    mapping(address owner => uint256 balance) internal balanceOf;
    bytes32 private constant SLOT = keccak256("synor.token.slot");
    uint256 transient reentrancy;

    modifier nonReentrant() {
        require(reentrancy == 0, "reentrant");
        reentrancy = 1;
        _;
        reentrancy = 0;
    }

    function transfer(address to, uint256 amount) external override nonReentrant returns (bool) {
        uint256 bal = balanceOf[msg.sender];
        if (bal < amount) revert Capped({cap: bal});
        unchecked {
            balanceOf[msg.sender] = bal - amount;
        }
        balanceOf[to] += amount;
        emit Transfer(msg.sender, to, amount);
        (bool sent, ) = payable(tx.origin).call{value: 0}(hex"");
        try this.ping() returns (uint256 v) { v; } catch Error(string memory reason) { reason; }
        return sent || block.timestamp > 0;
    }

    function ping() external view returns (uint256 s) {
        assembly {
            s := sload(SLOT)
            if gt(s, 0) { s := add(s, 1) }
        }
    }
}
