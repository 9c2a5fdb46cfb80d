// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// A struct declared at file level is no value type, whatever its name looks like: the contract
// hands it to a library as a storage reference, which writes its fields.
struct Registry {
    mapping(bytes32 => uint256) entries;
    uint256 count;
}

library RegistryLib {
    function add(Registry storage r, bytes32 id, uint256 v) internal {
        r.entries[id] = v;
        r.count += 1;
    }

    function get(Registry storage r, bytes32 id) internal view returns (uint256) {
        return r.entries[id];
    }
}

contract Book {
    using RegistryLib for Registry;

    Registry internal registry;

    function put(bytes32 id, uint256 v) external {
        registry.add(id, v);
    }

    function read(bytes32 id) external view returns (uint256) {
        return registry.get(id);
    }
}
