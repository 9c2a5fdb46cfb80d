// SYNTAX TEST "source.solidity" "inline assembly (Yul)"
contract Asm {
    function f(uint256 x) external returns (uint256 r) {
        assembly ("memory-safe") {
//      ^^^^^^^^ keyword.control.assembly.solidity
//                ^^^^^^^^^^^^^ string.quoted.double.solidity
            let p := mload(0x40)
//          ^^^ storage.type.let.yul.solidity
//                ^^ keyword.operator.assignment.yul.solidity
//                   ^^^^^ support.function.yul.solidity
//                         ^^^^ constant.numeric.hex.solidity
            function double(v) -> w { w := mul(v, 2) }
//          ^^^^^^^^ storage.type.function.yul.solidity
//                   ^^^^^^ entity.name.function.yul.solidity
//                             ^^ keyword.operator.return.yul.solidity
//                                         ^^^ support.function.yul.solidity
            switch x
//          ^^^^^^ keyword.control.yul.solidity
            case 0 { r := double(x) }
//          ^^^^ keyword.control.yul.solidity
//                        ^^^^^^ entity.name.function.call.yul.solidity
            default { r := sload(x.slot) tstore(0, 1) }
//          ^^^^^^^ keyword.control.yul.solidity
//                         ^^^^^ support.function.yul.solidity
//                                 ^^^^ support.variable.property.yul.solidity
//                                       ^^^^^^ support.function.yul.solidity
            for { let i := 0 } lt(i, 4) { i := add(i, 1) } { if iszero(i) { continue } leave }
//          ^^^ keyword.control.yul.solidity
//                             ^^ support.function.yul.solidity
//                                                           ^^ keyword.control.yul.solidity
//                                                              ^^^^^^ support.function.yul.solidity
//                                                                          ^^^^^^^^ keyword.control.yul.solidity
//                                                                                     ^^^^^ keyword.control.yul.solidity
        }
        return r;
//      ^^^^^^ keyword.control.flow.solidity - meta.assembly.solidity
    }
}
