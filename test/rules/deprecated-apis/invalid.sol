pragma solidity ^0.4.24;

contract Legacy {
    address owner;
    uint256 lock = 1 years; // expect: deprecated-apis

    function f(bytes32 x) public {
        if (msg.sender != owner) throw; // expect: deprecated-apis
        var y = x; // expect: deprecated-apis
        bytes32 h = sha3(y); // expect: deprecated-apis
        uint256 g = msg.gas; // expect: deprecated-apis
        bytes32 b = block.blockhash(block.number - 1); // expect: deprecated-apis
        uint256 t = now; // expect: deprecated-apis
        require(owner.callcode(h, g, b, t)); // expect: deprecated-apis
        owner.transfer(1 ether); // expect: deprecated-apis
        require(owner.call.value(1)()); // expect: deprecated-apis
        suicide(owner); // expect: deprecated-apis
    }
}
