pragma solidity ^0.4.24;

contract Legacy {
    address owner;
    uint256 lock = 1 years; // expect: deprecated-apis@20:years

    function f(bytes32 x) public {
        if (msg.sender != owner) throw; // expect: deprecated-apis@34:throw
        var y = x; // expect: deprecated-apis@9:var
        bytes32 h = sha3(y); // expect: deprecated-apis@21:sha3
        uint256 g = msg.gas; // expect: deprecated-apis@21:msg-gas
        bytes32 b = block.blockhash(block.number - 1); // expect: deprecated-apis@21:block-blockhash
        uint256 t = now; // expect: deprecated-apis@21:now
        require(owner.callcode(h, g, b, t)); // expect: deprecated-apis@17:callcode
        owner.transfer(1 ether); // expect: deprecated-apis@9:eth-transfer
        require(owner.call.value(1)()); // expect: deprecated-apis@17:call-value-gas
        suicide(owner); // expect: deprecated-apis@9:suicide
    }
}
