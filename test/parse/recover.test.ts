import assert from 'node:assert/strict';
import { parse } from '../../engine/src';
import { parseRawAntlr } from '../../engine/src/parse/antlr';
import { syntheticContract } from '../server/synth';

type Node = { type: string; name?: string; range?: [number, number]; subNodes?: Node[]; [k: string]: unknown };

/** A node as JSON with every range moved by `-shift` from `from` on: compares a member before and after an insertion. */
function shape(n: unknown, from = Infinity, shift = 0): string {
  return JSON.stringify(n, (k, v) => (k === 'range' && Array.isArray(v) ? v.map((o: number) => (o >= from ? o - shift : o)) : v));
}

function members(text: string): Node[] {
  const c = parse(text).ast.children.find((n) => n.type === 'ContractDefinition') as unknown as Node;
  return c.subNodes ?? [];
}

/**
 * Recovery by parts: a syntax error costs the part it is in (a contract
 * member, a top-level unit), and every other part keeps exactly the tree of
 * the file without the error.
 */
describe('parse: recovery from syntax errors part by part', () => {
  const base = syntheticContract(600, 'Parts');
  const at = base.indexOf('    function f30(');

  for (const [name, typed] of [
    ['a half-typed function header between two functions', '    function foo(\n'],
    ['a state variable without its semicolon', '    uint256 public pending\n'],
    ['a stray word between two members', '    funct\n'],
    ['a statement missing its semicolon in a new function', '    function g(uint256 a) public { a = 1 \n    }\n'],
  ] as const) {
    it(`keeps every other member exactly: ${name}`, () => {
      const text = base.slice(0, at) + typed + base.slice(at);
      const parsed = parse(text);
      assert.ok(parsed.errors.length > 0, 'the error is reported');
      // Every error lies in the part that holds the typed text (it runs to the end of the function after it).
      const partEnd = text.indexOf('\n    }\n', at + typed.length) + 6;
      for (const e of parsed.errors) {
        const o = parsed.lines.offsetAt(e.range.start);
        assert.ok(o >= at && o <= partEnd, `error at ${e.range.start.line}:${e.range.start.character} (${e.message}) lies in the broken part`);
      }
      const before = members(base);
      const after = members(text);
      const shift = typed.length;
      // Members wholly before the typed text, and wholly after the part it broke, are those of the clean file (moved).
      const intactBefore = before.filter((m) => m.range![1] < at);
      const intactAfter = before.filter((m) => m.range![0] > partEnd - shift);
      for (const m of intactBefore) assert.equal(shape(after.find((x) => x.range![0] === m.range![0])), shape(m), `${m.name ?? m.type} before the error`);
      for (const m of intactAfter) {
        const moved = after.find((x) => x.range![0] === m.range![0] + shift);
        assert.ok(moved, `${m.name ?? m.type} after the error is kept`);
        assert.equal(shape(moved, at, shift), shape(m), `${m.name ?? m.type} after the error, moved`);
      }
      assert.ok(intactBefore.length > 30 && intactAfter.length > 20);
    });
  }

  it('recovers two broken members in different places, and a broken one at the end of the contract', () => {
    const a = base.indexOf('    function f10(');
    const b = base.indexOf('    function f40(');
    const end = base.lastIndexOf('}');
    const text = base.slice(0, a) + '    uint256 x = \n' + base.slice(a, b) + '    function h( {}\n' + base.slice(b, end) + '    uint256 tail\n' + base.slice(end);
    const parsed = parse(text);
    assert.ok(parsed.errors.length >= 3, parsed.errors.map((e) => e.message).join('; '));
    const names = members(text).map((m) => m.name);
    for (const n of ['f0', 'f9', 'f11', 'f39', 'f41', 'last']) assert.ok(names.includes(n), `${n} kept`);
  });

  it('recovers the whole file as before where its braces do not balance', () => {
    const text = base.slice(0, at) + '    function open() public {\n' + base.slice(at);
    const byParts = parseRawAntlr(text);
    const whole = parseRawAntlr(text, undefined, undefined, 'whole');
    assert.ok(byParts.errors.length > 0);
    assert.equal(shape(byParts.ast), shape(whole.ast));
    assert.deepEqual(byParts.errors, whole.errors);
  });

  it('keeps the comments of the broken part and of the rest', () => {
    const text = base.slice(0, at) + '    // about to type\n    function foo( // half\n' + base.slice(at);
    const parsed = parse(text);
    const values = parsed.comments.map((c) => c.value);
    assert.ok(values.includes(' about to type'));
    assert.ok(values.includes(' half'));
    assert.deepEqual(
      parsed.comments.map((c) => text.slice(c.start, c.end)),
      parsed.comments.map((c) => (c.kind === 'line' ? '//' + c.value : '/*' + c.value + '*/')),
      'comment offsets are those of the file',
    );
  });

  it('keeps a broken pre-0.5 constructor a constructor', () => {
    const text = 'pragma solidity ^0.4.24;\ncontract Old {\n    address owner;\n    function Old() public {\n        owner = msg.sender\n    }\n    function f() public view returns (address) { return owner; }\n}\n';
    const parsed = parse(text);
    assert.ok(parsed.errors.length > 0);
    const ctor = members(text).find((m) => m.name === 'Old');
    assert.equal(ctor?.isConstructor, true);
    assert.ok(members(text).some((m) => m.name === 'f'));
  });

  it('recovers a broken top-level unit without touching the contract', () => {
    const text = 'pragma solidity ^0.8.20;\nstruct S { uint256 a; uint256 }\n' + base.slice(base.indexOf('contract'));
    const parsed = parse(text);
    assert.ok(parsed.errors.length > 0);
    const contract = parsed.ast.children.find((n) => n.type === 'ContractDefinition') as unknown as Node;
    assert.equal(contract?.name, 'Parts');
    assert.equal(contract.subNodes!.length, members(base).length);
  });
});
