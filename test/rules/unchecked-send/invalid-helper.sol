pragma solidity ^0.4.24;

contract Payouts {
    mapping(address => uint256) public owed;

    // The helper hands the result of send back to its caller.
    function pay(address to, uint256 amount) internal returns (bool) {
        return to.send(amount);
    }

    function claim() public {
        uint256 amount = owed[msg.sender];
        owed[msg.sender] = 0;
        pay(msg.sender, amount); // expect: unchecked-send@9:dropped-send-result
    }
}
