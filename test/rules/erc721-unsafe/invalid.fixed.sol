// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";

contract Drop is ERC721 {
    uint256 public next;
    IERC721 public other;

    constructor() ERC721("Drop", "D") {}

    function mint() external {
        _safeMint(msg.sender, next++); // expect: erc721-unsafe@9:unsafe-mint
    }

    function move(address to, uint256 id) external {
        other.safeTransferFrom(msg.sender, to, id); // expect: erc721-unsafe@9:unsafe-transfer
    }
}
