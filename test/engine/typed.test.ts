/**
 * The deep tier sharpens rules with solc's typed AST: for an ignored token
 * transfer, the compiler's types decide what the fast tier guesses from names.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyze, Project } from '../../engine/src';
import { mergeFindings } from '../../engine/src/deep';
import { ResultCache, runAnalyze } from '../../engine/src/deep/run';

const FILE = path.resolve(__dirname, '../fixtures/typed/Payer.sol');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

describe('typed-AST refinement (deep tier)', function () {
  // Both tiers answer from declarations now; the deep tier confirms from solc's types.
  this.timeout(120_000);
  const text = fs.readFileSync(FILE, 'utf8');
  const rule = 'unchecked-erc20-transfer';

  it('agrees with the fast tier over the import closure, from the compiler’s types', async () => {
    // Without its imports the fast tier claims nothing: the token types' declarations are missing.
    const alone = analyze(text, { path: FILE }).findings.filter((f) => f.ruleId === rule);
    assert.deepEqual(alone, []);
    // Over the import closure it reads the declarations: the same answer the compiler's types give.
    const fast = analyze(text, { path: FILE, project: Project.forFile(FILE) }).findings.filter((f) => f.ruleId === rule);
    assert.deepEqual(fast.map((f) => f.range.start.line), [lineOf(text, 'shares.transfer(to, 1);')]);

    const deep = await runAnalyze({ path: FILE, text, measure: false }, { cancelled: () => false, cache: new ResultCache(2) });
    assert.equal(deep.unavailable, undefined);
    assert.ok(deep.typedRules?.includes(rule));
    const merged = mergeFindings(analyze(text, { path: FILE }).findings, deep).filter((f) => f.ruleId === rule);
    // With types: NoReturnToken.transfer returns nothing (nothing to check), Vault.transfer
    // returns a bool that is dropped, the checked call and the ETH transfer are fine.
    assert.deepEqual(merged.map((f) => f.range.start.line), [lineOf(text, 'shares.transfer(to, 1);')]);
    assert.equal(merged[0].confidence, 'high');
    assert.equal(merged[0].contract, 'Payer');
    assert.equal(merged[0].function, 'payShares');
    assert.match(merged[0].message, /Vault\.transfer\(\)/);
  });

  it('keeps the fast tier’s result when the file does not compile', async () => {
    const broken = text.replace('usdt.transfer(to, 1);', 'usdt.transfer(to, 1)');
    const deep = await runAnalyze({ path: FILE, text: broken, measure: false }, { cancelled: () => false, cache: new ResultCache(2) });
    assert.ok(deep.unavailable);
    const merged = mergeFindings(analyze(broken, { path: FILE }).findings, deep).filter((f) => f.ruleId === rule);
    assert.equal(merged.length, analyze(broken, { path: FILE }).findings.filter((f) => f.ruleId === rule).length);
  });
});
