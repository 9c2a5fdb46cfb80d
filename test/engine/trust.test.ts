/**
 * Workspace Trust in the engine: an untrusted request (the default) loads only the
 * compilers bundled with Synor, never the workspace's node_modules/solc nor a configured
 * compiler; a trusted one uses them. Over a booby-trapped workspace (test/trap.ts) whose
 * traps write a marker file when they run, with real solc in the real worker.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCompiler, prepareCompile, runCompile } from '../../engine/src/compile';
import { analyze } from '../../engine/src';
import { DeepAnalyzer } from '../../engine/src/deep';
import { makeTrappedWorkspace, REPO, TRAP_ERROR_LINE, TRAP_SOL, type TrappedWorkspace } from '../trap';

const WORKER_TS = path.join(REPO, 'engine/src/worker/worker.ts');

describe('engine: Workspace Trust (nothing from an untrusted workspace runs)', function () {
  this.timeout(180_000);
  let tmp: string;
  let trap: TrappedWorkspace;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-trust-'));
    trap = makeTrappedWorkspace(tmp);
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('by default chooses a bundled compiler, ignoring node_modules/solc and the configured path, and compiles with it', () => {
    const prepared = prepareCompile({ path: trap.file, text: TRAP_SOL, compilerPath: trap.soljsonTrap });
    assert.equal(prepared.candidate?.source, 'bundled');
    assert.equal(prepared.trusted, false);
    const outcome = runCompile(prepared);
    assert.equal(outcome.compiler?.source, 'bundled');
    assert.ok(outcome.findings.some((f) => f.ruleId === 'compiler-error' && f.range.start.line === TRAP_ERROR_LINE), JSON.stringify(outcome.findings));
    assert.deepEqual(trap.fired(), []);
  });

  it('refuses to load anything but a bundled compiler without trust', () => {
    const workspace = { version: '0.8.37', source: 'node_modules' as const, location: path.join(trap.workspace, 'node_modules', 'solc'), kind: 'module' as const };
    assert.throws(() => loadCompiler(workspace), /not trusted/);
    // A pinned candidate (measuring a fix) from elsewhere is not taken on trust either.
    assert.equal(prepareCompile({ path: trap.file, text: TRAP_SOL, candidate: workspace }).candidate?.source, 'bundled');
    assert.deepEqual(trap.fired(), []);
  });

  it('says that the workspace is untrusted when no bundled compiler fits', () => {
    const prepared = prepareCompile({ path: trap.file, text: TRAP_SOL.replace('^0.8.0', '0.8.19') });
    assert.match(prepared.unavailable ?? '', /not trusted/);
    assert.deepEqual(trap.fired(), []);
  });

  it('in the worker: untrusted uses the bundled solc; trusted uses the workspace one (the trap fires)', async () => {
    const deep = new DeepAnalyzer({ workerPath: WORKER_TS });
    try {
      const untrusted = await deep.analyze({ path: trap.file, text: TRAP_SOL, compilerPath: trap.soljsonTrap, measure: false });
      assert.deepEqual(untrusted.compiler, { version: '0.8.37', source: 'bundled' });
      assert.ok(untrusted.findings.some((f) => f.ruleId === 'compiler-error'));
      assert.deepEqual(trap.fired(), []);
      // A fix measured in an untrusted workspace compiles before and after with the same bundled compiler.
      const compiles = TRAP_SOL.replace('missing = 2;', '');
      const gasFinding = analyze(compiles, { path: trap.file }).findings.find((f) => f.category === 'gas' && f.fixes.length > 0);
      assert.ok(gasFinding, 'a gas finding with a fix in Trap.sol');
      const fix = await deep.measureFix({ path: trap.file, text: compiles, measure: true }, gasFinding, 0);
      assert.ok(fix.measured, JSON.stringify(fix));
      assert.deepEqual(trap.fired(), []);

      const trusted = await deep.analyze({ path: trap.file, text: TRAP_SOL, measure: false, trusted: true });
      assert.deepEqual(trusted.compiler, { version: '0.8.37', source: 'node_modules' });
      assert.ok(trusted.findings.some((f) => f.ruleId === 'compiler-error'));
      // Only the compiler ran: the JavaScript configs and the binary foundry.toml names never do.
      assert.deepEqual(trap.fired().map((l) => l.replace(/ \(pid \d+\)$/, '')), ['workspace node_modules/solc was required']);
    } finally {
      await deep.dispose();
    }
  });
});
