// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC3156FlashBorrower {
    function onFlashLoan(address initiator, address token, uint256 amount, uint256 fee, bytes calldata data) external returns (bytes32);
}

interface ICallee {
    function onLoan(uint256 amount) external;
}

/// A flash lender calls the borrower back by design and settles after the callback.
contract Lender {
    bytes32 internal constant RETURN_VALUE = keccak256("ERC3156FlashBorrower.onFlashLoan");
    mapping(address => uint256) public balanceOf;
    uint256 public totalSupply;

    function flashLoan(IERC3156FlashBorrower receiver, uint256 amount, bytes calldata data) external returns (bool) {
        balanceOf[address(receiver)] += amount;
        totalSupply += amount;
        require(receiver.onFlashLoan(msg.sender, address(this), amount, 0, data) == RETURN_VALUE, "callback"); // expect: reentrancy-state@17:flash-loan-settlement
        balanceOf[address(receiver)] -= amount;
        totalSupply -= amount;
        return true;
    }

    /// Any other callback is a re-entry point like any call out.
    function loan(ICallee receiver, uint256 amount) external {
        balanceOf[address(receiver)] += amount;
        // Not the ERC-3156 callback. The balance is settled before the call (credited) and re-read by
        // the checked `-=` after it, so nothing decided before the call is acted on after it.
        receiver.onLoan(amount); // expect: reentrancy-state@9:write-not-read-before
        balanceOf[address(receiver)] -= amount;
    }

    function transfer(address to, uint256 amount) external {
        balanceOf[msg.sender] -= amount;
        balanceOf[to] += amount;
    }
}
