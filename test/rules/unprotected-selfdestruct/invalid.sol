pragma solidity ^0.4.24;

contract Killable {
    address owner;

    function Killable() public {
        owner = msg.sender;
    }

    function kill() public {
        selfdestruct(msg.sender); // expect: unprotected-selfdestruct@9:open-selfdestruct
    }

    function close() public {
        shutdown();
    }

    function shutdown() internal {
        suicide(owner); // expect: unprotected-selfdestruct@9:open-selfdestruct
    }

    // A modifier that checks nothing about the caller protects nothing.
    modifier whenFunded() {
        require(this.balance > 0);
        _;
    }

    function drain() public whenFunded {
        selfdestruct(owner); // expect: unprotected-selfdestruct@9:open-selfdestruct
    }
}
