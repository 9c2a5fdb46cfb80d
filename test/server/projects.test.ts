/**
 * The fast tier's project indexes, in-process: overlays of open documents
 * reach the files importing them, and the incremental re-parse of an edited
 * document never changes a tree the project index has cached (an undo back to
 * an earlier text reuses that cache).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultConfig, parse } from '../../engine/src';
import { newParseMemory, runFastJob } from '../../server/src/fastTier';
import { ProjectHost } from '../../server/src/projects';

const HEAD = '// SPDX-License-Identifier: MIT\npragma solidity 0.8.26;\n\n';
const base = (body: string) => `${HEAD}contract Base {
    mapping(address => uint256) public balances;
    mapping(address => uint256) public owed;

    function _send(address to, uint256 amount) internal {
        ${body}
    }
}
`;
const CALL = '(bool ok, ) = to.call{value: amount}("");\n        require(ok);';
const NO_CALL = 'owed[to] += amount;';
const DERIVED = `${HEAD}import {Base} from "./Base.sol";

contract Derived is Base {
    function withdraw() external {
        uint256 amount = balances[msg.sender];
        _send(msg.sender, amount);
        balances[msg.sender] = 0;
    }
}
`;

/** The tree without positions-free noise, as comparable JSON. */
const shape = (ast: unknown) => JSON.stringify(ast, (k, v) => (k === 'loc' ? undefined : v));

describe('server: project indexes in the fast tier', () => {
  let dir: string;
  let basePath: string;
  let derivedPath: string;
  before(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'synor-projects-')));
    fs.writeFileSync(path.join(dir, 'foundry.toml'), '[profile.default]\n');
    basePath = path.join(dir, 'Base.sol');
    derivedPath = path.join(dir, 'Derived.sol');
    fs.writeFileSync(basePath, base(CALL));
    fs.writeFileSync(derivedPath, DERIVED);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const job = (file: string, text: string, open = true) => ({ path: file, text, config: defaultConfig(), inProject: true, open });
  const reentrant = (r: ReturnType<typeof runFastJob>) => r.result.findings.some((f) => f.ruleId === 'reentrancy-eth');

  it('analyses over the import closure and says which files it read', () => {
    const host = new ProjectHost();
    const r = runFastJob(job(derivedPath, DERIVED), undefined, newParseMemory(), host);
    assert.ok(reentrant(r));
    assert.deepEqual(r.closure, [basePath]);
    // Outside a project (an untitled document) the file stands alone.
    const alone = runFastJob({ path: 'untitled:Untitled-1', text: DERIVED, config: defaultConfig() }, undefined, newParseMemory(), host);
    assert.equal(alone.closure, undefined);
    assert.ok(!reentrant(alone));
  });

  it('overlays sent as updates, or set by an open document\'s own job, win over the disk', () => {
    const host = new ProjectHost();
    const memory = newParseMemory();
    host.apply({ overlays: [[basePath, base(NO_CALL)]] });
    assert.ok(!reentrant(runFastJob(job(derivedPath, DERIVED), undefined, memory, host)));
    host.apply({ overlays: [[basePath, null]] });
    assert.ok(reentrant(runFastJob(job(derivedPath, DERIVED), undefined, memory, host)));
    runFastJob(job(basePath, base(NO_CALL)), undefined, memory, host);
    assert.ok(!reentrant(runFastJob(job(derivedPath, DERIVED), undefined, memory, host)));
  });

  it('an incremental re-parse leaves cached trees alone: copies and undos of an edited document stay exact', () => {
    const host = new ProjectHost();
    const memory = newParseMemory();
    // Texts no other test has parsed, so that the engine's parse cache first meets them here.
    const v1 = base(CALL) + '// undo\n';
    const v2 = base(NO_CALL) + '// undo\n';
    const copyPath = path.join(dir, 'BaseCopy.sol');
    fs.writeFileSync(copyPath, v1);
    const project = host.projectFor(basePath, undefined);
    /** The project's parse of a file is the parse of its text, and its index knows every function of it. */
    const exact = (file: string, text: string) => {
      const f = project.file(file)!;
      assert.equal(f.text, text);
      assert.equal(shape(f.parsed.ast), shape(parse(text).ast), `the cached tree of ${path.basename(file)} is the tree of its text`);
      const contract = f.parsed.ast.children.find((c) => c.type === 'ContractDefinition') as { subNodes: Array<{ type: string }> };
      for (const m of contract.subNodes) assert.ok(f.index.parent(m as never), `the index knows ${m.type}`);
    };
    const b1 = runFastJob(job(basePath, v1), undefined, memory, host);
    assert.equal(b1.parseKind, 'full');
    assert.ok(reentrant(runFastJob(job(derivedPath, DERIVED), undefined, memory, host)));
    // An edit inside one function: re-parsed incrementally from the previous tree.
    const b2 = runFastJob(job(basePath, v2), undefined, memory, host);
    assert.equal(b2.parseKind, 'member');
    assert.ok(!reentrant(runFastJob(job(derivedPath, DERIVED), undefined, memory, host)));
    // A file on disk with the first text shares its cached parse.
    exact(copyPath, v1);
    // And back (an undo).
    runFastJob(job(basePath, v1), undefined, memory, host);
    exact(basePath, v1);
    assert.ok(reentrant(runFastJob(job(derivedPath, DERIVED), undefined, memory, host)));
    fs.rmSync(copyPath);
  });

  it('resets a project when its configuration changes, keeping the overlays', () => {
    const host = new ProjectHost();
    host.apply({ overlays: [[basePath, base(NO_CALL)]] });
    const p1 = host.projectFor(derivedPath, undefined);
    host.apply({ reset: [dir] });
    const p2 = host.projectFor(derivedPath, undefined);
    assert.notEqual(p1, p2);
    assert.ok(!reentrant(runFastJob(job(derivedPath, DERIVED), undefined, newParseMemory(), host)));
    // Remappings from synor.config.json make a project of their own.
    assert.notEqual(host.projectFor(derivedPath, ['x/=lib/x/']), p2);
  });
});
