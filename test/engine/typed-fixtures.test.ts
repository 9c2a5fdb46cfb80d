/**
 * The rules give the same findings with and without the compiler's types on
 * the rule fixtures that compile: a sample of test/rules/<id>/*.sol (every
 * sixth fixture, and the ones known to differ), each analysed over its project
 * as the fixture test does, once by the fast tier and once with the typed
 * index of its compilation. The differences, all of them cases where the
 * compiler's types are right and the fast tier's resolver is not, are listed
 * below; a listed one that goes away fails the test, so the list stays true.
 * (Over all 247 fixtures when written, 236 compile and 3 differ: the three listed here.)
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyze, Project } from '../../engine/src';
import { prepareCompile, runCompile } from '../../engine/src/compile/compile';
import { typedIndexOf, withEveryAst } from '../../engine/src/deep/typed';
import type { Finding } from '../../engine/src/types';
import { fixtureDirs } from '../rules/fixture-util';

/** Findings only one side gives, by fixture: `+` with the types, `-` without. */
const KNOWN: Record<string, string[]> = {
  // `this.total()` is a uint256 (a public getter): `* 2` is a shift.
  'self-call-this/invalid.sol': ['+ shift-mul-div@9:power-of-two'],
  'self-call-this/invalid-function.sol': ['+ shift-mul-div@18:power-of-two'],
};

const keys = (fs_: readonly Finding[]) => fs_.map((f) => `${f.ruleId}@${f.range.start.line + 1}:${f.messageId}`);

describe('typed index: rule fixtures give the same findings with and without it', function () {
  this.timeout(600_000);
  const all = fixtureDirs().flatMap(({ ruleId, dir, files }) => files.map((f) => ({ name: `${ruleId}/${f}`, file: path.join(dir, f) })));
  const sample = all.filter((x, i) => i % 6 === 0 || KNOWN[x.name]);

  it(`${sample.length} of ${all.length} fixtures: identical where the fast tier is right, the known differences where it is not`, () => {
    const differ: Record<string, string[]> = {};
    let compiled = 0;
    for (const { name, file } of sample) {
      const text = fs.readFileSync(file, 'utf8');
      const prepared = withEveryAst(prepareCompile({ path: file, text }));
      const out = runCompile(prepared);
      if (out.failed || !out.output) continue;
      compiled++;
      const fast = analyze(text, { path: file, project: Project.forFile(file) });
      const typed = analyze(text, { path: file, project: Project.forFile(file), typed: typedIndexOf(prepared, out.output) });
      assert.deepEqual(typed.ruleErrors, [], `${name}: no rule may throw with types`);
      const a = keys(fast.findings);
      const b = keys(typed.findings);
      const diff = [...a.filter((k) => !b.includes(k)).map((k) => `- ${k}`), ...b.filter((k) => !a.includes(k)).map((k) => `+ ${k}`)].sort();
      if (diff.length > 0) differ[name] = diff;
    }
    assert.ok(compiled >= sample.length * 0.8, `most fixtures compile (${compiled} of ${sample.length})`);
    assert.deepEqual(differ, KNOWN);
  });
});
