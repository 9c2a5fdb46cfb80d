/**
 * Fixes must not break compilation, and gas fixes must not cost gas. For
 * every `test/rules/<id>/X.sol` with an `X.fixed.sol` beside it whose
 * original compiles (real solc), the fixed file must compile too. For gas
 * rules, both are deployed and every function called in the EVM, and the
 * fix must save gas as `rises` below defines it; a fix that does not fails
 * here, naming its rule.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ruleMap } from '../../engine/src';
import { judgeFix } from '../../engine/src/gas/judge';
import { ResultCache, runAnalyze } from '../../engine/src/deep/run';
import type { DeepResult } from '../../engine/src/deep';
import { fixtureDirs } from './fixture-util';

const cache = new ResultCache(16);

function deep(file: string, text: string, measure: boolean): Promise<DeepResult> {
  return runAnalyze({ path: file, text, measure }, { cancelled: () => false, cache });
}

function errorsOf(r: DeepResult): string {
  return r.findings
    .filter((f) => f.ruleId === 'compiler-error' || f.ruleId === 'unresolved-import')
    .map((f) => `line ${f.range.start.line + 1}: ${f.message}`)
    .join('\n');
}

/** Every way the fixed version fails to save gas, in words (the judgement is engine/src/gas/judge.ts). */
function rises(ruleId: string, before: DeepResult, after: DeepResult): string[] {
  const out: string[] = [];
  for (const b of before.contracts) {
    const a = after.contracts.find((c) => c.name === b.name);
    if (!a) continue;
    if ('gas' in b.deploy && 'failed' in a.deploy) {
      out.push(`${ruleId}: ${b.name} no longer deploys after the fix (${a.deploy.failed})`);
      continue;
    }
    const verdict = judgeFix(ruleId, {
      deploy: 'gas' in b.deploy && 'gas' in a.deploy ? { before: b.deploy.gas, after: a.deploy.gas } : undefined,
      calls: b.functions.flatMap((fb) => {
        const fa = a.functions.find((f) => f.signature === fb.signature);
        return fa ? [{ fn: `${b.name}.${fb.signature}`, before: fb.gas, after: fa.gas }] : [];
      }),
    });
    if (verdict.kind === 'loss') out.push(`${ruleId}: ${b.name}: not a saving: ${verdict.reasons.join('; ')}`);
  }
  return out;
}

describe('fixed fixtures compile, and gas fixes do not raise gas', function () {
  this.timeout(120_000);
  const rules = ruleMap();
  for (const { ruleId, dir, files } of fixtureDirs()) {
    const meta = rules.get(ruleId);
    if (!meta) continue;
    for (const file of files) {
      const full = path.join(dir, file);
      const fixed = full.replace(/\.sol$/, '.fixed.sol');
      if (!fs.existsSync(fixed)) continue;
      const gas = meta.category === 'gas';
      it(`${ruleId}/${file}: ${gas ? 'the fixed file compiles and costs no more gas' : 'the fixed file compiles'}`, async function () {
        const before = await deep(full, fs.readFileSync(full, 'utf8'), gas);
        if (before.unavailable) {
          // The rule applies to files that do not compile as they stand; there is nothing to compare.
          this.skip();
        }
        const after = await deep(fixed, fs.readFileSync(fixed, 'utf8'), gas);
        assert.equal(after.unavailable, undefined, `${ruleId}: ${path.basename(fixed)} does not compile though ${file} does:\n${errorsOf(after) || after.unavailable}`);
        assert.equal(after.compiler?.version, before.compiler?.version, 'the same compiler for both');
        if (gas) assert.deepEqual(rises(ruleId, before, after), [], `${ruleId}: the fix raises gas`);
      });
    }
  }
});
