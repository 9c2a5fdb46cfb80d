pragma solidity ^0.4.24;

// Before solc 0.5.0 a call to a `view` or `pure` function is a plain CALL, not a STATICCALL:
// the callee can run any code, re-entry included.
interface IProbe {
    function supports() external view returns (bytes32);
}

contract Airdrop {
    mapping(address => uint256) public balance;

    modifier supportsToken() {
        require(IProbe(msg.sender).supports() == keccak256("token"));
        _;
    }

    modifier hasNoBalance() {
        require(balance[msg.sender] == 0);
        _;
    }

    // The balance is checked before the call and credited after it: each re-entry passes the check again.
    function claim() public hasNoBalance supportsToken { // expect: reentrancy-state@14:state-after-call
        balance[msg.sender] += 20;
    }
}
