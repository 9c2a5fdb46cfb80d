import assert from 'node:assert/strict';
import { parseRaw, parseRawAntlr } from '../../engine/src/parse/antlr';
import { parse } from '../../engine/src';

/* eslint-disable @typescript-eslint/no-require-imports */
const solidityParser = require('@solidity-parser/parser') as { parse(text: string, opts: object): unknown };

/** The tree as plain data, so that trees from two builders compare by content. */
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

/** The raw parser's own tree (full LL, no recovery needed on valid code): the reference shape. */
const reference = (text: string): unknown => plain(solidityParser.parse(text, { range: true }));

const FIXTURES: Record<string, string> = {
  'no assembly': `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Plain code
contract Vault {
    event Deposited(address indexed who, uint256 amount);
    error TooMuch(uint256 asked, uint256 limit);
    mapping(address => uint256) public balances;
    uint256 private constant LIMIT = 1e18;

    function deposit() external payable {
        if (msg.value > LIMIT) revert TooMuch(msg.value, LIMIT);
        balances[msg.sender] += msg.value;
        emit Deposited(msg.sender, msg.value);
    }

    function withdraw(uint256 amount) external {
        require(balances[msg.sender] >= amount, "low");
        balances[msg.sender] -= amount;
        (bool ok, ) = payable(msg.sender).call{value: amount}("");
        require(ok);
        for (uint256 i = 0; i < 3; i++) { amount = (amount * 2) / 3; }
    }
}
`,
  'calls whose first argument is a name': `pragma solidity ^0.8.24;
library Mem {
    function store(uint256 x, uint256 p) internal pure returns (uint256 r) {
        assembly {
            mstore(p, 1)
            mstore(x, add(p, 0x20))
            pop(x)
            r := mload(p)
            sstore(keccak256(p, 0x40), mload(add(p, 0x20)))
            mstore(0x40, add(mload(0x40), 0x60))
        }
    }
}
`,
  'every kind of Yul item': `pragma solidity ^0.8.24;
contract Yul {
    uint256 slotted;
    event E(uint256 v);
    function run(uint256 n, bytes calldata data) external returns (uint256 total, uint256 last) {
        assembly ("memory-safe") {
            let a := div(n, 2)
            let b, p
            p := mload(0x40)
            function twice(v) -> w { w := mul(v, 2) leave }
            function pair(v) -> x, y { x := v y := staticcall(gas(), 0x04, data.offset, data.length, p, 0x20) }
            for { let i := 0 } lt(i, n) { i := add(i, 1) } {
                if iszero(mod(i, 3)) { continue }
                total := add(total, twice(i))
                if gt(total, 1000) { break }
            }
            switch and(n, 3)
            case 0 { last := 1 }
            case 1 { last := byte(31, n) }
            default { last := address() }
            a, b := pair(n)
            sstore(slotted.slot, add(sload(slotted.slot), a))
            { let inner := calldataload(4) mstore(p, inner) }
            if b { revert(0, 0) }
        }
        emit E(total);
        assembly { return(0, 0x20) }
    }
}
`,
  'dialect string and several blocks': `pragma solidity ^0.8.24;
contract Blocks {
    function one(uint256 x) public pure returns (uint256 y) {
        assembly "evmasm" { y := x }
        assembly { }
        unchecked { y = y + 1; }
        assembly { y := add(y, x) mstore(y, x) }
    }
    function two(address who) public view returns (uint256 size) {
        assembly { size := extcodesize(who) }
    }
}
`,
  'a name, then an assignment to a parenthesised list': `pragma solidity ^0.8.0;
contract Odd {
    function f() public pure {
        assembly { g (a, b) := h() }
    }
}
`,
};

describe('parse: inline assembly', () => {
  for (const [name, text] of Object.entries(FIXTURES)) {
    it(`gives the raw parser's tree, on the fast path, for ${name}`, () => {
      const raw = parseRaw(text);
      assert.deepEqual(raw.errors, []);
      assert.equal(raw.slowPath, false, 'the fast pass accepted the file');
      assert.deepEqual(plain(raw.ast), reference(text));
      // The ANTLR path alone (what parses whatever the hand-written parser declines): its SLL pass accepts it too.
      const antlr = parseRawAntlr(text);
      assert.deepEqual(antlr.errors, []);
      assert.equal(antlr.slowPath, false, 'the SLL pass accepted the file');
      assert.deepEqual(plain(antlr.ast), reference(text));
    });
  }

  it('gives every Yul call its exact offsets', () => {
    const text = FIXTURES['calls whose first argument is a name'];
    const ast = parseRaw(text).ast;
    const calls: { name: string; range: [number, number] }[] = [];
    const walk = (n: unknown): void => {
      if (!n || typeof n !== 'object') return;
      const node = n as Record<string, unknown>;
      if (node.type === 'AssemblyCall' && node.functionName === 'mstore') calls.push({ name: node.functionName as string, range: node.range as [number, number] });
      for (const k of Object.keys(node)) if (k !== 'range') walk(node[k]);
    };
    walk(ast);
    const expected = ['mstore(p, 1)', 'mstore(x, add(p, 0x20))', 'mstore(0x40, add(mload(0x40), 0x60))'];
    assert.equal(calls.length, expected.length);
    for (const [i, call] of calls.entries()) {
      const start = text.indexOf(expected[i]);
      assert.deepEqual(call.range, [start, start + expected[i].length - 1], expected[i]);
    }
  });

  it('keeps the rest of the file when an assembly call is half typed', () => {
    const text = `pragma solidity ^0.8.24;
contract Half {
    function broken(uint256 x) public pure {
        assembly { mstore(x, }
    }
    function intact(uint256 p) public pure returns (uint256 r) {
        assembly { mstore(p, 1) r := mload(p) }
    }
}
`;
    const parsed = parse(text);
    assert.ok(parsed.errors.length > 0, 'the syntax error is reported');
    assert.equal(parsed.errors[0].range.start.line, 3, 'on the half-typed line');
    const contract = parsed.ast.children.find((c) => c.type === 'ContractDefinition') as { subNodes: { type: string; name?: string; body?: { statements: unknown[] } }[] };
    const names = contract.subNodes.map((n) => n.name);
    assert.deepEqual(names, ['broken', 'intact']);
    const intact = contract.subNodes[1].body!.statements[0] as { type: string; body: { operations: unknown[] } };
    assert.equal(intact.type, 'InlineAssemblyStatement');
    assert.equal(intact.body.operations.length, 2, 'the other function keeps its assembly whole');
    const whole = text.replace('mstore(x, }', 'mstore(x, 0) }');
    const fixed = parseRaw(whole);
    assert.deepEqual(fixed.errors, []);
    assert.deepEqual(plain(fixed.ast), reference(whole), 'once typed, the same tree as the raw parser');
  });

  it('recovers from a half-typed Yul assignment and keeps later items of other blocks', () => {
    const text = `pragma solidity ^0.8.24;
contract Half {
    function f(uint256 p) public pure returns (uint256 r) {
        assembly { r := }
        r = p + 1;
    }
    function g(uint256 p) public pure returns (uint256 r) {
        assembly { r := add(p, 1) }
    }
}
`;
    const raw = parseRaw(text);
    assert.equal(raw.slowPath, true);
    assert.ok(raw.errors.length > 0);
    const contract = raw.ast.children.find((c) => c.type === 'ContractDefinition') as { subNodes: { name?: string; body?: { statements: { type: string }[] } }[] };
    const g = contract.subNodes.find((n) => n.name === 'g');
    assert.equal(g?.body?.statements[0].type, 'InlineAssemblyStatement');
  });
});
