// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// The caller named through helpers (a base's getter, an override that may take the sender a
// trusted forwarder appended, `super`): comparing it with tx.origin asks whether the caller is an
// externally owned account and authorises nobody. Comparing tx.origin with a stored account does.
abstract contract Context {
    function _caller() internal view virtual returns (address) {
        return msg.sender;
    }
}

abstract contract Relayed is Context {
    mapping(address => bool) internal forwarders;

    function _caller() internal view virtual override returns (address who) {
        if (forwarders[msg.sender]) {
            assembly {
                who := shr(96, calldataload(sub(calldatasize(), 20)))
            }
        } else {
            return super._caller();
        }
    }
}

contract Mint is Relayed {
    address public admin = msg.sender;
    uint256 public minted;

    function _caller() internal view override returns (address) {
        return Relayed._caller();
    }

    function mint() external {
        require(_caller() == tx.origin, "EOA only");
        minted += 1;
    }

    function mintAs() external {
        address who = _caller();
        require(who == tx.origin, "EOA only");
        minted += 1;
    }

    function sweep() external {
        require(tx.origin == admin, "admin"); // expect: tx-origin-auth@17:tx-origin-compare
        minted = 0;
    }
}
