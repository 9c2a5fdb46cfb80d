import assert from 'node:assert/strict';
import { analyze, parse, LineIndex } from '../../engine/src';

const CONTRACT = `pragma solidity ^0.8.20;
contract A {
    address owner;
    function f() external { require(tx.origin == owner); }
}
`;

describe('parse and analyze on bad input', () => {
  const inputs: Record<string, string> = {
    empty: '',
    whitespace: '   \n\n\t',
    'binary junk': String.fromCharCode(...Array.from({ length: 512 }, (_, i) => (i * 37) % 256)),
    'half-typed call': 'contract A { function f() public { foo(',
    'half-typed expression': 'contract A { function f() public { uint x = 1 +; } }',
    'half-typed mapping': 'contract A { mapping(',
    'unclosed comment': 'contract A { /* never closed',
    'unclosed string': 'contract A { string s = "abc',
    'only a pragma': 'pragma solidity ^0.8.0;',
    'unknown pragma': 'pragma solidity >=banana;\ncontract A {}',
    'unicode everywhere': 'contract Ä { string s = unicode"😀"; /* ü */ }',
  };
  for (const [name, text] of Object.entries(inputs)) {
    it(`never throws on ${name}`, () => {
      const result = analyze(text, { path: `${name}.sol` });
      assert.equal(result.aborted, false);
      assert.deepEqual(result.ruleErrors, []);
      for (const f of result.findings) {
        assert.ok(f.range.start.line >= 0 && f.range.start.character >= 0);
        assert.ok(f.range.end.line > f.range.start.line || (f.range.end.line === f.range.start.line && f.range.end.character >= f.range.start.character));
      }
    });
  }

  it('keeps analysing the rest of a file with a half-typed statement', () => {
    const text = 'pragma solidity ^0.8.0;\ncontract A {\n  address owner;\n  function f() public { foo( }\n  function g() public { require(tx.origin == owner); }\n}\n';
    const result = analyze(text);
    const ids = result.findings.map((f) => `${f.ruleId}@${f.range.start.line}`);
    assert.ok(ids.includes('tx-origin-auth@4'), ids.join(', '));
    assert.ok(ids.some((i) => i.startsWith('syntax-error@3')), ids.join(', '));
  });

  it('gives syntax errors exact ranges on the offending token', () => {
    const p = parse('contract A {\n  function f() public {\n    uint x = 1 +;\n  }\n}\n');
    assert.equal(p.errors.length > 0, true);
    const e = p.errors[0];
    assert.equal(e.range.start.line, 2);
    assert.equal(e.range.start.character, 16);
  });

  it('reports UTF-16 positions after astral characters', () => {
    const text = '// 😀😀\ncontract A { address owner; function f() public { require(tx.origin == owner); } }';
    const f = analyze(text).findings.find((x) => x.ruleId === 'tx-origin-auth')!;
    const lines = new LineIndex(text);
    assert.equal(text.slice(lines.offsetAt(f.range.start), lines.offsetAt(f.range.end)), 'tx.origin == owner');
  });

  it('survives deeply nested expressions', () => {
    const depth = 3000;
    const text = `contract A { function f() public pure returns (uint) { return ${'('.repeat(depth)}1${')'.repeat(depth)}; } }`;
    const result = analyze(text);
    assert.deepEqual(result.ruleErrors, []);
  });

  it('analyses a 50,000-line file', function () {
    this.timeout(120_000);
    const body = Array.from({ length: 50_000 / 4 }, (_, i) => `    function f${i}(uint a) external returns (uint) {\n        require(tx.origin == owner);\n        return a + ${i};\n    }\n`).join('');
    const text = `pragma solidity ^0.8.20;\ncontract Big {\n    address owner;\n${body}}\n`;
    const result = analyze(text);
    assert.equal(result.parseErrors.length, 0);
    assert.equal(result.findings.filter((f) => f.ruleId === 'tx-origin-auth').length, 12_500);
    assert.ok(result.stats.lines > 50_000);
  });

  it('stops between nodes when its signal is aborted', () => {
    const controller = new AbortController();
    controller.abort();
    const result = analyze(CONTRACT, { signal: controller.signal });
    assert.equal(result.aborted, true);
  });
});

describe('pragma reading', () => {
  it('reads the allowed compiler range', () => {
    assert.deepEqual([parse('pragma solidity ^0.4.24; contract A {}').solc.min, parse('pragma solidity ^0.4.24; contract A {}').solc.max], ['0.4.24', '0.4.26']);
    assert.equal(parse('pragma solidity >=0.6.0 <0.8.0; contract A {}').solc.max, '0.7.6');
    assert.equal(parse('pragma solidity >= 0.5.0; contract A {}').solc.min, '0.5.0');
    assert.equal(parse('contract A {}').solc.explicit, false);
    assert.equal(parse('pragma solidity >=banana; contract A {}').solc.invalid, true);
  });
});

describe('two-stage parsing', () => {
  it('builds the same tree for emit and revert statements as full LL parsing', () => {
    // The SLL pass hides `emit`/`revert` keywords and rebuilds the statements; a
    // syntax error elsewhere forces the LL pass over the same text, so the two
    // trees can be compared statement by statement.
    const body = `
    event Moved(address indexed to, uint256 amount);
    error TooMuch(uint256 asked);
    function move(address to, uint256 amount) external {
        if (amount > 10) revert TooMuch(amount);
        emit Moved(to, amount);
        if (amount == 0) revert("zero");
        revert();
    }`;
    const good = parse(`pragma solidity ^0.8.20;\ncontract A {${body}\n}\n`);
    const broken = parse(`pragma solidity ^0.8.20;\ncontract A {${body}\n    function half() external { uint x = ; }\n}\n`);
    assert.deepEqual(good.errors, []);
    assert.ok(broken.errors.length > 0);
    const strip = (n: unknown) => JSON.parse(JSON.stringify(n));
    const fnGood = (good.ast.children[1] as { subNodes: unknown[] }).subNodes;
    const fnBroken = (broken.ast.children[1] as { subNodes: unknown[] }).subNodes.slice(0, fnGood.length);
    assert.deepEqual(strip(fnGood), strip(fnBroken));
    const statements = ((fnGood[2] as { body: { statements: Array<{ type: string; trueBody?: { type: string } }> } }).body.statements);
    assert.deepEqual(statements.map((s) => s.trueBody?.type ?? s.type), ['RevertStatement', 'EmitStatement', 'ExpressionStatement', 'ExpressionStatement']);
  });
});
