// SYNTAX TEST "source.solidity" "literals, comments and NatSpec"
/// @title A vault
//  ^^^^^^ storage.type.class.natspec.solidity
// <--- comment.line.triple-slash.documentation.solidity
/**
 * @notice Deposits `amount`.
// ^^^^^^^ storage.type.class.natspec.solidity
 * @param amount The amount, in wei.
// ^^^^^^ storage.type.class.natspec.solidity
//        ^^^^^^ variable.parameter.natspec.solidity
 * @inheritdoc IVault
// ^^^^^^^^^^^ storage.type.class.natspec.solidity
//             ^^^^^^ entity.name.type.natspec.solidity
 * @custom:security-contact sec@example.org
// ^^^^^^^^^^^^^^^^^^^^^^^^ storage.type.class.natspec.custom.solidity
 */
/* a plain block comment @notice is not NatSpec */
//                       ^^^^^^^ comment.block.solidity - storage.type.class.natspec.solidity
contract Literals {
    string constant U = unicode"Hello 😃";
//                      ^^^^^^^ storage.type.string.unicode.solidity
//                             ^^^^^^^^^^ string.quoted.double.unicode.solidity
    bytes constant H = hex"00ff_AB12";
//                     ^^^ storage.type.string.hex.solidity
//                        ^ punctuation.definition.string.begin.solidity
//                         ^^^^^^^^^ constant.numeric.hex.solidity
    bytes constant BAD = hex"0g";
//                           ^ invalid.illegal.hex.solidity
    string constant S = 'it\'s\n';
//                         ^^ constant.character.escape.solidity
//                            ^^ constant.character.escape.solidity
    uint256 constant N = 1_000_000 + 0xDEAD_BEEF + 2e18 + 1.5e3;
//                       ^^^^^^^^^ constant.numeric.decimal.solidity
//                                   ^^^^^^^^^^^ constant.numeric.hex.solidity
//                                                 ^^^^ constant.numeric.decimal.solidity
//                                                        ^^^^^ constant.numeric.decimal.solidity
    bool constant T = true;
//                    ^^^^ constant.language.boolean.solidity
    uint256 constant D = 7 days;
//                         ^^^^ keyword.other.unit.solidity
    address constant ME = address(this);
//                                ^^^^ variable.language.this.solidity
}
