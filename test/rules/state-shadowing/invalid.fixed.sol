// SPDX-License-Identifier: MIT
pragma solidity ^0.5.0;

contract Owned {
    address public owner;
    uint256 internal fee;

    function setFee(uint256 f) public {
        require(msg.sender == owner);
        fee = f;
    }
}

contract Vault is Owned {
     // expect: state-shadowing@5:shadows-base-state
     // expect: state-shadowing@5:shadows-base-state

    constructor() public {
        owner = msg.sender;
    }

    function withdrawFee() public view returns (uint256) {
        return fee;
    }
}
