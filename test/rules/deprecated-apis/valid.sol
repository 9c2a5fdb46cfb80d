// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC20 {
    function transfer(address to, uint256 v) external returns (bool);
}

contract Modern {
    IERC20 public token;

    function f(bytes memory data, address payable to) external {
        bytes32 h = keccak256(data);
        uint256 g = gasleft();
        uint256 t = block.timestamp + 365 days;
        // ERC20 transfer takes two arguments and is not the ETH transfer.
        require(token.transfer(to, uint256(h) + g + t));
        (bool ok, ) = to.call{value: 1}("");
        require(ok);
    }
}
