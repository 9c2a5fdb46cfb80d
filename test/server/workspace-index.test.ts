/**
 * The workspace index: the server reads the workspace's own sources in the
 * background, as the CLI indexes every file first, so that an abstract base
 * opened alone is judged with the contracts deriving from it in files nobody
 * opened; a change on disk of such a file re-analyses the open base (and only
 * the documents built over it); dependencies are not indexed; and reading
 * the workspace never holds back an open document's diagnostics.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { ROOT, TestClient, waitUntil } from './client';
import { syntheticContract } from './synth';

const CLI = path.join(ROOT, 'cli', 'out', 'synor.js');
const HEAD = '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.20;\n\n';

/** The base of bench/xfile's uninit-state-base: `insurer` is read here and set nowhere in the project. */
const FEE_SETTINGS = `${HEAD}abstract contract FeeSettings {
    /// Receives the protocol's share of every payment.
    address payable internal treasury;

    /// Protocol fee in basis points.
    uint256 internal feeBps;

    event Paid(address indexed from, uint256 amount, uint256 fee);

    /// Receives a tenth of the fee as an insurance premium.
    address payable internal insurer;

    function _feeOf(uint256 amount) internal view returns (uint256) {
        return (amount * feeBps) / 10_000;
    }

    function _splitFee(uint256 fee) internal {
        insurer.transfer(fee / 10);
        treasury.transfer(fee - fee / 10);
    }
}
`;

/** Derives from the base and sets two of its three variables (with `setsInsurer`, all three). */
const checkout = (setsInsurer: boolean) => `${HEAD}import {FeeSettings} from "./base/FeeSettings.sol";

contract Checkout is FeeSettings {
    mapping(address => uint256) public paidBy;

    constructor(address payable treasury_, uint256 feeBps_) {
        treasury = treasury_;
        feeBps = feeBps_;${setsInsurer ? '\n        insurer = treasury_;' : ''}
    }

    function pay() external payable {
        uint256 fee = _feeOf(msg.value);
        paidBy[msg.sender] += msg.value - fee;
        _splitFee(fee);
        emit Paid(msg.sender, msg.value, fee);
    }
}
`;

/** A deployable contract deriving from the base from elsewhere in the tree (`from`: the import path), setting nothing. */
const leech = (name: string, from: string) => `${HEAD}import {FeeSettings} from "${from}";

contract ${name} is FeeSettings {
    function quote(uint256 amount) external view returns (uint256) {
        return _feeOf(amount);
    }
}
`;

const UNRELATED = `${HEAD}contract Unrelated {
    address public owner;

    constructor() {
        owner = msg.sender;
    }

    function ping() external view returns (bool) {
        return tx.origin == owner;
    }
}
`;

/** A finding (the CLI's `ruleId`) or a diagnostic (`code`) as rule@line:column. */
const key = (d: { code?: unknown; ruleId?: string; range: { start: { line: number; character: number } } }) => `${String(d.ruleId ?? d.code)}@${d.range.start.line}:${d.range.start.character}`;

describe('server: the workspace index', function () {
  this.timeout(120_000);
  let dir: string;
  let client: TestClient;
  const file = (rel: string) => path.join(dir, rel);
  const uri = (rel: string) => TestClient.uri(file(rel));
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(file(rel)), { recursive: true });
    fs.writeFileSync(file(rel), text);
  };
  const watched = (rel: string, type: 1 | 2 | 3) => client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(rel), type }] });

  /** The CLI's findings for one file of the project, run over the whole project folder. */
  function cliFindings(rel: string): Array<{ ruleId: string; message: string; range: { start: { line: number; character: number } } }> {
    const r = spawnSync(process.execPath, [CLI, dir, '--format', 'json', '--fail-on', 'none'], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { findings: Array<{ file: string; ruleId: string; message: string; range: { start: { line: number; character: number } } }> };
    return report.findings.filter((f) => path.resolve(f.file) === file(rel));
  }

  /** Waits until the latest publish for `rel` satisfies `check`. */
  const latestSatisfies = (rel: string, check: (d: Diagnostic[]) => boolean, what: string, after = 0) =>
    waitUntil(() => {
      const list = client.published(uri(rel));
      return list.length > after && check(list[list.length - 1].diagnostics) ? list[list.length - 1] : undefined;
    }, what, 60_000);

  afterEach(async () => {
    await client?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('a Foundry project with dependencies', () => {
    beforeEach(async () => {
      dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'synor-index-')));
      write('foundry.toml', '[profile.default]\nsrc = "src"\nlibs = ["lib"]\n');
      write('src/base/FeeSettings.sol', FEE_SETTINGS);
      write('src/Checkout.sol', checkout(false));
      write('src/Unrelated.sol', UNRELATED);
      // A folder named lib inside the sources is the project's own code: indexed, as the CLI does.
      write('src/lib/Quoter.sol', leech('Quoter', '../base/FeeSettings.sol'));
      // Dependencies (a lib/ at the root, node_modules), tests and hidden folders are not indexed.
      write('lib/dep/src/LibLeech.sol', leech('LibLeech', '../../../src/base/FeeSettings.sol'));
      write('node_modules/pkg/NodeLeech.sol', leech('NodeLeech', '../../src/base/FeeSettings.sol'));
      write('.hidden/HiddenLeech.sol', leech('HiddenLeech', '../src/base/FeeSettings.sol'));
      write('test/TestLeech.sol', leech('TestLeech', '../src/base/FeeSettings.sol'));
      client = await TestClient.start({ root: dir, settings: { debounceMs: 20, logLevel: 'debug', deepAnalysis: { onSave: false, onIdle: false } } });
    });

    it('judges an abstract base opened alone as the CLI does, with what derives from it in unopened files, and indexes no dependency', async () => {
      const expected = cliFindings('src/base/FeeSettings.sol');
      // The premise: the CLI reports `insurer` (line 14) as unset in Checkout, which is in a file nobody opens.
      assert.ok(expected.some((f) => f.ruleId === 'uninitialized-state' && f.range.start.line === 13 && f.message.includes('Checkout')), 'the CLI judges the base within Checkout');
      client.open(uri('src/base/FeeSettings.sol'), FEE_SETTINGS, 1);
      const shown = await latestSatisfies('src/base/FeeSettings.sol', (d) => d.some((x) => x.code === 'uninitialized-state'), 'the base judged with its derived contracts');
      await waitUntil(() => client.logs.some((l) => l.includes('workspace index ready')) || undefined, 'the index to be read', 60_000);
      const last = client.latest(uri('src/base/FeeSettings.sol'))!;
      assert.equal(last.version, 1);
      assert.deepEqual(last.diagnostics.map(key).sort(), expected.map(key).sort(), 'the same findings as the CLI');
      for (const d of last.diagnostics) assert.ok(expected.some((f) => key(f) === key(d) && d.message.startsWith(f.message)), `the same message as the CLI: ${d.message}`);
      assert.ok(shown.diagnostics.some((d) => d.message.includes('Quoter')), 'src/lib/ is part of the sources');
      for (const outside of ['LibLeech', 'NodeLeech', 'HiddenLeech', 'TestLeech']) assert.ok(!last.diagnostics.some((d) => d.message.includes(outside)), `${outside} is not indexed`);
      // The four sources and nothing else were found.
      assert.ok(client.logs.some((l) => l.includes('workspace index: linking sources') && l.includes('files=4 ')), client.logs.filter((l) => l.includes('workspace index')).join('\n'));
      // Published versions only move forward.
      const versions = client.published(uri('src/base/FeeSettings.sol')).map((p) => p.version ?? -1);
      assert.ok(versions.every((v, i) => i === 0 || v >= versions[i - 1]));
    });

    it('re-analyses the open base when a derived file changes, is deleted or created on disk, and only the documents built over it', async () => {
      client.open(uri('src/Unrelated.sol'), UNRELATED, 1);
      await client.diagnosticsFor(uri('src/Unrelated.sol'), 1);
      client.open(uri('src/base/FeeSettings.sol'), FEE_SETTINGS, 1);
      const insurerUnset = (d: Diagnostic[]) => d.some((x) => x.code === 'uninitialized-state' && x.range.start.line === 13 && x.message.includes('Checkout'));
      await latestSatisfies('src/base/FeeSettings.sol', insurerUnset, 'insurer unset in Checkout');
      await waitUntil(() => client.logs.some((l) => l.includes('workspace index ready')) || undefined, 'the index to be read', 60_000);
      const unrelatedPublishes = client.published(uri('src/Unrelated.sol')).length;

      // Checkout now sets the insurer too: the finding naming it goes.
      let n = client.published(uri('src/base/FeeSettings.sol')).length;
      write('src/Checkout.sol', checkout(true));
      watched('src/Checkout.sol', 2);
      await latestSatisfies('src/base/FeeSettings.sol', (d) => !d.some((x) => x.message.includes('Checkout')), 'the base after Checkout.sol changed on disk', n);

      // Checkout deleted: the base is judged without it; created again as it was first, the finding returns.
      n = client.published(uri('src/base/FeeSettings.sol')).length;
      fs.rmSync(file('src/Checkout.sol'));
      watched('src/Checkout.sol', 3);
      await latestSatisfies('src/base/FeeSettings.sol', (d) => !d.some((x) => x.message.includes('Checkout')) && d.some((x) => x.message.includes('Quoter')), 'the base after Checkout.sol was deleted', n);
      n = client.published(uri('src/base/FeeSettings.sol')).length;
      write('src/Checkout.sol', checkout(false));
      watched('src/Checkout.sol', 1);
      await latestSatisfies('src/base/FeeSettings.sol', insurerUnset, 'the base after Checkout.sol was created again', n);

      // A new file deriving from the base, created on disk, is taken in.
      n = client.published(uri('src/base/FeeSettings.sol')).length;
      write('src/More.sol', leech('More', './base/FeeSettings.sol'));
      watched('src/More.sol', 1);
      await latestSatisfies('src/base/FeeSettings.sol', (d) => d.some((x) => x.message.includes('More')), 'the base after More.sol was created', n);

      // The last answer is the CLI's for the files now on disk.
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(client.latest(uri('src/base/FeeSettings.sol'))!.diagnostics.map(key).sort(), cliFindings('src/base/FeeSettings.sol').map(key).sort());
      // A document built over none of these files was never analysed again.
      assert.equal(client.published(uri('src/Unrelated.sol')).length, unrelatedPublishes, 'Unrelated.sol is not re-analysed');
      assert.ok(client.published(uri('src/base/FeeSettings.sol')).every((p) => p.version === 1), 'the base keeps its version');
    });

    it('re-analyses the open base when a derived document is edited in the editor', async () => {
      client.open(uri('src/base/FeeSettings.sol'), FEE_SETTINGS, 1);
      await waitUntil(() => client.logs.some((l) => l.includes('workspace index ready')) || undefined, 'the index to be read', 60_000);
      await latestSatisfies('src/base/FeeSettings.sol', (d) => d.some((x) => x.message.includes('Checkout')), 'insurer unset in Checkout');
      client.open(uri('src/Checkout.sol'), checkout(false), 1);
      await client.diagnosticsFor(uri('src/Checkout.sol'), 1);
      const n = client.published(uri('src/base/FeeSettings.sol')).length;
      client.replaceAll(uri('src/Checkout.sol'), checkout(true));
      await latestSatisfies('src/base/FeeSettings.sol', (d) => !d.some((x) => x.message.includes('Checkout')), 'the base after the unsaved edit of Checkout.sol', n);
    });
  });

  describe('a large workspace', () => {
    beforeEach(async () => {
      dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'synor-index-large-')));
      write('foundry.toml', '[profile.default]\nsrc = "src"\n');
      // Enough sources that linking them takes a few seconds.
      for (let i = 0; i < 2500; i++) write(`src/gen/G${i}.sol`, syntheticContract(40, `G${i}`));
      write('src/Open.sol', UNRELATED);
      client = await TestClient.start({ root: dir, settings: { debounceMs: 20, logLevel: 'debug', deepAnalysis: { onSave: false, onIdle: false } } });
    });

    it('publishes an opened document while the workspace is being indexed, before the index is ready', async () => {
      // Reading has started (a slice has run) and is not finished.
      const linking = (message: string) => message.includes('workspace index slice') && /linked=[1-9]/.test(message);
      await waitUntil(() => client.logs.some(linking) || undefined, 'an index slice', 60_000);
      assert.ok(!client.logs.some((l) => l.includes('workspace index ready')), 'the workspace is still being read');
      client.open(uri('src/Open.sol'), UNRELATED, 1);
      const diags = await client.diagnosticsFor(uri('src/Open.sol'), 1, 60_000);
      assert.ok(diags.some((d) => d.code === 'tx-origin-auth'));
      await waitUntil(() => client.logs.some((l) => l.includes('workspace index ready')) || undefined, 'the index to be read', 120_000);
      const at = (pred: (e: (typeof client.events)[number]) => boolean) => client.events.findIndex(pred);
      const published = at((e) => e.kind === 'diagnostics' && e.uri === uri('src/Open.sol'));
      const ready = at((e) => e.kind === 'log' && e.message.includes('workspace index ready'));
      assert.ok(published < ready, 'the open document was published before the index was read');
      // Slices ran on both sides of the publish: the open went between them, not after them all.
      const slicesAfter = client.events.slice(published).filter((e) => e.kind === 'log' && linking(e.message)).length;
      assert.ok(slicesAfter > 0, 'reading went on after the publish');
      assert.ok(client.logs.some((l) => l.includes('workspace index ready') && l.includes('files=2501 ')));
    });
  });
});
