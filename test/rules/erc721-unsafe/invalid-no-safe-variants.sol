// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// A minimal token with neither _safeMint nor safeTransferFrom: the findings stand,
// but a fix calling them would not compile, so none is offered.
abstract contract MiniERC721 {
    mapping(uint256 => address) public ownerOf;

    function _mint(address to, uint256 id) internal {
        ownerOf[id] = to;
    }

    function transferFrom(address from, address to, uint256 id) public {
        require(ownerOf[id] == from && msg.sender == from);
        ownerOf[id] = to;
    }
}

contract Badge is MiniERC721 {
    uint256 public next;
    MiniERC721 public other;

    function mint() external {
        _mint(msg.sender, next++); // expect: erc721-unsafe@9:unsafe-mint
    }

    function move(address to, uint256 id) external {
        other.transferFrom(msg.sender, to, id); // expect: erc721-unsafe@9:unsafe-transfer
    }
}
