import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { ROOT, TestClient, waitUntil } from './client';

/**
 * What the editor's findings view, status bar, unsafe-fix confirmation and clickable gas lenses
 * ask of the server (issue 12, issue 13's "triaged" filter), over real LSP on stdio.
 */

const GUARDED = `// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

contract Guarded {
    address owner;

    constructor() {
        owner = msg.sender;
    }

    function close(address payable to) external {
        require(tx.origin == owner);
        to.transfer(address(this).balance);
    }

    function pay(address payable to, uint256 amount) external {
        require(msg.sender == owner);
        to.send(amount);
    }

    function deposit() external payable {}
}
`;

const OTHER = `// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

contract Other {
    address public admin;

    function kill() external {
        selfdestruct(payable(msg.sender));
    }
}
`;

interface Entry {
  uri: string;
  ruleId: string;
  severity: string;
  message: string;
  fingerprint?: string;
  range: { start: { line: number } };
  triage?: { state: string; reason: string; author?: string; date?: string };
}
interface Findings {
  files: Array<{ uri: string; findings: Entry[] }>;
  bySeverity: Record<string, number>;
  triaged: number;
}

describe('server: findings view, scan counts, unsafe fixes and gas lens commands', function () {
  this.timeout(240000);
  let client: TestClient;
  let dir: string;
  const findings = (uri?: string) => client.conn.sendRequest('synor/findings', uri ? { uri } : {}) as Promise<Findings>;

  before(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'synor-findings-view-')));
    fs.writeFileSync(path.join(dir, 'Guarded.sol'), GUARDED);
    fs.writeFileSync(path.join(dir, 'Other.sol'), OTHER);
    // Vendored code: analysed for navigation, never listed (synor.showVendoredFindings is off).
    fs.mkdirSync(path.join(dir, 'lib', 'dep'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'lib', 'dep', 'Dep.sol'), OTHER.replace('contract Other', 'contract Dep'));
    // As Synor's VS Code client starts it: that client confirms unsafe fixes itself.
    client = await TestClient.start({ root: dir, initializationOptions: { workspaceTrusted: false, confirmUnsafeFixes: true } });
  });
  after(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('synor/findings lists an open file\'s findings with fingerprint, rule, severity, range and message, as published', async () => {
    const uri = TestClient.uri(path.join(dir, 'Guarded.sol'));
    client.open(uri, GUARDED, 1);
    const diags = await client.diagnosticsFor(uri, 1);
    const r = await findings(uri);
    assert.equal(r.files.length, 1);
    const listed = r.files[0].findings;
    assert.deepEqual(listed.map((f) => f.ruleId).sort(), diags.map((d) => String(d.code)).sort());
    for (const f of listed) {
      assert.match(f.fingerprint ?? '', /^[0-9a-f]{8,64}$/);
      assert.ok(['high', 'medium', 'low', 'info'].includes(f.severity));
      assert.ok(f.message.length > 0);
      const d = diags.find((x) => x.code === f.ruleId && x.range.start.line === f.range.start.line);
      assert.ok(d, `no diagnostic for ${f.ruleId} at line ${f.range.start.line + 1}`);
      assert.equal((d.data as { fingerprint?: string }).fingerprint, f.fingerprint);
    }
    assert.equal(Object.values(r.bySeverity).reduce((a, b) => a + b, 0), diags.length);
    assert.equal(r.triaged, 0);
    // Params are validated like every other request.
    const bad = await client.rawRequest('synor/findings', { uri: 42 });
    assert.equal(bad.error?.code, -32602);
  });

  it('lists a finding triaged away (hidden from Problems) with its decision and reason, and counts it apart', async () => {
    const uri = TestClient.uri(path.join(dir, 'Guarded.sol'));
    const before = await findings(uri);
    const target = before.files[0].findings.find((f) => f.ruleId === 'tx-origin-auth');
    assert.ok(target, before.files[0].findings.map((f) => f.ruleId).join(', '));
    const published = client.published(uri).length;
    await client.conn.sendRequest('workspace/executeCommand', {
      command: 'synor.triage',
      arguments: [{ uri, fingerprint: target.fingerprint, state: 'accepted-risk', reason: 'only the deployer EOA calls close', ruleId: target.ruleId, message: target.message }],
    });
    const again = await waitUntil(() => client.published(uri).length > published && client.published(uri)[client.published(uri).length - 1], 'a new publish after triage');
    assert.ok(!again.diagnostics.some((d: Diagnostic) => d.code === 'tx-origin-auth'), 'hidden from Problems (synor.triagedFindings: hide)');
    const after = await findings(uri);
    const triaged = after.files[0].findings.find((f) => f.fingerprint === target.fingerprint);
    assert.ok(triaged, 'still listed for the findings view');
    assert.equal(triaged.triage?.state, 'accepted-risk');
    assert.equal(triaged.triage?.reason, 'only the deployer EOA calls close');
    assert.match(triaged.triage?.date ?? '', /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(after.triaged, 1);
    // The untriaged counts are what Problems shows.
    assert.equal(Object.values(after.bySeverity).reduce((a, b) => a + b, 0), again.diagnostics.length);
  });

  it('the workspace scan counts what the view and Problems count: triaged and vendored findings left out', async () => {
    const scan = (await client.conn.sendRequest('workspace/executeCommand', { command: 'synor.scanWorkspace', arguments: [{ folders: [TestClient.uri(dir)] }] })) as {
      files: number;
      analysed: number;
      findings: number;
      bySeverity: Record<string, number>;
      byFile: Array<{ uri: string; findings: number }>;
      ms: number;
    };
    assert.equal(scan.files, 2, 'lib/ is not scanned');
    const all = await findings();
    const uris = all.files.map((f) => path.basename(new URL(f.uri).pathname)).sort();
    assert.deepEqual(uris, ['Guarded.sol', 'Other.sol'], 'the scanned file is listed; nothing vendored');
    assert.ok(all.files.find((f) => f.uri.endsWith('Other.sol'))!.findings.some((f) => f.ruleId === 'unprotected-selfdestruct'));
    const untriaged = Object.values(all.bySeverity).reduce((a, b) => a + b, 0);
    assert.equal(scan.findings, untriaged);
    assert.deepEqual(scan.bySeverity, all.bySeverity);
    assert.equal(all.triaged, 1);
    assert.ok(scan.ms >= 0);
  });

  it('an unsafe fix is a command that asks first (synor.applyUnsafeFix with the reason), and synor.applyFix applies it', async () => {
    const uri = TestClient.uri(path.join(dir, 'Other.sol'));
    const text = OTHER.replace('function kill() external {', 'function kill() external {\n        require(tx.origin == admin);');
    client.open(uri, text, 1);
    const diags = await client.diagnosticsFor(uri, 1);
    const d = diags.find((x) => x.code === 'tx-origin-auth');
    assert.ok(d, diags.map((x) => x.code).join(', '));
    const actions = (await client.codeActions(uri, d.range, [d])) as CodeAction[];
    const unsafe = actions.find((a) => /\(review: may change behaviour\)$/.test(a.title));
    assert.ok(unsafe, actions.map((a) => a.title).join(' | '));
    assert.equal(unsafe.edit, undefined, 'no edit that VS Code would open unticked in the Refactor Preview');
    assert.equal(unsafe.data, undefined);
    assert.equal(unsafe.command?.command, 'synor.applyUnsafeFix');
    const arg = unsafe.command!.arguments![0] as { uri: string; version: number; kind: string; index: number; fixIndex: number; title: string; reasons: string[]; finding: string };
    assert.equal(arg.uri, uri);
    assert.equal(arg.version, 1);
    assert.equal(arg.kind, 'fix');
    assert.equal(arg.title, 'Compare msg.sender instead of tx.origin');
    // The dialog says what was found and the rule's reasons (tx-origin-auth gives none today).
    assert.equal(arg.finding, d.message);
    assert.ok(arg.reasons.every((r) => r.trim().length > 0), JSON.stringify(arg.reasons));
    // A stale version is refused; the current one is applied as one versioned edit.
    const stale = (await client.conn.sendRequest('workspace/executeCommand', { command: 'synor.applyFix', arguments: [{ ...arg, version: 0 }] })) as { applied: boolean; reason?: string };
    assert.equal(stale.applied, false);
    assert.match(stale.reason ?? '', /changed/);
    const { title: _t, reasons: _r, finding: _f, ...data } = arg;
    const r = (await client.conn.sendRequest('workspace/executeCommand', { command: 'synor.applyFix', arguments: [data] })) as { applied: boolean; reason?: string };
    assert.deepEqual(r, { applied: true });
    assert.ok(!client.text(uri).includes('tx.origin'), client.text(uri));
    assert.match(client.text(uri), /require\(msg\.sender == admin\)/);
    // Malformed arguments are invalid params.
    const bad = await client.rawRequest('workspace/executeCommand', { command: 'synor.applyFix', arguments: [{ uri, version: 1, kind: 'nonsense' }] });
    assert.equal(bad.error?.code, -32602);
    client.close(uri);
    // A rule that gives its reason: the dialog says it.
    const guarded = TestClient.uri(path.join(dir, 'Guarded.sol'));
    const gd = client.latest(guarded)?.diagnostics.find((x: Diagnostic) => x.code === 'payable-admin');
    assert.ok(gd, 'a payable-admin finding on Guarded.sol');
    const payable = (await client.codeActions(guarded, gd.range, [gd])).find((a) => a.command?.command === 'synor.applyUnsafeFix');
    assert.ok(payable, 'the payable-admin fix asks first');
    assert.deepEqual((payable.command!.arguments![0] as { reasons: string[] }).reasons, ['ether sent with the call by mistake stays in the contract']);
  });

  it('a measured gas lens opens the report at its contract or function (synor.showReport [uri, target])', async function () {
    const counter = path.join(ROOT, 'test', 'fixtures', 'server', 'deep', 'Counter.sol');
    const lensClient = await TestClient.start({ root: path.dirname(counter), settings: { deepAnalysis: { onSave: true, onIdle: false } } });
    try {
      const uri = TestClient.uri(counter);
      lensClient.open(uri, fs.readFileSync(counter, 'utf8'), 1);
      await lensClient.diagnosticsFor(uri, 1);
      type Lens = { range: { start: { line: number } }; command: { title: string; command: string; arguments?: unknown[] } };
      const lenses = async () => (await lensClient.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as Lens[];
      const pending = await lenses();
      assert.ok(pending.length > 0);
      assert.ok(pending.every((l) => l.command.command === ''), 'a status line has nothing to open');
      lensClient.save(uri);
      let measured = await lenses();
      for (let seen = lensClient.codeLensRefreshes; !measured.some((l) => /deploy/.test(l.command.title)); ) {
        await waitUntil(() => lensClient.codeLensRefreshes > seen || undefined, 'a codeLens refresh', 180000);
        seen = lensClient.codeLensRefreshes;
        measured = await lenses();
      }
      const deploy = measured.find((l) => /deploy/.test(l.command.title))!;
      assert.equal(deploy.command.command, 'synor.showReport');
      assert.deepEqual(deploy.command.arguments, [uri, { contract: 'Counter' }]);
      const fn = measured.find((l) => /gas per call|not measured|reverted/.test(l.command.title));
      assert.ok(fn, measured.map((l) => l.command.title).join(' | '));
      assert.equal(fn.command.command, 'synor.showReport');
      const target = fn.command.arguments?.[1] as { contract: string; function: string };
      assert.equal(target.contract, 'Counter');
      assert.match(target.function, /^\w+\(.*\)$/);
    } finally {
      await lensClient.stop();
    }
  });
});
