pragma solidity ^0.4.24;

contract Crowd {
    address[] creditors;
    mapping(address => uint256) owed;

    function join() public payable {
        creditors.push(msg.sender);
        owed[msg.sender] += msg.value;
    }

    function total() public view returns (uint256 sum) {
        for (uint256 i = 0; i < creditors.length; i++) { // expect: unbounded-loop@9:loop-over-growable
            sum += owed[creditors[i]];
        }
    }

    function reset() public {
        creditors = new address[](0); // expect: unbounded-loop@9:reset-growable
    }
}
