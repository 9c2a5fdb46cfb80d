pragma solidity ^0.4.24;

contract Bank {
    mapping(address => uint256) public balances;

    function deposit() public payable {
        balances[msg.sender] += msg.value;
    }

    function withdraw(uint256 amount) public {
        require(balances[msg.sender] >= amount);
        if (msg.sender.call.value(amount)()) { // expect: reentrancy-eth@13:state-after-eth
            balances[msg.sender] -= amount;
        }
    }

    // The write happens in a helper after the call; the helper is followed too.
    function withdrawAll() public {
        uint256 amount = balances[msg.sender];
        require(msg.sender.call.value(amount)()); // expect: reentrancy-eth@17:state-after-eth
        clear(msg.sender);
    }

    function clear(address who) internal {
        balances[who] = 0;
    }

    // transfer forwards 2300 gas, too little to re-enter today: reported at info severity,
    // since gas repricing has broken that assumption before.
    function withdrawSmall(uint256 amount) public {
        require(balances[msg.sender] >= amount);
        msg.sender.transfer(amount); // expect: reentrancy-eth@9:limited-gas-send
        balances[msg.sender] -= amount;
    }
}
