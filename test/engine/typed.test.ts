/**
 * The deep tier answers the same questions from solc's typed AST: the same
 * rules run with the compiler's types behind the facts. Where the fast tier's
 * resolver is right, both tiers give the same findings; where it guesses wrong
 * (an attached library function named like an interface method, an overload
 * picked by argument count, an import alias that a local name shadows, a
 * `transfer` on a contract it cannot type, calls it cannot type), the deep
 * tier's findings differ, and are right. Real solc (bundled), in process.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyze, Project } from '../../engine/src';
import { mergeFindings } from '../../engine/src/deep';
import { ResultCache, runAnalyze } from '../../engine/src/deep/run';
import type { Finding } from '../../engine/src/types';

const FILE = path.resolve(__dirname, '../fixtures/typed/Payer.sol');
const CASES = path.resolve(__dirname, '../fixtures/typed/cases');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

/** `rule@line:message-id` (1-based line) of the Synor findings, compiler diagnostics left out. */
const keys = (fs_: readonly Finding[]) => fs_.filter((f) => !/^compiler-/.test(f.ruleId)).map((f) => `${f.ruleId}@${f.range.start.line + 1}:${f.messageId}`).sort();

/** The findings of both tiers for a file on disk: the fast tier over its project, and what shows once the deep tier merged. */
async function bothTiers(file: string): Promise<{ fast: string[]; deep: string[]; fastOnly: string[]; deepOnly: string[]; text: string }> {
  const text = fs.readFileSync(file, 'utf8');
  const fastFindings = analyze(text, { path: file, project: Project.forFile(file) }).findings;
  const deep = await runAnalyze({ path: file, text, measure: false }, { cancelled: () => false, cache: new ResultCache(2) });
  assert.equal(deep.unavailable, undefined, `${path.basename(file)} compiles`);
  assert.ok(deep.typedRules && deep.typedRules.length > 50, 'every rule is re-decided');
  const fast = keys(fastFindings);
  const merged = keys(mergeFindings(fastFindings, deep));
  return { fast, deep: merged, fastOnly: fast.filter((k) => !merged.includes(k)), deepOnly: merged.filter((k) => !fast.includes(k)), text };
}

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
    assert.equal(merged[0].contract, 'Payer');
    assert.equal(merged[0].function, 'payShares');
    // The same rule decided it: the finding is the fast tier's over the closure, to the letter.
    assert.deepEqual(merged, fast);
  });

  it('keeps the fast tier’s result when the file does not compile', async () => {
    const broken = text.replace('usdt.transfer(to, 1);', 'usdt.transfer(to, 1)');
    const deep = await runAnalyze({ path: FILE, text: broken, measure: false }, { cancelled: () => false, cache: new ResultCache(2) });
    assert.ok(deep.unavailable);
    const merged = mergeFindings(analyze(broken, { path: FILE }).findings, deep).filter((f) => f.ruleId === rule);
    assert.equal(merged.length, analyze(broken, { path: FILE }).findings.filter((f) => f.ruleId === rule).length);
  });

  // Each case below gives one finding that only the compiler's types get right; the
  // rest of the file's findings (the fast tier was right there) must be the same.

  it('a call of an interface method, not the attached library function of the same name', async () => {
    const t = await bothTiers(path.join(CASES, 'AttachedCollision.sol'));
    const line = lineOf(t.text, 'token.transfer(to, amount);') + 1;
    // `using TokenOps for IToken`: the fast tier takes `token.transfer(to, amount)` for the
    // library's `transfer(IToken, address)` (one fewer argument) and sees no ERC20 call.
    assert.deepEqual(t.fastOnly, []);
    assert.deepEqual(t.deepOnly, [`unchecked-erc20-transfer@${line}:ignored-result`]);
  });

  it('the overload a call reaches, not the first with as many arguments', async () => {
    const t = await bothTiers(path.join(CASES, 'Overloads.sol'));
    // `settle(id, amount)` reaches `settle(uint256, uint256)`; the fast tier picks the first
    // `settle` with two parameters, which sends ETH to its first argument, caller-chosen.
    assert.deepEqual(t.fastOnly, [`arbitrary-eth-send@${lineOf(t.text, 'to.call{value: amount}') + 1}:arbitrary-recipient`]);
    assert.deepEqual(t.deepOnly, []);
  });

  it('an interface imported through a remapping under an alias that a local interface shadows', async () => {
    const file = path.resolve(__dirname, '../fixtures/typed/remapped/src/Router.sol');
    const t = await bothTiers(file);
    // `import {Vault as SharesVault} from "vendor/Vault.sol"` beside a local `interface Vault`:
    // the fast tier resolves the alias to the local Vault, whose transfer returns nothing.
    assert.deepEqual(t.fastOnly, []);
    assert.deepEqual(t.deepOnly, [`unchecked-erc20-transfer@${lineOf(t.text, 'shares.transfer(to, 1);') + 1}:ignored-result`]);
    // The same answer through the compiler's types for the local interface: nothing to check.
    assert.ok(!t.deep.includes(`unchecked-erc20-transfer@${lineOf(t.text, 'legacy.transfer(to, 1);') + 1}:ignored-result`));
  });

  it('user-defined value types: operators typed as the value type, unwrap as its underlying integer', async () => {
    const t = await bothTiers(path.join(CASES, 'ValueTypes.sol'));
    // `total + amount` and `total < next` are the global operators: both tiers agree they are
    // no external calls (no reentrancy, nothing). `Shares.unwrap(x)` is a uint256 only the
    // compiler's types tell: `>= 0` on it is always true, and `> 0` in a branch is `!= 0`.
    assert.deepEqual(t.fastOnly, []);
    assert.deepEqual(t.deepOnly, [`ne-zero@${lineOf(t.text, 'if (Shares.unwrap(total) > 0)') + 1}:unsigned-greater-than-zero`, `tautology-bool@${lineOf(t.text, 'Shares.unwrap(amount) >= 0') + 1}:out-of-range`].sort());
  });

  it('x.transfer(y) on a contract is a call into it; on an address payable it is an ETH transfer', async () => {
    const t = await bothTiers(path.join(CASES, 'TransferKinds.sol'));
    const redeem = lineOf(t.text, '(usePrimary ? primary : backup).transfer(amount);') + 1;
    const payout = lineOf(t.text, 'recipient().transfer(owed[msg.sender]);') + 1;
    // The fast tier cannot type a conditional: it takes Coupon.transfer(amount) for an ETH
    // transfer (a 2300-gas stipend) followed by a write. The compiler knows it is a call into
    // a contract that changes state, then a write: state after an external call (low, as
    // `owed` is not read before the call). And `recipient()` returns an address payable: its
    // transfer is the deprecated ETH transfer.
    assert.deepEqual(t.fastOnly, [`reentrancy-eth@${redeem}:limited-gas-send`]);
    assert.deepEqual(t.deepOnly, [`deprecated-apis@${payout}:eth-transfer`, `reentrancy-state@${redeem}:write-not-read-before`].sort());
  });
});
