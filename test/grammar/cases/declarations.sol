// SYNTAX TEST "source.solidity" "contracts, functions, events, errors, value types"
// SPDX-License-Identifier: MIT
// ^^^^^^^^^^^^^^^^^^^^^^^ keyword.other.spdx.solidity
//                          ^^^ constant.other.license.solidity
pragma solidity ^0.8.24;
// <------ keyword.other.pragma.solidity
//     ^^^^^^^^ entity.name.tag.pragma.solidity
//              ^ keyword.operator.version.solidity
//               ^^^^^^ constant.numeric.version.solidity
pragma abicoder v2;
//     ^^^^^^^^ entity.name.tag.pragma.solidity

import {IERC20, SafeERC20 as Safe} from "./IERC20.sol";
// <------ keyword.control.import.solidity
//      ^^^^^^ variable.other.import.solidity
//                        ^^ keyword.control.import.solidity
//                                 ^^^^ keyword.control.import.solidity
//                                      ^^^^^^^^^^^^^^ string.quoted.double.solidity

type Price is uint128;
// <---- storage.type.udvt.solidity
//   ^^^^^ entity.name.type.udvt.solidity
//         ^^ storage.modifier.is.solidity
//            ^^^^^^^ support.type.primitive.integer.solidity

error InsufficientBalance(uint256 available, uint256 required);
// <----- storage.type.error.solidity
//    ^^^^^^^^^^^^^^^^^^^ entity.name.type.error.solidity
//                        ^^^^^^^ support.type.primitive.integer.solidity

abstract contract Vault is Ownable, ReentrancyGuard(1) {
// <-------- storage.modifier.abstract.solidity
//       ^^^^^^^^ storage.type.contract.solidity
//                ^^^^^ entity.name.type.contract.solidity
//                      ^^ storage.modifier.is.solidity
//                         ^^^^^^^ entity.other.inherited-class.solidity
//                                  ^^^^^^^^^^^^^^^ entity.other.inherited-class.solidity
//                                                  ^ constant.numeric.decimal.solidity
    using SafeERC20 for IERC20;
//  ^^^^^ keyword.other.using.solidity
//                  ^^^ keyword.other.for.solidity

    event Deposited(address indexed who, uint256 amount);
//  ^^^^^ storage.type.event.solidity
//        ^^^^^^^^^ entity.name.type.event.solidity
//                  ^^^^^^^ support.type.primitive.solidity
//                          ^^^^^^^ storage.modifier.solidity

    struct Position { uint128 size; bytes32 key; }
//  ^^^^^^ storage.type.struct.solidity
//         ^^^^^^^^ entity.name.type.struct.solidity
//                                  ^^^^^^^ support.type.primitive.bytes.solidity
    enum State { Open, Closed }
//  ^^^^ storage.type.enum.solidity
//       ^^^^^ entity.name.type.enum.solidity

    mapping(address => uint256) public balances;
//  ^^^^^^^ storage.type.mapping.solidity
//                  ^^ keyword.operator.mapping.solidity
//                              ^^^^^^ storage.modifier.access.solidity
    uint256 transient locked;
//          ^^^^^^^^^ storage.modifier.location.solidity
    address payable immutable owner;
//  ^^^^^^^ support.type.primitive.solidity
//          ^^^^^^^ storage.modifier.mutability.solidity
//                  ^^^^^^^^^ storage.modifier.mutability.solidity
    int24 tick; bytes1 flag; bytes b; uint u; fixed128x18 f;
//  ^^^^^ support.type.primitive.integer.solidity
//              ^^^^^^ support.type.primitive.bytes.solidity
//                           ^^^^^ support.type.primitive.bytes.solidity
//                                    ^^^^ support.type.primitive.integer.solidity
//                                            ^^^^^^^^^^^ support.type.primitive.fixed.solidity
    uint7 notAType; bytes33 notEither;
//  ^^^^^ variable.other.solidity
//                  ^^^^^^^ variable.other.solidity

    modifier onlyOwner() { _; }
//  ^^^^^^^^ storage.type.modifier.solidity
//           ^^^^^^^^^ entity.name.function.modifier.solidity

    constructor(address o) payable { owner = payable(o); }
//  ^^^^^^^^^^^ storage.type.function.special.solidity
//                         ^^^^^^^ storage.modifier.mutability.solidity

    receive() external payable {}
//  ^^^^^^^ storage.type.function.special.solidity
    fallback() external {}
//  ^^^^^^^^ storage.type.function.special.solidity

    function withdraw(uint256 amount) external virtual override returns (bool ok) {
//  ^^^^^^^^ storage.type.function.solidity
//           ^^^^^^^^ entity.name.function.solidity
//                                    ^^^^^^^^ storage.modifier.access.solidity
//                                             ^^^^^^^ storage.modifier.solidity
//                                                     ^^^^^^^^ storage.modifier.solidity
//                                                              ^^^^^^^ storage.type.function.returns.solidity
        if (amount > balances[msg.sender]) revert InsufficientBalance(balances[msg.sender], amount);
//      ^^ keyword.control.flow.solidity
//                            ^^^ support.variable.global.solidity
//                                         ^^^^^^ keyword.control.revert.solidity
//                                                ^^^^^^^^^^^^^^^^^^^ entity.name.type.error.solidity
        unchecked { balances[msg.sender] -= amount; }
//      ^^^^^^^^^ keyword.control.unchecked.solidity
//                                       ^^ keyword.operator.assignment.compound.solidity
        emit Deposited(msg.sender, amount);
//      ^^^^ keyword.control.emit.solidity
//           ^^^^^^^^^ entity.name.type.event.solidity
        require(ok, "failed");
//      ^^^^^^^ support.function.builtin.solidity
        revert("plain");
//      ^^^^^^ keyword.control.revert.solidity
        return type(uint256).max > 1 ether;
//      ^^^^^^ keyword.control.flow.solidity
//             ^^^^ support.function.builtin.solidity
//                                   ^^^^^ keyword.other.unit.solidity
    }
}
