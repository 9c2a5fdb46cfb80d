pragma solidity ^0.4.24;

contract Registrar {
    bool public unlocked = false;
    mapping(bytes32 => address) public owners;

    struct Record {
        bytes32 name;
        address owner;
    }

    function register(bytes32 name, address who) public {
        Record record; // expect: uninitialized-storage-ptr@9:storage-pointer
        record.name = name;
        record.owner = who;
        require(unlocked);
        owners[name] = who;
    }

    function list() public {
        uint[] ids; // expect: uninitialized-storage-ptr@9:storage-pointer
        ids.push(1);
    }
}
