// SYNTAX TEST "source.solidity" "Solidity 0.4-0.6 constructs"
pragma solidity ^0.4.24;
pragma experimental ABIEncoderV2;
//     ^^^^^^^^^^^^ entity.name.tag.pragma.solidity
//                  ^^^^^^^^^^^^ constant.other.pragma.solidity
contract Old {
    function Old() public { owner = msg.sender; }
//  ^^^^^^^^ storage.type.function.solidity
//           ^^^ entity.name.function.solidity
    function kill() constant returns (bytes32) {
//                  ^^^^^^^^ storage.modifier.mutability.solidity
        var x = sha3("a");
//      ^^^ storage.type.var.solidity
//              ^^^^ support.function.builtin.solidity
        if (now > 1 years) throw;
//          ^^^ support.variable.global.deprecated.solidity
//                  ^^^^^ keyword.other.unit.solidity
//                         ^^^^^ keyword.control.flow.solidity
        suicide(msg.sender);
//      ^^^^^^^ support.function.builtin.solidity
        uint amount = 1 finney + 2 szabo;
//                      ^^^^^^ keyword.other.unit.solidity
//                                 ^^^^^ keyword.other.unit.solidity
        assembly { let y := add(1, 2) }
//      ^^^^^^^^ keyword.control.assembly.solidity
//                          ^^^ support.function.yul.solidity
    }
}
