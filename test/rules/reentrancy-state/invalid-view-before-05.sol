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

    function claim() public supportsToken { // expect: reentrancy-state@14:state-after-call
        require(balance[msg.sender] == 0);
        balance[msg.sender] += 20;
    }
}
