pragma solidity ^0.4.24;

contract Refunds {
    mapping(address => uint256) public owed;

    function refund() public {
        uint256 amount = owed[msg.sender];
        owed[msg.sender] = 0;
        msg.sender.send(amount); // expect: unchecked-send@9:unchecked-send
    }

    function refundTo(address to, uint256 amount) public {
        require(owed[to] >= amount);
        owed[to] -= amount;
        bool sent = to.send(amount); // expect: unchecked-send@21:unchecked-send
    }
}
