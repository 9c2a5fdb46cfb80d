/**
 * The language server analyses each document over its import closure: an
 * edit in an open imported file, or a change on disk, re-analyses the open
 * documents that import it, and no result built over an older text of the
 * import is ever shown.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { TestClient, waitUntil } from './client';

const HEAD = '// SPDX-License-Identifier: MIT\npragma solidity 0.8.26;\n\n';
const CALL = '(bool ok, ) = to.call{value: amount}("");\n        require(ok, "send failed");';
const NO_CALL = 'owed[to] += amount;';

/** The base holds the external call (or, edited, no call at all). */
const base = (body: string) => `${HEAD}contract Base {
    mapping(address => uint256) public balances;
    mapping(address => uint256) public owed;

    function _send(address to, uint256 amount) internal {
        ${body}
    }
}
`;
const DERIVED = `${HEAD}import {Base} from "./base/Base.sol";

contract Derived is Base {
    function withdraw() external {
        uint256 amount = balances[msg.sender];
        _send(msg.sender, amount);
        balances[msg.sender] = 0;
    }
}
`;
const GUARD = 'require(msg.sender == keeper, "not the keeper");';
/** A modifier with a name no rule knows; whether it guards depends on its body. */
const guarded = (check: string) => `${HEAD}contract Guarded {
    address internal keeper;
    event Called(address who);

    constructor() {
        keeper = msg.sender;
    }

    modifier onlyKeeperOfTheRealm() {
        emit Called(msg.sender);
        ${check}
        _;
    }
}
`;
const KILLER = `${HEAD}import "./base/Guarded.sol";

contract Killer is Guarded {
    function kill() external onlyKeeperOfTheRealm {
        selfdestruct(payable(msg.sender));
    }
}
`;

const has = (diags: Diagnostic[] | undefined, rule: string) => !!diags?.some((d) => d.code === rule);

describe('server: projects (findings across imported files)', function () {
  this.timeout(60_000);
  let dir: string;
  let client: TestClient;
  const file = (rel: string) => path.join(dir, rel);
  const uri = (rel: string) => TestClient.uri(file(rel));

  /** Waits for a publish for `rel` after the first `after` ones whose diagnostics satisfy `check`. */
  const republished = (rel: string, after: number, check: (d: Diagnostic[]) => boolean, what: string) =>
    waitUntil(() => {
      const list = client.published(uri(rel));
      return list.length > after && check(list[list.length - 1].diagnostics) ? list[list.length - 1] : undefined;
    }, what, 20_000);

  beforeEach(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'synor-server-project-')));
    fs.writeFileSync(file('foundry.toml'), '[profile.default]\nsrc = "src"\nlibs = ["lib"]\n');
    fs.mkdirSync(file('src/base'), { recursive: true });
    fs.writeFileSync(file('src/base/Base.sol'), base(CALL));
    fs.writeFileSync(file('src/Derived.sol'), DERIVED);
    fs.writeFileSync(file('src/base/Guarded.sol'), guarded(GUARD));
    fs.writeFileSync(file('src/Killer.sol'), KILLER);
    client = await TestClient.start({ root: dir, settings: { debounceMs: 20, deepAnalysis: { onSave: false, onIdle: false } } });
  });
  afterEach(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('re-analyses an open importer when the imported file is edited in the editor, both ways', async () => {
    client.open(uri('src/Derived.sol'), DERIVED, 1);
    const first = await client.diagnosticsFor(uri('src/Derived.sol'), 1);
    assert.ok(has(first, 'reentrancy-eth'), `the base's external call is seen: ${first.map((d) => d.code).join(', ')}`);

    client.open(uri('src/base/Base.sol'), base(CALL), 1);
    await client.diagnosticsFor(uri('src/base/Base.sol'), 1);
    let n = client.published(uri('src/Derived.sol')).length;
    // Remove the external call from the base: the derived file's finding goes.
    const text = client.text(uri('src/base/Base.sol'));
    const at = text.indexOf(CALL);
    const start = client.docs.get(uri('src/base/Base.sol'))!.positionAt(at);
    const end = client.docs.get(uri('src/base/Base.sol'))!.positionAt(at + CALL.length);
    const v2 = client.change(uri('src/base/Base.sol'), [{ range: { start, end }, text: NO_CALL }]);
    const gone = await republished('src/Derived.sol', n, (d) => !has(d, 'reentrancy-eth'), 'Derived.sol without reentrancy-eth');
    assert.equal(gone.version, 1, 'the importer keeps its own version');
    await client.diagnosticsFor(uri('src/base/Base.sol'), v2);

    // Put it back: the finding returns.
    n = client.published(uri('src/Derived.sol')).length;
    client.replaceAll(uri('src/base/Base.sol'), base(CALL));
    const back = await republished('src/Derived.sol', n, (d) => has(d, 'reentrancy-eth'), 'Derived.sol with reentrancy-eth again');
    assert.equal(back.version, 1);
    // The file on disk never changed.
    assert.equal(fs.readFileSync(file('src/base/Base.sol'), 'utf8'), base(CALL));
  });

  it('follows a guard modifier defined in an imported file as it is edited', async () => {
    client.open(uri('src/Killer.sol'), KILLER, 1);
    const first = await client.diagnosticsFor(uri('src/Killer.sol'), 1);
    assert.ok(!has(first, 'unprotected-selfdestruct'), 'onlyKeeperOfTheRealm checks the caller');

    client.open(uri('src/base/Guarded.sol'), guarded(GUARD), 1);
    let n = client.published(uri('src/Killer.sol')).length;
    client.replaceAll(uri('src/base/Guarded.sol'), guarded(''));
    await republished('src/Killer.sol', n, (d) => has(d, 'unprotected-selfdestruct'), 'Killer.sol with unprotected-selfdestruct once the check is gone');

    n = client.published(uri('src/Killer.sol')).length;
    client.replaceAll(uri('src/base/Guarded.sol'), guarded(GUARD));
    await republished('src/Killer.sol', n, (d) => !has(d, 'unprotected-selfdestruct'), 'Killer.sol clean once the check is back');
  });

  it('never shows a result built over an older text of the import under rapid edits', async () => {
    client.open(uri('src/Derived.sol'), DERIVED, 1);
    await client.diagnosticsFor(uri('src/Derived.sol'), 1);
    client.open(uri('src/base/Base.sol'), base(CALL), 1);
    await client.diagnosticsFor(uri('src/base/Base.sol'), 1);
    const n = client.published(uri('src/Derived.sol')).length;
    // Toggle the call many times without waiting; the last text has no call.
    for (let i = 0; i < 15; i++) client.replaceAll(uri('src/base/Base.sol'), base(i % 2 === 0 ? NO_CALL : CALL));
    const last = client.docs.get(uri('src/base/Base.sol'))!.version;
    await client.diagnosticsFor(uri('src/base/Base.sol'), last);
    await republished('src/Derived.sol', n, (d) => !has(d, 'reentrancy-eth'), 'Derived.sol after the burst');
    // Nothing arrives afterwards that contradicts the last text.
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(!has(client.latest(uri('src/Derived.sol'))!.diagnostics, 'reentrancy-eth'), 'the last publish is for the last text of Base.sol');
    assert.ok(client.published(uri('src/Derived.sol')).every((p) => p.version === 1), 'versions of the importer never move');
  });

  it('re-analyses an open importer when the imported file changes on disk (didChangeWatchedFiles)', async () => {
    client.open(uri('src/Derived.sol'), DERIVED, 1);
    assert.ok(has(await client.diagnosticsFor(uri('src/Derived.sol'), 1), 'reentrancy-eth'));
    let n = client.published(uri('src/Derived.sol')).length;
    fs.writeFileSync(file('src/base/Base.sol'), base(NO_CALL));
    client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('src/base/Base.sol'), type: 2 }] });
    await republished('src/Derived.sol', n, (d) => !has(d, 'reentrancy-eth'), 'Derived.sol after Base.sol changed on disk');

    n = client.published(uri('src/Derived.sol')).length;
    fs.writeFileSync(file('src/base/Base.sol'), base(CALL));
    client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('src/base/Base.sol'), type: 2 }] });
    await republished('src/Derived.sol', n, (d) => has(d, 'reentrancy-eth'), 'Derived.sol after Base.sol changed back on disk');
  });

  it('re-analyses open importers when an imported file is deleted and created again', async () => {
    client.open(uri('src/Derived.sol'), DERIVED, 1);
    assert.ok(has(await client.diagnosticsFor(uri('src/Derived.sol'), 1), 'reentrancy-eth'));
    // Deleted: the import no longer resolves, and nothing is claimed about a call it cannot see.
    let n = client.published(uri('src/Derived.sol')).length;
    fs.rmSync(file('src/base/Base.sol'));
    client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('src/base/Base.sol'), type: 3 }] });
    await republished('src/Derived.sol', n, (d) => !has(d, 'reentrancy-eth'), 'Derived.sol after Base.sol was deleted');
    // Created again: the import resolves again.
    n = client.published(uri('src/Derived.sol')).length;
    fs.writeFileSync(file('src/base/Base.sol'), base(CALL));
    client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('src/base/Base.sol'), type: 1 }] });
    await republished('src/Derived.sol', n, (d) => has(d, 'reentrancy-eth'), 'Derived.sol after Base.sol was created again');
  });

  it('sees the disk again when the imported file is closed without saving', async () => {
    client.open(uri('src/Derived.sol'), DERIVED, 1);
    await client.diagnosticsFor(uri('src/Derived.sol'), 1);
    client.open(uri('src/base/Base.sol'), base(CALL), 1);
    let n = client.published(uri('src/Derived.sol')).length;
    client.replaceAll(uri('src/base/Base.sol'), base(NO_CALL));
    await republished('src/Derived.sol', n, (d) => !has(d, 'reentrancy-eth'), 'Derived.sol over the unsaved edit');
    n = client.published(uri('src/Derived.sol')).length;
    client.close(uri('src/base/Base.sol'));
    await republished('src/Derived.sol', n, (d) => has(d, 'reentrancy-eth'), 'Derived.sol over the disk after the close');
  });

  it('opening another file of a project already indexed is quick', async () => {
    client.open(uri('src/Derived.sol'), DERIVED, 1);
    await client.diagnosticsFor(uri('src/Derived.sol'), 1);
    const t0 = Date.now();
    client.open(uri('src/Killer.sol'), KILLER, 1);
    await client.diagnosticsFor(uri('src/Killer.sol'), 1);
    assert.ok(Date.now() - t0 < 2000, `open→diagnostics ${Date.now() - t0} ms`);
  });
});
