pragma solidity ^0.4.24;

contract Legacy {
    address owner;
    uint256 lock = 365 days; // expect: deprecated-apis

    function f(bytes32 x) public {
        if (msg.sender != owner) revert(); // expect: deprecated-apis
        var y = x; // expect: deprecated-apis
        bytes32 h = keccak256(y); // expect: deprecated-apis
        uint256 g = gasleft(); // expect: deprecated-apis
        bytes32 b = blockhash(block.number - 1); // expect: deprecated-apis
        uint256 t = block.timestamp; // expect: deprecated-apis
        require(owner.callcode(h, g, b, t)); // expect: deprecated-apis
        owner.transfer(1 ether); // expect: deprecated-apis
        require(owner.call.value(1)()); // expect: deprecated-apis
        selfdestruct(owner); // expect: deprecated-apis
    }
}
