// expect: none
pragma solidity ^0.4.24;

contract Registrar {
    struct Record {
        bytes32 name;
        address owner;
    }
    mapping(bytes32 => Record) records;

    function register(bytes32 name, address who) public {
        Record memory record;
        record.name = name;
        record.owner = who;
        records[name] = record;
    }

    function rename(bytes32 name, bytes32 next) public {
        Record storage r = records[name];
        r.name = next;
    }
}
