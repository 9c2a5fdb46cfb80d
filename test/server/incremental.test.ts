import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyze, AstIndex, parse, type ParsedFile } from '../../engine/src';
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
  const cases: Array<{ name: string; base: string; next: (t: string) => string; kind: string | undefined; inPlaceKind?: string }> = [
    { name: 'typing in a line comment', base: WALLET, next: (t) => edit(t, '// SPDX', 7, 0, 'x'), kind: 'comment' },
    { name: 'typing in a NatSpec block comment of ERC20', base: ERC20, next: (t) => edit(t, '@dev Sets the values', 4, 0, 'abc '), kind: 'comment' },
    { name: 'renaming a local in a function body', base: WALLET, next: (t) => edit(t, 'payable(msg.sender)', 8, 10, 'tx.origin'), kind: 'member' },
    { name: 'adding a statement to an ERC20 function', base: ERC20, next: (t) => edit(t, '_transfer(owner, to, value);', 0, 0, 'uint256 extra = value + 1;\n        '), kind: 'member' },
    { name: 'deleting a statement', base: WALLET, next: (t) => edit(t, 'payable(msg.sender).transfer(amount);', 0, 'payable(msg.sender).transfer(amount);'.length, ''), kind: 'member' },
    { name: 'a half-typed statement re-parses only its function', base: WALLET, next: (t) => edit(t, 'payable(msg.sender)', 0, 0, 'uint256 x = ;\n        '), kind: 'member' },
    { name: 'a half-typed call in ERC20 re-parses only its function', base: ERC20, next: (t) => edit(t, '_transfer(owner, to, value);', 0, 0, 'foo(to, \n        '), kind: 'member' },
    { name: "an edit in a pre-0.5 constructor keeps it a constructor", base: 'pragma solidity ^0.4.24;\ncontract Old {\n    address owner;\n    function Old() public {\n        owner = msg.sender;\n    }\n}\n', next: (t) => edit(t, 'owner = msg.sender;', 0, 0, 'uint256 x = 1;\n        '), kind: 'member' },
    { name: 'an edit between members falls back (in place: the stretch between them is parsed)', base: WALLET, next: (t) => edit(t, '    function deposit', 0, 0, '    uint256 public y;\n'), kind: undefined, inPlaceKind: 'members' },
    { name: 'a new function between two of ERC20 (in place: the stretch between them is parsed)', base: ERC20, next: (t) => edit(t, '    /**\n     * @dev Returns the symbol', 0, 0, '    function twice(uint256 v) public pure returns (uint256) {\n        return v * 2;\n    }\n\n'), kind: undefined, inPlaceKind: 'members' },
    { name: "a state variable's initial value changed (in place: the stretch is parsed)", base: 'contract S {\n    uint256 public a = 1;\n    uint256 public b = a + 2;\n    function f() public view returns (uint256) {\n        return b;\n    }\n}\n', next: (t) => edit(t, 'a + 2', 4, 1, '7'), kind: undefined, inPlaceKind: 'members' },
    { name: 'closing a line comment with a newline falls back', base: WALLET, next: (t) => edit(t, '// SPDX', 7, 0, '\nuint x;'), kind: undefined },
  ];
  for (const inPlace of [false, true]) for (const c of cases) {
    it(`${c.name}${inPlace ? ' (in place)' : ''}`, () => {
      const prev = parse(c.base);
      const text = c.next(c.base);
      const r = reparse(prev, text, { inPlace });
      assert.equal(r?.kind, inPlace && c.inPlaceKind ? c.inPlaceKind : c.kind);
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

  it("in place, the tree's index is brought up to date rather than built again", () => {
    for (const [base, anchor, typed] of [
      [ERC20, '_transfer(owner, to, value);', 'value++;'],
      [WALLET, 'payable(msg.sender)', 'amount--;'],
    ] as const) {
      let text: string = base;
      let prev = parse(text);
      const index = AstIndex.of(prev.ast);
      let at = text.indexOf(anchor);
      for (const ch of typed) {
        text = text.slice(0, at) + ch + text.slice(at);
        at++;
        const r = reparse(prev, text, { inPlace: true });
        assert.equal(r?.kind, 'member');
        prev = r!.parsed;
        assert.equal(AstIndex.of(prev.ast), index, 'the same index');
        const fresh = new AstIndex(prev.ast);
        assert.deepEqual(index.nodes, fresh.nodes, 'every node, in pre-order');
        for (const n of fresh.nodes) {
          assert.equal(index.parent(n), fresh.parent(n));
          assert.deepEqual(index.children(n), fresh.children(n));
        }
        for (const type of new Set(fresh.nodes.map((n) => n.type))) assert.deepEqual(index.ofType(type), fresh.ofType(type), type);
        assert.deepEqual([...index.shared], [...fresh.shared]);
      }
      assert.equal(findings(text, prev), findings(text), 'same findings as a full analysis');
    }
  });

  it('in place, a function typed between two members re-parses only the stretch between them, keystroke after keystroke', () => {
    let text = ERC20;
    let prev = parse(text);
    const anchor = '    /**\n     * @dev Returns the symbol';
    let at = text.indexOf(anchor);
    const contractOf = (p: ParsedFile) => p.ast.children.find((c) => c.type === 'ContractDefinition') as unknown as { subNodes: Array<{ range: [number, number] }> };
    const before = contractOf(prev).subNodes.filter((m) => m.range[1] < at);
    const after = contractOf(prev).subNodes.filter((m) => m.range[0] > at);
    let clean = 0;
    let broken = 0;
    // As typed, braces and parentheses closed only when reached (no editor closing them).
    for (const ch of 'function twice(uint256 v) public pure returns (uint256) { return v * 2; }\n    ') {
      text = text.slice(0, at) + ch + text.slice(at);
      at++;
      const r = reparse(prev, text, { inPlace: true });
      assert.ok(r && (r.kind === 'members' || r.kind === 'whitespace'), `re-parsed in part after ${JSON.stringify(ch)}: ${r?.kind}`);
      prev = r.parsed;
      const members = contractOf(prev).subNodes;
      // The members around the stretch are the same objects, moved.
      assert.deepEqual(members.slice(0, before.length), before);
      assert.deepEqual(members.slice(members.length - after.length), after);
      const full = parse(text);
      if (full.errors.length === 0) {
        clean++;
        assert.equal(shape(prev), shape(full), 'a clean text: the tree of a full parse');
        assert.deepEqual(prev.errors, []);
      } else {
        broken++;
        const from = text.indexOf('function twice');
        // The stretch ends where the next member begins (after its NatSpec).
        const to = text.indexOf('function symbol', from);
        assert.ok(prev.errors.length > 0, 'a broken text has errors');
        for (const e of prev.errors) {
          const o = prev.lines.offsetAt(e.range.start);
          assert.ok(o >= from - 4 && o <= to, `the error (${e.message}) is in the stretch typed in`);
        }
      }
    }
    assert.ok(clean >= 3 && broken >= 40, `${clean} clean, ${broken} broken`);
    assert.equal(findings(text, prev), findings(text), 'same findings as a full analysis');
  });

  for (const [name, insert, at] of [
    ['letters that run into the next member\'s keyword', 'x', '    function deposit'.length - 'function deposit'.length],
    ['a block comment left open', '/* ', 0],
    ['a line comment that takes in the next member', '// ', 4],
    ['a string left open', '"abc ', 0],
  ] as const) {
    it(`in place, the stretch between members is not parsed alone when ${name}`, () => {
      const anchor = '    function deposit';
      const pos = WALLET.indexOf(anchor) + at;
      const text = WALLET.slice(0, pos) + insert + WALLET.slice(pos);
      const r = reparse(parse(WALLET), text, { inPlace: true });
      if (!r) return;
      // Whatever it did, it must be what a full parse gives.
      const full = parse(text);
      assert.equal(shape(r.parsed), shape(full));
    });
  }

  for (const [name, base, anchor] of [
    ['a function of ERC20', ERC20, '_transfer(owner, to, value);'],
    ["a contract's first member", 'contract First {\n    function f(uint256 a) public pure returns (uint256) {\n        return a + 1;\n    }\n    function g() public {}\n}\n', 'return a + 1;'],
  ] as const) {
    it(`in place, a brace left open in ${name} costs the stretch around that function, not the file`, () => {
      const at = base.indexOf(anchor);
      let text = base.slice(0, at) + 'if (true) {\n        ' + base.slice(at);
      const prev = parse(base);
      const contractOf = (p: ParsedFile) => p.ast.children.find((c) => c.type === 'ContractDefinition') as unknown as { subNodes: Array<{ range: [number, number] }> };
      const others = contractOf(prev).subNodes.filter((m) => m.range[1] < at - 200 || m.range[0] > at);
      const open = reparse(prev, text, { inPlace: true });
      assert.equal(open?.kind, 'members');
      assert.ok(open!.parsed.errors.length > 0, 'the open brace is an error');
      const members = contractOf(open!.parsed).subNodes;
      for (const m of others) assert.ok(members.includes(m), 'every other member is kept, the same object');
      // Closed again: the tree of a full parse.
      const close = text.indexOf(anchor) + anchor.length;
      text = text.slice(0, close) + '\n        }' + text.slice(close);
      const closed = reparse(open!.parsed, text, { inPlace: true });
      assert.ok(closed, 're-parsed in part');
      assert.equal(shape(closed!.parsed), shape(parse(text)));
      assert.deepEqual(closed!.parsed.errors, []);
      assert.equal(findings(text, closed!.parsed), findings(text));
    });
  }

  it('in place, typing statements and members character by character into real files agrees with a full parse at every clean keystroke, and never hides an error', function () {
    this.timeout(300000);
    const dirs = [path.join(ROOT, 'node_modules/@openzeppelin/contracts/token'), path.join(ROOT, 'test/rules')];
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.sol')) files.push(p);
      }
    };
    for (const d of dirs) walk(d);
    files.sort();
    let seed = 5;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
    const snippets = ['uint256 q = 1;', 'if (q > 0) { q = 2; }', 'emit Noted(q);', '/* note */', 'function z(uint256 a) public pure returns (uint256) { return a; }', 'uint256 public zz = 7;', 'modifier only() { _; }', 'error Bad();'];
    const problems: string[] = [];
    let incremental = 0;
    for (let n = 0; n < 40; n++) {
      const file = files[rnd(files.length)];
      let text = fs.readFileSync(file, 'utf8');
      let prev = parse(text);
      if (prev.errors.length > 0) continue;
      const ends = [...text.matchAll(/;\n/g)].map((m) => m.index! + 1);
      if (ends.length === 0) continue;
      let at = ends[rnd(ends.length)];
      for (const ch of snippets[rnd(snippets.length)] + '\n') {
        const next = text.slice(0, at) + ch + text.slice(at);
        at++;
        const r = reparse(prev, next, { inPlace: true });
        const full = parse(next);
        if (r) {
          incremental++;
          const where = `${path.relative(ROOT, file)} at ${at}`;
          if (full.errors.length === 0 && (r.parsed.errors.length > 0 || shape(r.parsed) !== shape(full))) problems.push(`${where}: not the full parse of a clean text (${r.kind})`);
          if (full.errors.length > 0 && r.parsed.errors.length === 0) problems.push(`${where}: an error hidden (${r.kind})`);
        }
        prev = r?.parsed ?? full;
        text = next;
      }
    }
    assert.deepEqual(problems, []);
    assert.ok(incremental > 100, `${incremental} keystrokes re-parsed in part`);
  });
});
