import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { analyze, defaultConfig, parse, ruleMap, type Finding, type ParsedFile } from '../../engine/src';
import { newParseMemory, runFastJob } from '../../server/src/fastTier';
import { syntheticContract } from './synth';
import { mulberry32 } from '../../bench/parse-fragments';

const ROOT = path.resolve(__dirname, '../..');

/** Every `*.sol` rule fixture of a rule folder that parses alone, as one source without pragmas or imports. */
function fixtureCode(): string {
  const parts: string[] = [];
  const dir = path.join(ROOT, 'test/rules');
  for (const rule of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, rule, 'invalid.sol');
    if (!fs.existsSync(file)) continue;
    const text = fs.readFileSync(file, 'utf8');
    // Suppression comments make the fast tier analyse the whole file; a few are enough elsewhere.
    if (/(synor|slither|solhint)-(disable|enable)|@custom:synor/.test(text)) continue;
    const body = text.replace(/^\s*import\b[^;]*;/gm, '').replace(/^\s*pragma\b[^;]*;/gm, '').replace(/^.*SPDX-License-Identifier.*$/gm, '');
    // One that parses alone and whole (no expression nested too deep to analyse).
    const alone = parse(`pragma solidity ^0.8.20;\n${body}`);
    if (alone.errors.length > 0 || alone.omitted) continue;
    parts.push(`// ---- ${rule}`, body);
  }
  return parts.join('\n');
}

/** The functions and modifiers of a tree (of its contracts, and free functions). */
function members(ast: ParsedFile['ast']): ASTNode[] {
  const out: ASTNode[] = [];
  for (const top of ast.children as ASTNode[]) {
    for (const n of top.type === 'ContractDefinition' ? (top.subNodes as ASTNode[]) : [top]) if (n.type === 'FunctionDefinition' || n.type === 'ModifierDefinition') out.push(n);
  }
  return out;
}

/** Where a function's first statement starts a line: where a statement can be typed in. */
function statementStarts(parsed: ParsedFile): number[] {
  const out: number[] = [];
  for (const n of members(parsed.ast)) {
    if (n.type !== 'FunctionDefinition' || n.body?.type !== 'Block' || n.body.statements.length === 0) continue;
    const s = (n.body.statements[0] as ASTNode).range![0];
    if (/\n[ \t]*$/.test(parsed.text.slice(Math.max(0, s - 40), s))) out.push(s);
  }
  return out;
}

const STATEMENTS = ['require(tx.origin == owner);\n        ', 'uint256 unset = 0;\n        ', 'x = x;\n        ', 'if (block.timestamp % 2 == 0) { return; }\n        ', 'uint8 small = uint8(block.number);\n        '];
const FUNCTIONS = [
  '    function added(uint256 q) external view returns (bool) {\n        uint256 unset = 0;\n        return tx.origin == owner;\n    }\n',
  '    function paid() public payable { require(msg.value > 0 && msg.value < 10 ether, "range"); }\n',
];

/**
 * Properties of the fast tier's provisional answers (an edit inside one function, a function added
 * between members) on a large file made of the rule fixtures, over a seeded run of random edits,
 * each against a whole analysis of the same text:
 * - in the members the edit reaches, the member-scope rules find exactly what the whole analysis finds;
 * - every other finding is one of the last answer's, pointing at the same text (or, on the edited
 *   text itself, kept without any fix that reaches the edit);
 * - no fix of a moved finding has an edit that reaches the edited text;
 * - the complete pass that follows gives exactly the whole analysis.
 */
describe('server: provisional answers, checked against whole analyses over random edits', function () {
  this.timeout(600000);

  it('re-runs the member-scope rules exactly, moves the rest onto the same text, and completes to the whole analysis', () => {
    const config = defaultConfig();
    const file = '/virtual/Provisional.sol';
    const base = `// SPDX-License-Identifier: MIT\npragma solidity ^0.8.20;\n${fixtureCode()}\n${syntheticContract(2500, 'Filler').split('\n').slice(2).join('\n')}`;
    assert.ok(base.length > 64 * 1024, `a large file (${base.length} characters)`);
    const memory = newParseMemory();
    let text = base;
    let last = runFastJob({ text, path: file, config }, undefined, memory);
    assert.equal(last.result.parseErrors.length, 0);
    const rules = ruleMap();
    const rnd = mulberry32(7);
    let provisional = 0;
    let stretches = 0;
    for (let step = 0; step < 24; step++) {
      const parsed = parse(text);
      let at: number;
      let insert: string;
      if (rnd() < 0.3) {
        // Between two functions: an empty line followed by a function.
        const gaps = [...text.matchAll(/\n\n(?=    function )/g)].map((m) => m.index! + 1);
        at = gaps[Math.floor(rnd() * gaps.length)];
        insert = FUNCTIONS[Math.floor(rnd() * FUNCTIONS.length)];
      } else {
        const starts = statementStarts(parsed);
        at = starts[Math.floor(rnd() * starts.length)];
        insert = STATEMENTS[Math.floor(rnd() * STATEMENTS.length)];
      }
      const before = text;
      const beforeLines = parsed.lines;
      text = text.slice(0, at) + insert + text.slice(at);
      const out = runFastJob({ text, path: file, config }, undefined, memory);
      const whole = analyze(text, { path: file, config });
      if (out.provisional) {
        provisional++;
        if (out.parseKind === 'members') stretches++;
        const now = parse(text);
        const lines = now.lines;
        const end = at + insert.length;
        const offsets = (f: Finding) => [lines.offsetAt(f.range.start), lines.offsetAt(f.range.end)];
        // The members the edit reaches, in the new text.
        const reached = members(now.ast).filter((n) => n.range && n.range[0] < end && n.range[1] + 1 > at).map((n): [number, number] => [n.range![0], n.range![1] + 1]);
        assert.ok(reached.length > 0, `step ${step}: the edit is in a member`);
        const inMembers = (f: Finding) => {
          const [s, e] = offsets(f);
          return reached.some(([a, b]) => s >= a && e <= b);
        };
        const memberScoped = (f: Finding) => rules.get(f.ruleId)?.scope === 'member';
        const key = (f: Finding) => JSON.stringify([f.ruleId, f.range, f.message]);
        assert.deepEqual(
          out.result.findings.filter((f) => memberScoped(f) && inMembers(f)).map(key).sort(),
          whole.findings.filter((f) => memberScoped(f) && inMembers(f)).map(key).sort(),
          `step ${step}: the member-scope rules over the edited members`,
        );
        const old = new Map<string, string[]>();
        for (const f of last.result.findings) {
          const k = f.ruleId;
          const list = old.get(k) ?? [];
          list.push(before.slice(beforeLines.offsetAt(f.range.start), beforeLines.offsetAt(f.range.end)));
          old.set(k, list);
        }
        for (const f of out.result.findings) {
          const [s, e] = offsets(f);
          // Found again over the new text: its fixes are of the new text.
          if (memberScoped(f) && inMembers(f)) continue;
          for (const x of f.fixes) for (const ed of x.edits) assert.ok(!(lines.offsetAt(ed.range.start) <= end && lines.offsetAt(ed.range.end) >= at), `step ${step}: ${f.ruleId}, moved, offers a fix over the edited text`);
          if (s <= end && e >= at) continue;
          assert.ok(old.get(f.ruleId)?.includes(text.slice(s, e)), `step ${step}: ${f.ruleId} at ${f.range.start.line + 1}:${f.range.start.character + 1} points at text no finding of the last answer had`);
        }
        const complete = runFastJob({ text, path: file, config, complete: true }, undefined, memory);
        assert.deepEqual(complete.result.findings, whole.findings, `step ${step}: the complete pass is the whole analysis`);
        last = complete;
      } else {
        assert.deepEqual(out.result.findings, whole.findings, `step ${step}: analysed whole`);
        last = out;
      }
    }
    assert.ok(provisional >= 12, `most edits were answered provisionally (${provisional} of 24)`);
    assert.ok(stretches >= 3, `functions added between members too (${stretches})`);
  });
});
