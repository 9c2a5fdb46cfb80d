/**
 * The measurement driver the CLI's `--measure` and the service share
 * (engine/src/deep/measure-all.ts), with real solc and the real EVM in the
 * deep tier's worker: a file is measured and its gas hints judged; a deadline
 * already past leaves every file unmeasured with a note saying so; a file that
 * does not compile gets the note the service asks for; cancellation rejects
 * with 'cancelled' and leaves nothing running.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyze, defaultConfig, SynorError, type AnalysisResult } from '../../engine/src';
import { measureAll } from '../../engine/src/deep/measure-all';

const COUNTER = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Counter {
    uint256[] public items;
    uint256 public sum;

    function add(uint256 v) external {
        items.push(v);
    }

    function total() external returns (uint256) {
        uint256 s = 0;
        for (uint256 i = 0; i < items.length; i++) {
            s += items[i];
        }
        sum = s;
        return s;
    }
}
`;

const BROKEN = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Broken {
    function f() external {
        notDeclared = 1;
    }
}
`;

describe('engine: measureAll (the --measure driver shared by the CLI and the service)', function () {
  this.timeout(300_000);
  let dir: string;
  const config = defaultConfig();

  function fresh(files: Record<string, string>): { results: AnalysisResult[]; sources: Map<string, string> } {
    const sources = new Map(Object.entries(files).map(([name, text]) => [path.join(dir, name), text]));
    return { results: [...sources].map(([file, text]) => analyze(text, { path: file, config })), sources };
  }

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-measure-all-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('measures each contract with a bundled compiler when untrusted, and judges every gas hint', async () => {
    const { results, sources } = fresh({ 'Counter.sol': COUNTER });
    const progress: string[] = [];
    const out = await measureAll(results, sources, config, { trusted: false, root: dir, progress: (m) => progress.push(m) });
    assert.deepEqual(progress, ['measuring 1/1 Counter.sol']);
    assert.equal(out.headline, undefined, out.notes.join('\n'));
    assert.equal(out.deployed, 1);
    assert.equal(out.deployable, 1);
    assert.ok(out.notes.some((n) => n.startsWith(`${path.join(dir, 'Counter.sol')}: compiled with solc `) && n.includes('(bundled)')), out.notes.join('\n'));
    const gasHints = results[0].findings.filter((f) => f.category === 'gas' && f.fixes.length > 0);
    assert.ok(gasHints.length > 0, 'some gas hint is kept');
    for (const f of gasHints) assert.ok(f.gas?.verdict || f.gas?.unmeasured, `${f.ruleId} was judged: ${JSON.stringify(f.gas)}`);
    // A kept hint is never one whose fix measured as a loss or no change: those are withdrawn, each with a note.
    assert.ok(gasHints.every((f) => f.gas?.verdict?.kind !== 'loss' && f.gas?.verdict?.kind !== 'no-effect'));
    assert.equal(out.notes.filter((n) => / withdrawn\. /.test(n)).length, out.withdrawn);
  });

  it('starts nothing past its deadline, and says what was left unmeasured', async () => {
    const { results, sources } = fresh({ 'Counter.sol': COUNTER });
    const before = JSON.stringify(results[0].findings.map((f) => f.ruleId));
    const out = await measureAll(results, sources, config, { trusted: false, root: dir, deadline: performance.now() - 1 });
    assert.deepEqual(out.notes, [`${path.join(dir, 'Counter.sol')}: not measured: the analysis's time limit was reached`]);
    assert.equal(out.deployed, 0);
    assert.match(out.headline ?? '', /^Nothing was measured: /);
    assert.equal(JSON.stringify(results[0].findings.map((f) => f.ruleId)), before, 'the findings are left as they were');
  });

  it('notes a file that does not compile only when asked (the service asks, the CLI does not)', async () => {
    const asked = fresh({ 'Broken.sol': BROKEN });
    const withNote = await measureAll(asked.results, asked.sources, config, { trusted: false, root: dir, noteUncompiled: true });
    assert.ok(asked.results[0].findings.some((f) => f.ruleId === 'compiler-error'));
    const note = `${path.join(dir, 'Broken.sol')}: gas not measured: the file does not compile (see the compiler-error findings)`;
    assert.ok(withNote.notes.includes(note), withNote.notes.join('\n'));
    const plain = fresh({ 'Broken.sol': BROKEN });
    const without = await measureAll(plain.results, plain.sources, config, { trusted: false, root: dir });
    assert.deepEqual(without.notes, withNote.notes.filter((n) => n !== note));
    assert.equal(without.headline, withNote.headline);
  });

  it('rejects with cancelled when its signal aborts, before or during a file', async () => {
    const { results, sources } = fresh({ 'Counter.sol': COUNTER, 'Broken.sol': BROKEN });
    const early = new AbortController();
    early.abort();
    await assert.rejects(measureAll(results, sources, config, { trusted: false, root: dir, signal: early.signal }), (e: unknown) => e instanceof SynorError && e.code === 'cancelled');
    const during = new AbortController();
    let started = 0;
    const run = measureAll(results, sources, config, {
      trusted: false,
      root: dir,
      signal: during.signal,
      progress: () => {
        started++;
        // The worker is still starting when the signal aborts: the compile request is withdrawn.
        setTimeout(() => during.abort(), 20);
      },
    });
    await assert.rejects(run, (e: unknown) => e instanceof SynorError && e.code === 'cancelled');
    assert.equal(started, 1, 'the second file was not started');
  });
});
