// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IEntry {
    function depositTo(address account) external payable;
}

// Three ways a payment to a chosen address is not "anyone, any time":
// an initializer that runs once for the whole contract pays a receiver its deployer names;
// a withdrawal of the caller's own recorded deposit to an address they choose, checked and debited;
// a payment to the caller guarded by a comparison with an address fixed by the deriving contract.
abstract contract Wallet {
    uint256 public threshold;
    mapping(address => uint256) public deposits;

    function entry() public view virtual returns (IEntry);

    function setup(uint256 threshold_, address payable receiver, uint256 payment) external {
        require(threshold == 0, "initialised");
        require(threshold_ > 0, "zero");
        threshold = threshold_;
        if (payment > 0) _pay(receiver, payment);
    }

    function _pay(address payable to, uint256 amount) private {
        (bool ok, ) = to.call{value: amount}("");
        require(ok, "payment failed");
    }

    function deposit() external payable {
        deposits[msg.sender] += msg.value;
    }

    function withdrawTo(address payable to, uint256 amount) external {
        uint256 current = deposits[msg.sender];
        require(amount <= current, "too much");
        deposits[msg.sender] = current - amount;
        (bool ok, ) = to.call{value: amount}("");
        require(ok, "withdraw failed");
    }

    function _onlyEntry() internal view {
        require(msg.sender == address(entry()), "not entry");
    }

    function prefund(uint256 missing) external {
        _onlyEntry();
        (bool ok, ) = payable(msg.sender).call{value: missing}("");
        (ok);
    }
}
