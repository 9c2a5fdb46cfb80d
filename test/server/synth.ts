/** Synthetic Solidity for the server tests and the LSP benchmark. */

/** A contract of about `lines` lines, with a tx-origin finding in its last function. */
export function syntheticContract(lines: number, name = 'Big'): string {
  const out = ['// SPDX-License-Identifier: MIT', 'pragma solidity ^0.8.20;', '', `contract ${name} {`, '    address public owner;', '    mapping(address => uint256) public balances;', ''];
  let i = 0;
  while (out.length < lines - 8) {
    out.push(
      `    function f${i}(uint256 a, uint256 b) public returns (uint256) {`,
      `        uint256 c = a + b * ${i + 1};`,
      `        if (c > ${i * 7}) {`,
      `            balances[msg.sender] += c;`,
      '        }',
      `        emit Touched(msg.sender, c);`,
      '        return c;',
      '    }',
      '',
    );
    i++;
  }
  out.push('    event Touched(address who, uint256 value);', '', '    function last() external view returns (bool) {', '        return tx.origin == owner;', '    }', '}');
  return out.join('\n') + '\n';
}
