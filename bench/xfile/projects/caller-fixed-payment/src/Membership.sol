// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {CreditBook} from "./base/CreditBook.sol";

contract Membership is CreditBook {
    uint256 public constant FEE = 1 ether;
    mapping(address => bool) public isMember;

    function join() external payable {
        require(msg.value == FEE, "fee is 1 ether");
        require(!isMember[msg.sender], "member");
        isMember[msg.sender] = true;
    }

    function resign() external {
        payable(msg.sender).transfer(1 ether);
    }

    function resignAsMember() external {
        require(isMember[msg.sender], "not a member");
        isMember[msg.sender] = false;
        payable(msg.sender).transfer(FEE);
    }

    function withdrawCredit() external {
        uint256 amount = credit[msg.sender];
        credit[msg.sender] = 0;
        payable(msg.sender).transfer(amount);
    }
}
