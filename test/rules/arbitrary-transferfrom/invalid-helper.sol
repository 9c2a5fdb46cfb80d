// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC20 {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

// One helper pulls tokens; each call site is judged by what it passes as `from`.
contract Collector {
    IERC20 public immutable asset;
    mapping(address => uint256) public credited;

    constructor(IERC20 a) {
        asset = a;
    }

    function _pull(address from, uint256 amount) internal {
        require(asset.transferFrom(from, address(this), amount), "pull failed");
    }

    function collectFrom(address payer, uint256 amount) external {
        credited[payer] += amount;
        _pull(payer, amount); // expect: arbitrary-transferfrom@9:caller-chosen-from
    }

    function deposit(uint256 amount) external {
        credited[msg.sender] += amount;
        _pull(msg.sender, amount);
    }
}
