// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

contract Drop is ERC721 {
    uint256 public next;
    IERC20 public token;

    constructor() ERC721("Drop", "D") {}

    function mint() external {
        _safeMint(msg.sender, next++);
    }

    // An ERC20 transferFrom has nothing to do with onERC721Received.
    function pay(uint256 amount) external {
        require(token.transferFrom(msg.sender, address(this), amount));
    }
}
