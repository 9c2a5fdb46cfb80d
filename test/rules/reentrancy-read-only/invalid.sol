// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// A pool that pays ETH out under a lock, and updates its reserves after the payment.
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

    function deposit() external payable locked {
        uint256 minted = totalShares == 0 ? msg.value : (msg.value * totalShares) / reserve;
        sharesOf[msg.sender] += minted;
        totalShares += minted;
        reserve += msg.value;
    }

    function exit(uint256 shares) external locked {
        uint256 amount = (shares * reserve) / totalShares;
        sharesOf[msg.sender] -= shares;
        totalShares -= shares;
        (bool ok, ) = msg.sender.call{value: amount}(""); // expect: reentrancy-read-only@23:stale-view
        require(ok, "send failed");
        reserve -= amount;
    }

    /// Other protocols price the share with this: during exit's call it divides the old reserve by the new supply.
    function pricePerShare() external view returns (uint256) {
        return totalShares == 0 ? 1e18 : (reserve * 1e18) / totalShares;
    }
}

/// The lock sits on an internal helper that both entry points share; the refund to the caller
/// goes out before the helper records the new balance.
contract Exchange {
    uint256 private _status = 1;
    uint256 public pooled;

    function _lock() private {
        require(_status == 1, "reentered");
        _status = 2;
    }

    function _unlock() private {
        _status = 1;
    }

    modifier nonReentrant() {
        _lock();
        _;
        _unlock();
    }

    function join() external payable {
        _settle(msg.value, 0);
    }

    function leave(uint256 amount) external {
        _settle(0, amount);
    }

    function _settle(uint256 inAmount, uint256 outAmount) private nonReentrant {
        uint256 next = pooled + inAmount - outAmount;
        _refund(outAmount);
        pooled = next;
    }

    function _refund(uint256 amount) private {
        (bool ok, ) = payable(msg.sender).call{value: amount}(""); // expect: reentrancy-read-only@23:stale-view
        require(ok, "refund failed");
    }

    function rate() external view returns (uint256) {
        return pooled / 1e18;
    }
}
