// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// ETH leaves through code the contract runs but does not declare itself: a library
// helper that makes the paying call, and a creation that endows a new contract.
library Pay {
    function to(address payable who, uint256 amount) internal {
        (bool ok, ) = who.call{value: amount}("");
        require(ok, "pay failed");
    }
}

contract Sink {
    constructor() payable {}
}

contract Credits {
    mapping(address => uint256) public credit;

    function fund() external payable {
        credit[msg.sender] += msg.value;
    }

    function withdraw() external {
        uint256 owed = credit[msg.sender];
        credit[msg.sender] = 0;
        Pay.to(payable(msg.sender), owed);
    }
}

contract Burner {
    function burn() external payable {
        new Sink{value: msg.value}();
    }
}
