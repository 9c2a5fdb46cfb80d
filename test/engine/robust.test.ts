/**
 * The engine stays total and bounded on hostile input (issue 10): a time
 * budget honoured from the parser on, statements too deep to analyse reported
 * instead of dropped, rules that never throw on what the parser returns,
 * costs that do not explode with loop depth or the number of locals, and
 * ranges on the right line whatever the line breaks.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyze, MAX_EXPRESSION_DEPTH, parse } from '../../engine/src';
import { syntheticContract } from '../server/synth';
import { lineEndingProblems, lineLengths, rangeProblem, resultProblems } from '../fuzz/check';
import { solFiles } from '../fuzz/mutate';

const ROOT = path.resolve(__dirname, '..', '..');

/** Fields that hold an expression whenever their node exists. */
const REQUIRED: Record<string, string[]> = {
  BinaryOperation: ['left', 'right'],
  UnaryOperation: ['subExpression'],
  Conditional: ['condition', 'trueExpression', 'falseExpression'],
  MemberAccess: ['expression'],
  IndexAccess: ['base'],
  FunctionCall: ['expression'],
  ExpressionStatement: ['expression'],
  IfStatement: ['condition', 'trueBody'],
  WhileStatement: ['condition', 'body'],
};

/** Nodes with an expression missing where the grammar requires one, or a null in a list of arguments. */
function halfBuilt(ast: unknown): string[] {
  const out: string[] = [];
  const stack: unknown[] = [ast];
  while (stack.length > 0) {
    const n = stack.pop() as Record<string, unknown> | null;
    if (!n || typeof n !== 'object') continue;
    if (Array.isArray(n)) {
      stack.push(...n);
      continue;
    }
    const type = n.type as string | undefined;
    for (const f of (type && REQUIRED[type]) ?? []) if (n[f] == null) out.push(`${type}.${f}`);
    if ((type === 'FunctionCall' || type === 'AssemblyCall') && Array.isArray(n.arguments) && n.arguments.some((a) => a == null)) out.push(`${type}.arguments`);
    for (const k in n) if (k !== 'range' && k !== 'loc') stack.push(n[k]);
  }
  return out;
}

describe('engine: robustness', function () {
  this.timeout(120000);

  describe('time budget', () => {
    const big = syntheticContract(3000);

    it('stops in the parser when the budget is spent, and says so on line 1', () => {
      const r = analyze(big, { budgetMs: 0 });
      assert.deepEqual(r.cutShort, { reason: 'budget', stage: 'parse', budgetMs: 0 });
      assert.equal(r.aborted, false);
      const note = r.findings.filter((f) => f.ruleId === 'analysis-incomplete');
      assert.equal(note.length, 1);
      assert.equal(note[0].range.start.line, 0);
      assert.equal(note[0].messageId, 'time-limit');
      assert.match(note[0].message, /time limit of 0 ms, while parsing it/);
    });

    it('keeps what the rules found before the budget ran out', () => {
      const full = analyze(big);
      assert.equal(full.cutShort, undefined);
      // Given the parse, a budget far below what the rules take stops them part way.
      const r = analyze(big, { parsed: parse(big), budgetMs: 5 });
      assert.deepEqual(r.cutShort, { reason: 'budget', stage: 'rules', budgetMs: 5 });
      assert.ok(r.findings.some((f) => f.ruleId === 'analysis-incomplete' && f.messageId === 'time-limit'));
      const kept = new Set(full.findings.map((f) => `${f.ruleId}@${f.range.start.line}:${f.range.start.character}`));
      for (const f of r.findings) if (f.ruleId !== 'analysis-incomplete') assert.ok(kept.has(`${f.ruleId}@${f.range.start.line}:${f.range.start.character}`), `${f.ruleId} is a finding of the full analysis too`);
    });

    it('counts a caller’s own parse in, and says nothing when the budget suffices', () => {
      const r = analyze(big, { budgetMs: 60000 });
      assert.equal(r.cutShort, undefined);
      assert.ok(!r.findings.some((f) => f.ruleId === 'analysis-incomplete'));
      const parsed = parse(big);
      const late = analyze(big, { parsed, budgetMs: 10, startedAt: performance.now() - 1000 });
      assert.equal(late.cutShort?.stage, 'rules');
    });

    it('an aborted analysis reports itself aborted, without a finding', () => {
      const c = new AbortController();
      c.abort();
      const r = analyze(big, { signal: c.signal, budgetMs: 60000 });
      assert.equal(r.aborted, true);
      assert.equal(r.cutShort?.reason, 'aborted');
      assert.ok(!r.findings.some((f) => f.ruleId === 'analysis-incomplete'));
    });
  });

  describe('statements too deep to analyse', () => {
    const src = (terms: number) =>
      [
        'pragma solidity ^0.8.20;',
        'contract Generated {',
        '    address owner;',
        '    uint256 total;',
        `    function sum(uint256 x) external { total = ${Array(terms).fill('x').join(' + ')}; }`,
        '    function auth() external view returns (bool) { return tx.origin == owner; }',
        '}',
      ].join('\n');

    it(`reports a statement nested deeper than ${MAX_EXPRESSION_DEPTH} levels and analyses the rest`, () => {
      const r = analyze(src(3000));
      assert.deepEqual(r.ruleErrors, []);
      const note = r.findings.filter((f) => f.ruleId === 'analysis-incomplete');
      assert.equal(note.length, 1);
      assert.equal(note[0].range.start.line, 4);
      assert.equal(note[0].messageId, 'too-deep');
      assert.match(note[0].message, /more than 500 levels deep/);
      assert.ok(r.findings.some((f) => f.ruleId === 'tx-origin-auth' && f.range.start.line === 5));
      assert.equal(r.cutShort, undefined);
    });

    it('analyses a long but shallower expression in full', () => {
      const r = analyze(src(400));
      assert.deepEqual(r.ruleErrors, []);
      assert.ok(!r.findings.some((f) => f.ruleId === 'analysis-incomplete'));
    });
  });

  describe('rules are total on what the parser returns', () => {
    // The minimal inputs of issue 10, each of which made rules throw.
    const inputs = ['h a t*r,', 'n f+s)', 't X-e-r:', 'o\u2068k()==r,', 'function e{assembly{f:=shr(1,='];
    for (const prefix of ['', 'pragma solidity ^0.4.24;\n', 'contract C {\n  function f() public {\n    ']) {
      for (const input of inputs) {
        it(`${JSON.stringify(prefix + input)}: no rule throws, no half-built node`, () => {
          const text = prefix + input;
          assert.deepEqual(halfBuilt(parse(text).ast), []);
          const r = analyze(text);
          assert.deepEqual(r.ruleErrors, []);
          assert.ok(r.findings.some((f) => f.ruleId === 'syntax-error'));
        });
      }
    }
  });

  describe('costs stay polynomial', () => {
    it('27 nested loops around an external call finish, with the reentrancy found', () => {
      const d = 27;
      const text = `pragma solidity ^0.8.20;\ncontract C {\n  uint256 x;\n  function f(address a) external {\n    ${'for (;;) {'.repeat(d)} (bool ok, ) = a.call(""); require(ok); x = 1; ${'}'.repeat(d)}\n  }\n}\n`;
      // A generous limit: before issue 10 this took half a minute (2^27 passes).
      const r = analyze(text, { budgetMs: 20000 });
      assert.equal(r.cutShort, undefined);
      assert.ok(r.findings.some((f) => f.ruleId.startsWith('reentrancy')));
    });

    it('2,000 uninitialised locals finish, each judged', () => {
      const text = `pragma solidity ^0.8.20;\ncontract C {\n  function f() external pure returns (uint256 s) {\n    ${Array.from({ length: 2000 }, (_, i) => `uint256 v${i};`).join(' ')}\n    s = v7 + v1999;\n    v3 = 1;\n  }\n}\n`;
      const r = analyze(text, { budgetMs: 20000, only: ['uninitialized-local'] });
      assert.equal(r.cutShort, undefined);
      assert.deepEqual(r.findings.map((f) => f.message.split('`')[1]).sort(), ['v1999', 'v7']);
    });
  });

  describe('line endings', () => {
    it('puts a lexer error on its own line with \\n, \\r\\n and \\r', () => {
      for (const br of ['\n', '\r\n', '\r']) {
        const text = ['pragma solidity ^0.8.20;', 'contract C {', '    string s = "unterminated;', '    uint256 x = 1 # 2;', '}'].join(br);
        const errs = parse(text).errors;
        const lines = lineLengths(text);
        for (const e of errs) assert.equal(rangeProblem(e.range, lines), undefined, e.message);
        const unterminated = errs.find((e) => /token recognition error at: '"unterminated;'/.test(e.message));
        assert.ok(unterminated, `the unterminated string with ${JSON.stringify(br)}`);
        assert.equal(unterminated.range.start.line, 2);
        assert.equal(unterminated.range.end.line, 2);
        const hash = errs.find((e) => e.message.includes("'#'"));
        assert.ok(hash);
        assert.deepEqual(hash.range, { start: { line: 3, character: 18 }, end: { line: 3, character: 19 } });
      }
    });

    it('every rule fixture gives the same findings, inside the text, with \\n, \\r\\n and \\r', () => {
      const files = solFiles(path.join(ROOT, 'test', 'rules'));
      assert.ok(files.length > 200);
      const problems: string[] = [];
      for (const f of files) {
        const text = fs.readFileSync(f, 'utf8');
        for (const p of lineEndingProblems(text)) problems.push(`${path.relative(ROOT, f)}: ${p.detail}`);
      }
      assert.deepEqual(problems, []);
    });

    it('ranges stay inside the text for mixed line breaks and breaks at the very end', () => {
      const base = fs.readFileSync(path.join(ROOT, 'examples', 'VulnerableBank.sol'), 'utf8');
      let k = 0;
      const mixed = base.replace(/\n/g, () => ['\n', '\r\n', '\r'][k++ % 3]);
      for (const text of [mixed, mixed + '\r', mixed.trimEnd() + '\r\n\r\n', mixed.slice(0, mixed.length / 2) + '\r']) {
        const r = analyze(text);
        assert.deepEqual(resultProblems(text, r), []);
      }
    });
  });
});
