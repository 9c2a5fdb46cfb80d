// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// The same pool, with state settled before the payment.
contract Pool {
    uint256 private _entered = 1;
    uint256 public totalShares;
    uint256 public reserve;
    mapping(address => uint256) public sharesOf;

    modifier locked() {
        require(_entered == 1, "reentered");
        _entered = 2;
        _;
        _entered = 1;
    }

    function exit(uint256 shares) external locked {
        uint256 amount = (shares * reserve) / totalShares;
        sharesOf[msg.sender] -= shares;
        totalShares -= shares;
        reserve -= amount;
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "send failed");
    }

    function pricePerShare() external view returns (uint256) {
        return totalShares == 0 ? 1e18 : (reserve * 1e18) / totalShares;
    }
}

/// Stale during the call, but the view refuses to answer while the lock is held.
contract GuardedViews {
    uint256 private _entered = 1;
    uint256 public totalShares;
    uint256 public reserve;

    modifier locked() {
        require(_entered == 1, "reentered");
        _entered = 2;
        _;
        _entered = 1;
    }

    function exit(uint256 shares) external locked {
        uint256 amount = (shares * reserve) / totalShares;
        totalShares -= shares;
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "send failed");
        reserve -= amount;
    }

    function pricePerShare() external view returns (uint256) {
        require(_entered == 1, "locked");
        return (reserve * 1e18) / totalShares;
    }
}

interface IToken {
    function transfer(address to, uint256 amount) external returns (bool);
}

/// A token payout to a fixed token: control goes to the token's code, not to an account the
/// caller picks (reentrancy through token hooks is reentrancy-state's question).
contract TokenPool {
    uint256 private _entered = 1;
    IToken public immutable token;
    uint256 public reserve;

    constructor(IToken t) {
        token = t;
    }

    modifier locked() {
        require(_entered == 1, "reentered");
        _entered = 2;
        _;
        _entered = 1;
    }

    function exit(uint256 amount) external locked {
        require(token.transfer(msg.sender, amount), "transfer failed");
        reserve -= amount;
    }

    function price() external view returns (uint256) {
        return reserve;
    }
}

/// A batch under a lock: each operation is complete before its payment goes out; the state an
/// operation later in the batch writes belongs to an operation that has not begun.
contract Batch {
    uint256 private _entered = 1;
    mapping(address => uint256) public credit;

    modifier locked() {
        require(_entered == 1, "reentered");
        _entered = 2;
        _;
        _entered = 1;
    }

    function settle(address payable[] calldata to, uint256[] calldata amounts, bool[] calldata keep) external locked {
        for (uint256 i = 0; i < to.length; i++) {
            if (keep[i]) {
                credit[to[i]] += amounts[i];
            } else {
                (bool ok, ) = to[i].call{value: amounts[i]}("");
                require(ok, "send failed");
            }
        }
    }

    function creditOf(address who) external view returns (uint256) {
        return credit[who];
    }
}
