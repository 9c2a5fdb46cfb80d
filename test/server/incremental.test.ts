import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyze, parse, type ParsedFile } from '../../engine/src';
import { reparse } from '../../server/src/incremental';
import { ROOT } from './client';

const ERC20 = fs.readFileSync(path.join(ROOT, 'node_modules/@openzeppelin/contracts/token/ERC20/ERC20.sol'), 'utf8');
const WALLET = fs.readFileSync(path.join(ROOT, 'test/fixtures/server/basic/Wallet.sol'), 'utf8');

/** The tree without `loc`, which the engine does not read, as comparable JSON. */
function shape(p: ParsedFile): string {
  return JSON.stringify(p.ast, (k, v) => (k === 'loc' ? undefined : v));
}

function findings(text: string, parsed?: ParsedFile): string {
  return JSON.stringify(analyze(text, { path: 'x.sol', parsed }).findings);
}

/** Applies `edit` to `text` at the first occurrence of `anchor` (+ offset), replacing `remove` characters. */
function edit(text: string, anchor: string, offset: number, remove: number, insert: string): string {
  const at = text.indexOf(anchor);
  assert.ok(at >= 0, anchor);
  return text.slice(0, at + offset) + insert + text.slice(at + offset + remove);
}

describe('server: incremental re-parse', () => {
  const cases: Array<{ name: string; base: string; next: (t: string) => string; kind: string | undefined }> = [
    { name: 'typing in a line comment', base: WALLET, next: (t) => edit(t, '// SPDX', 7, 0, 'x'), kind: 'comment' },
    { name: 'typing in a NatSpec block comment of ERC20', base: ERC20, next: (t) => edit(t, '@dev Sets the values', 4, 0, 'abc '), kind: 'comment' },
    { name: 'renaming a local in a function body', base: WALLET, next: (t) => edit(t, 'payable(msg.sender)', 8, 10, 'tx.origin'), kind: 'member' },
    { name: 'adding a statement to an ERC20 function', base: ERC20, next: (t) => edit(t, '_transfer(owner, to, value);', 0, 0, 'uint256 extra = value + 1;\n        '), kind: 'member' },
    { name: 'deleting a statement', base: WALLET, next: (t) => edit(t, 'payable(msg.sender).transfer(amount);', 0, 'payable(msg.sender).transfer(amount);'.length, ''), kind: 'member' },
    { name: 'a half-typed statement re-parses only its function', base: WALLET, next: (t) => edit(t, 'payable(msg.sender)', 0, 0, 'uint256 x = ;\n        '), kind: 'member' },
    { name: 'a half-typed call in ERC20 re-parses only its function', base: ERC20, next: (t) => edit(t, '_transfer(owner, to, value);', 0, 0, 'foo(to, \n        '), kind: 'member' },
    { name: "an edit in a pre-0.5 constructor keeps it a constructor", base: 'pragma solidity ^0.4.24;\ncontract Old {\n    address owner;\n    function Old() public {\n        owner = msg.sender;\n    }\n}\n', next: (t) => edit(t, 'owner = msg.sender;', 0, 0, 'uint256 x = 1;\n        '), kind: 'member' },
    { name: 'an edit between members falls back', base: WALLET, next: (t) => edit(t, '    function deposit', 0, 0, '    uint256 public y;\n'), kind: undefined },
    { name: 'closing a line comment with a newline falls back', base: WALLET, next: (t) => edit(t, '// SPDX', 7, 0, '\nuint x;'), kind: undefined },
  ];
  for (const inPlace of [false, true]) for (const c of cases) {
    it(`${c.name}${inPlace ? ' (in place)' : ''}`, () => {
      const prev = parse(c.base);
      const text = c.next(c.base);
      const r = reparse(prev, text, { inPlace });
      assert.equal(r?.kind, c.kind);
      if (!r) return;
      const full = parse(text);
      assert.equal(shape(r.parsed), shape(full), 'same tree as a full parse');
      assert.deepEqual(r.parsed.comments, full.comments);
      assert.deepEqual(r.parsed.errors, full.errors);
      assert.equal(findings(text, r.parsed), findings(text), 'same findings as a full analysis');
    });
  }

  for (const inPlace of [false, true]) for (const [name, base, anchor, typed] of [
    ['Wallet', WALLET, 'payable(msg.sender)', 'uint256 fee = amount / 100;'],
    ['ERC20', ERC20, '_transfer(owner, to, value);', 'emit Approval(owner, to, _allowances[owner][to] + 1);'],
    // A state variable's initializer is listed twice in the tree: it must move once.
    ['shared initializer', 'contract S {\n    uint256 public a = 1;\n    function f() public {\n        a = 2;\n    }\n    uint256 public b = a + 2;\n    function g() public view returns (uint256) {\n        return b;\n    }\n}\n', 'a = 2;', 'uint256 q = 3;'],
  ] as const) it(`stays exact over a sequence of keystrokes, half-typed ones included (${name}${inPlace ? ', in place' : ''})`, () => {
    let text: string = base;
    let prev = parse(text);
    let at = text.indexOf(anchor);
    let incremental = 0;
    for (const ch of typed + '\n        ') {
      text = text.slice(0, at) + ch + text.slice(at);
      at++;
      const r = reparse(prev, text, { inPlace });
      if (r) incremental++;
      prev = r?.parsed ?? parse(text);
      const full = parse(text);
      assert.equal(shape(prev), shape(full), `after typing up to ${JSON.stringify(typed.slice(0, at - text.indexOf(anchor)))}`);
      assert.deepEqual(prev.errors, full.errors);
    }
    // Every keystroke, half-typed or not, stays inside one function.
    assert.equal(incremental, typed.length + '\n        '.length);
  });

  it('in place, every node outside the edited member keeps its identity and moves', () => {
    const prev = parse(ERC20);
    const contract = prev.ast.children.find((c) => c.type === 'ContractDefinition')!;
    const members = (contract as { subNodes: Array<{ type: string; range?: [number, number] }> }).subNodes;
    const lastMember = members[members.length - 1];
    const before = lastMember.range![0];
    const text = edit(ERC20, '_transfer(owner, to, value);', 0, 0, 'uint256 extra = value + 1;\n        ');
    const r = reparse(prev, text, { inPlace: true });
    assert.equal(r?.kind, 'member');
    assert.equal(r!.parsed.ast, prev.ast, 'the same root');
    assert.ok(r!.parsed.ast.children.includes(contract), 'the same contract');
    assert.equal(members[members.length - 1], lastMember, 'a later member is the same object');
    assert.equal(lastMember.range![0], before + 'uint256 extra = value + 1;\n        '.length, 'moved by the edit');
    assert.ok(members.includes(r!.member as never), 'the new member is in the contract');
    assert.equal(shape(r!.parsed), shape(parse(text)));
  });
});
