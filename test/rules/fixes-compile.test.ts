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

/**
 * Rules whose fixes are about deployment cost (class D in RULES.md): their
 * fixes may not raise deployment gas at all.
 */
const DEPLOYMENT_RULES = new Set(['custom-errors', 'short-revert-strings', 'private-constants', 'dead-code-size', 'default-init', 'external-not-public']);

/**
 * Every way the fixed version costs more than the original, in words. A
 * runtime fix may trade deployment gas for cheaper calls (caching a length
 * adds a little code), and a storage fix may make a read dearer while
 * saving a slot (packing): either is fine when the fix is a net saving over
 * one deployment and one call of each function, or when no call got dearer
 * and one got cheaper. A newly reverting call or a failed deploy is always a
 * rise; so is any deployment rise for the rules that exist to shrink it.
 */
function rises(ruleId: string, before: DeepResult, after: DeepResult): string[] {
  const out: string[] = [];
  for (const b of before.contracts) {
    const a = after.contracts.find((c) => c.name === b.name);
    if (!a) continue;
    if ('gas' in b.deploy && 'failed' in a.deploy) {
      out.push(`${ruleId}: ${b.name} no longer deploys after the fix (${a.deploy.failed})`);
      continue;
    }
    const deployDelta = 'gas' in b.deploy && 'gas' in a.deploy ? a.deploy.gas - b.deploy.gas : 0;
    const dearer: string[] = [];
    let callDelta = 0;
    let cheaper = 0;
    for (const fb of b.functions) {
      const fa = a.functions.find((f) => f.signature === fb.signature);
      if (!fa || fb.gas === 'not-called' || fa.gas === 'not-called') continue;
      if (typeof fb.gas === 'number' && fa.gas === 'reverted') out.push(`${ruleId}: ${b.name}.${fb.signature} reverts after the fix (${fa.revertReason}) but not before`);
      else if (typeof fb.gas === 'number' && typeof fa.gas === 'number') {
        callDelta += fa.gas - fb.gas;
        if (fa.gas > fb.gas) dearer.push(`${b.name}.${fb.signature} costs ${fa.gas} gas after the fix, ${fb.gas} before`);
        if (fa.gas < fb.gas) cheaper++;
      }
    }
    const deployText = `deploying ${b.name} costs ${deployDelta > 0 ? '+' : ''}${deployDelta} gas`;
    if (DEPLOYMENT_RULES.has(ruleId) && deployDelta > 0) out.push(`${ruleId}: ${deployText}, and the rule exists to lower it`);
    else if (deployDelta + callDelta > 0 && !(dearer.length === 0 && cheaper > 0)) out.push(`${ruleId}: not a saving: ${deployText}; ${dearer.join('; ') || `calls change by ${callDelta} gas`}`);
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
