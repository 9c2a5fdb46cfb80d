/**
 * The workspace index, in-process: the server finds the same sources as the
 * CLI does for a folder (both apply engine/src/project/sources.ts), and a project knows
 * the files deriving from a base from links alone (imports scanned, nothing
 * parsed), kept true as files change, disappear and appear.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { collectFiles } from '../../cli/src/files';
import { Project } from '../../engine/src';
import { findWorkspaceSources, isWorkspaceSource } from '../../server/src/workspaceSources';

const HEAD = '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.20;\n\n';
const BASE = `${HEAD}abstract contract Base {\n    uint256 internal x;\n}\n`;
const derived = (name: string, from: string) => `${HEAD}import {Base} from "${from}";\n\ncontract ${name} is Base {\n    function f() external view returns (uint256) {\n        return x;\n    }\n}\n`;

describe('server: workspace sources and links', () => {
  let dir: string;
  const file = (rel: string) => path.join(dir, rel);
  const write = (rel: string, text = `${HEAD}contract C {}\n`) => {
    fs.mkdirSync(path.dirname(file(rel)), { recursive: true });
    fs.writeFileSync(file(rel), text);
  };
  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'synor-sources-')));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The server's sources and the CLI's files for the folder, which must agree. */
  async function both(root = dir): Promise<string[]> {
    const ours = (await findWorkspaceSources([root], 5000)).files;
    const cli = collectFiles([root], false, []).files.map((f) => path.resolve(f));
    assert.deepEqual([...ours].sort(), [...cli].sort(), 'the same files as the CLI');
    return ours.map((f) => path.relative(root, f).split(path.sep).join('/')).sort();
  }

  it('a Foundry root: its source folder, lib/ inside it included; dependencies, tests, hidden folders and build output left out', async () => {
    write('foundry.toml', '[profile.default]\nsrc = "contracts"\nlibs = ["lib"]\n');
    for (const rel of ['contracts/A.sol', 'contracts/lib/Math.sol', 'contracts/deep/lib/More.sol', 'lib/forge-std/src/Test.sol', 'dependencies/x/X.sol', 'node_modules/@oz/Y.sol', 'test/A.t.sol', '.hidden/H.sol', 'contracts/.cache/Z.sol', 'out/O.sol', 'contracts/node_modules/pkg/P.sol']) write(rel);
    assert.deepEqual(await both(), ['contracts/A.sol', 'contracts/deep/lib/More.sol', 'contracts/lib/Math.sol']);
    assert.ok(isWorkspaceSource(file('contracts/lib/New.sol'), [dir]));
    for (const rel of ['lib/forge-std/src/New.sol', 'node_modules/@oz/New.sol', 'test/New.t.sol', '.hidden/New.sol', 'contracts/node_modules/pkg/New.sol', 'contracts/A.txt']) assert.ok(!isWorkspaceSource(file(rel), [dir]), rel);
  });

  it('a folder that is no project root: every .sol file but dependencies, a nested project\'s lib/ included', async () => {
    for (const rel of ['a/A.sol', 'pkg/src/B.sol', 'pkg/lib/dep/D.sol', 'node_modules/n/N.sol', 'tools/lib/T.sol']) write(rel);
    write('pkg/foundry.toml', '[profile.default]\n');
    assert.deepEqual(await both(), ['a/A.sol', 'pkg/src/B.sol', 'tools/lib/T.sol']);
    assert.ok(!isWorkspaceSource(file('pkg/lib/dep/New.sol'), [dir]));
    assert.ok(isWorkspaceSource(file('pkg/test/New.t.sol'), [dir]), 'a nested project is walked whole, as the CLI does');
  });

  it('a Hardhat root: paths.sources, read without running the config', async () => {
    write('hardhat.config.js', 'module.exports = { paths: { sources: "./sol" } };\n');
    for (const rel of ['sol/A.sol', 'contracts/B.sol', 'node_modules/x/X.sol']) write(rel);
    assert.deepEqual(await both(), ['sol/A.sol']);
  });

  it('stops at the cap and says so', async () => {
    write('foundry.toml', '[profile.default]\n');
    for (let i = 0; i < 12; i++) write(`src/F${String(i).padStart(2, '0')}.sol`);
    const r = await findWorkspaceSources([dir], 5);
    assert.equal(r.files.length, 5);
    assert.ok(r.capped);
    assert.ok(!(await findWorkspaceSources([dir], 12)).capped);
  });

  it('links alone give a base its derived files (parsed only when asked for), and follow changes of the files', () => {
    write('foundry.toml', '[profile.default]\n');
    write('src/Base.sol', BASE);
    write('src/A.sol', derived('A', './Base.sol'));
    write('src/sub/B.sol', derived('B', '../Base.sol'));
    write('src/C.sol', derived('C', './Missing.sol'));
    const p = new Project({ root: dir });
    for (const rel of ['src/Base.sol', 'src/A.sol', 'src/sub/B.sol', 'src/C.sol']) assert.ok(p.link(file(rel)));
    const names = () => p.derivedFiles(file('src/Base.sol')).map((f) => path.relative(dir, f.path).split(path.sep).join('/'));
    assert.deepEqual(names(), ['src/A.sol', 'src/sub/B.sol']);
    // A no longer imports the base: read again, it is no derived file of it any more.
    write('src/A.sol', `${HEAD}contract A {}\n`);
    p.invalidate(file('src/A.sol'));
    p.link(file('src/A.sol'));
    assert.deepEqual(names(), ['src/sub/B.sol']);
    // B deleted: linked again, it imports nothing.
    fs.rmSync(file('src/sub/B.sol'));
    p.invalidate(file('src/sub/B.sol'));
    assert.equal(p.link(file('src/sub/B.sol')), false);
    assert.equal(p.dependants(file('src/Base.sol')).size, 0);
    // C imported a file that did not exist; once created, C's import resolves.
    write('src/Missing.sol', BASE.replace('Base', 'Missing'));
    assert.deepEqual(p.derivedFiles(file('src/Missing.sol')), []);
    p.invalidateUnresolved();
    assert.deepEqual(p.derivedFiles(file('src/Missing.sol')).map((f) => path.basename(f.path)), ['C.sol']);
  });
});
