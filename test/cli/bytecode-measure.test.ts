/**
 * `synor --measure` runs the bytecode analysis on what it compiled: the CLI
 * as a process (cli/out/synor.js, run `npm run -s build` first), real solc,
 * a local EVM. The report has a Bytecode section, and a bytecode finding no
 * source rule reports is a finding of the file (it counts for the exit code).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const BIN = path.resolve(__dirname, '../../cli/out/synor.js');

const SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Registry {
    address owner;
    mapping(address => uint256) public score;
    constructor() { owner = msg.sender; }
    function set(uint256 v) external { score[msg.sender] = v; }
    function upgrade(address a) external {
        assembly { sstore(0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc, a) }
    }
}
`;

describe('bytecode: synor --measure', function () {
  this.timeout(300_000);
  let dir: string;
  const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 240_000 });

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-bytecode-measure-'));
    fs.writeFileSync(path.join(dir, 'Registry.sol'), SOURCE);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('markdown: the Bytecode section and the bytecode-only finding, which fails the run', () => {
    const r = run(['Registry.sol', '--measure', '--format', 'markdown']);
    assert.equal(r.status, 1, r.stderr);
    const md = r.stdout;
    const section = md.slice(md.indexOf('## Bytecode'), md.indexOf('## Findings'));
    assert.match(section, /### Registry \(Registry\.sol\)/);
    assert.match(section, /\*\*Compiler:\*\* solc 0\.8\.\d+ \(from the metadata/);
    assert.match(section, /\*\*Selectors:\*\* 3 dispatched; they agree with the ABI/);
    assert.match(section, /\| `bytecode-unprotected-upgrade-slot` \| high \| Registry\.sol:9:\d+ \| `upgrade\(address\)` \| none \(bytecode only\) \| confirmed in a local EVM \|/);
    assert.match(md, /`Registry\.sol:9:\d+` in `Registry\.upgrade`/, 'the finding is placed in the source, in its contract and function');
  });

  it('sarif: the detector is a rule of the log and the result points at the line', () => {
    const r = run(['Registry.sol', '--measure', '--format', 'sarif']);
    const run0 = JSON.parse(r.stdout).runs[0];
    const res = run0.results.find((x: { ruleId: string }) => x.ruleId === 'bytecode-unprotected-upgrade-slot');
    assert.ok(res, r.stdout.slice(0, 2000));
    assert.equal(run0.tool.driver.rules[res.ruleIndex].id, res.ruleId);
    assert.equal(res.locations[0].physicalLocation.artifactLocation.uri, 'Registry.sol');
    assert.equal(res.locations[0].physicalLocation.region.startLine, 9);
    assert.equal(run0.properties.bytecode[0].contract, 'Registry');
  });

  it('without --measure there is no bytecode section', () => {
    const r = run(['Registry.sol', '--format', 'markdown']);
    assert.doesNotMatch(r.stdout, /## Bytecode/);
    assert.doesNotMatch(r.stdout, /bytecode-unprotected-upgrade-slot/);
  });
});
