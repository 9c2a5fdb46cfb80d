/**
 * The data-driven rule test: every `test/rules/<id>/*.sol` fixture is analysed
 * with every rule on, and the findings of rule <id> must equal the inline
 * `// expect: <id>@<column>:<message-id>` annotations exactly: the line the
 * annotation is on, the 1-based column where the finding's range starts, and
 * the message id, for every finding. Where `X.fixed.sol`
 * stands beside `X.sol`, applying the first fix of every finding of <id> must
 * produce it, and the result must parse cleanly.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyze, applyEdits, ruleMap, parse, Project } from '../../engine/src';
import { describeExpectation, fixtureDirs, readExpectations } from './fixture-util';

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
          assert.deepEqual(expected.problems, [], `malformed // expect: annotations of ${ruleId}`);
          // Each fixture is analysed as part of this repository's project, so its imports
          // (relative ones, and packages such as OpenZeppelin in node_modules) are resolved.
          const result = analyze(text, { path: full, project: Project.forFile(full) });
          assert.deepEqual(result.ruleErrors, [], 'no rule may throw');
          const actual = result.findings
            .filter((f) => f.ruleId === ruleId)
            .map((f) => ({ line: f.range.start.line + 1, column: f.range.start.character + 1, messageId: f.messageId }))
            .sort((a, b) => a.line - b.line || a.column - b.column || a.messageId.localeCompare(b.messageId));
          assert.deepEqual(actual.map(describeExpectation), expected.expected.map(describeExpectation), `findings of ${ruleId} (1-based line:column, message id)`);
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
