// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Gated} from "./base/Gated.sol";
import {IAllowlist} from "./interfaces/IAllowlist.sol";

contract Mint is Gated {
    mapping(address => uint256) public minted;
    uint256 public supply;

    constructor(IAllowlist allowlist_) Gated(allowlist_) {}

    function mint() external allowedOnly {
        minted[msg.sender] += 1;
        supply += 1;
    }

    function mintWithTicket() external spendsTicket {
        minted[msg.sender] += 1;
        supply += 1;
    }
}
