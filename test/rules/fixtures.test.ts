/**
 * The data-driven rule test: every `test/rules/<id>/*.sol` fixture is analysed
 * with every rule on, and the findings of rule <id> must equal the inline
 * `// expect: <id>` annotations exactly, line by line. Where `X.fixed.sol`
 * stands beside `X.sol`, applying the first fix of every finding of <id> must
 * produce it, and the result must parse cleanly.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyze, applyEdits, ruleMap, parse, Project } from '../../engine/src';
import { fixtureDirs, readExpectations } from './fixture-util';

describe('rule fixtures', () => {
  for (const { ruleId, dir, files } of fixtureDirs()) {
    describe(ruleId, () => {
      it('is a registered rule', () => {
        assert.ok(ruleMap().has(ruleId), `test/rules/${ruleId} has no rule of that id`);
      });
      for (const file of files) {
        const full = path.join(dir, file);
        const text = fs.readFileSync(full, 'utf8');
        it(`${file}: findings equal the annotations`, () => {
          const expected = readExpectations(text, ruleId);
          // Each fixture is analysed as part of this repository's project, so its imports
          // (relative ones, and packages such as OpenZeppelin in node_modules) are resolved.
          const result = analyze(text, { path: full, project: Project.forFile(full) });
          assert.deepEqual(result.ruleErrors, [], 'no rule may throw');
          const actual = result.findings.filter((f) => f.ruleId === ruleId).map((f) => f.range.start.line + 1).sort((a, b) => a - b);
          assert.deepEqual(actual, expected.lines, `lines flagged by ${ruleId} (1-based)`);
          if (expected.none) assert.equal(actual.length, 0);
        });
        const fixed = full.replace(/\.sol$/, '.fixed.sol');
        if (fs.existsSync(fixed)) {
          it(`${file}: applying the fixes gives ${path.basename(fixed)}, which parses`, () => {
            const result = analyze(text, { path: full, project: Project.forFile(full) });
            const edits = result.findings.filter((f) => f.ruleId === ruleId && f.fixes.length > 0).flatMap((f) => f.fixes[0].edits);
            assert.ok(edits.length > 0, 'the fixture has fixes to apply');
            const out = applyEdits(text, edits);
            assert.deepEqual(out.skipped, []);
            assert.equal(out.text, fs.readFileSync(fixed, 'utf8'));
            assert.deepEqual(parse(out.text).errors, [], 'the fixed file parses');
          });
        }
      }
    });
  }
});
