/**
 * Runs inside VS Code's extension host, against the installed .vsix (see index.ts). Named
 * *.suite.ts so that the root mocha run (test/**\/*.test.ts) does not try to load it in Node.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import * as vscode from 'vscode';

interface SynorApi {
  ready(): Promise<void>;
  serverState(): string;
  statusText(): string;
  reportState(): { html: string; report: Record<string, unknown> | undefined; uri: string } | undefined;
  exportReport(uri: vscode.Uri, format: 'markdown' | 'html' | 'sarif', target: vscode.Uri): Promise<vscode.Uri | undefined>;
  execute<T>(command: string, ...args: unknown[]): Promise<T>;
  findings(): {
    refresh(): Promise<FindingsSnapshot>;
    snapshot(): FindingsSnapshot;
    setState(patch: { groupBy?: 'file' | 'severity' | 'rule'; severities?: string[]; rules?: string[]; triaged?: 'hide' | 'show' | 'only' }): Promise<void>;
  };
  reportTarget(): { contract?: string; function?: string } | undefined;
}

interface FindingsSnapshot {
  groups: Array<{ label: string; description: string; findings: string[] }>;
  description: string | undefined;
  message: string | undefined;
}

async function poll<T>(what: string, check: () => T | Promise<T>, timeoutMs = 30_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs the e2e workspace open');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function open(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
  return vscode.window.showTextDocument(doc);
}

function synorDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'synor');
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

describe('Synor in the extension host', () => {
  let api: SynorApi;

  before(async () => {
    const ext = vscode.extensions.getExtension<SynorApi>('synor.synor');
    assert.ok(ext, 'synor.synor is not installed');
    api = await ext.activate();
    await api.ready();
  });

  it('activates and runs the bundled language server over IPC', () => {
    assert.equal(api.serverState(), 'running');
  });

  it('contributes the solidity language and every Synor command', async () => {
    assert.ok((await vscode.languages.getLanguages()).includes('solidity'));
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['synor.showReport', 'synor.scanWorkspace', 'synor.fixAll', 'synor.measureFunction', 'synor.restartServer']) assert.ok(commands.includes(c), `${c} is not registered`);
    // Server commands that code actions use are proxied.
    assert.ok(commands.includes('synor.showDocumentation'));
  });

  it('publishes diagnostics with the rule id and a docs page shipped in the package', async () => {
    const editor = await open('Vault.sol');
    assert.equal(editor.document.languageId, 'solidity');
    const diags = await poll('diagnostics on Vault.sol', () => {
      const d = synorDiagnostics(editor.document.uri);
      return d.some((x) => codeOf(x) === 'unprotected-selfdestruct') ? d : undefined;
    });
    const selfdestruct = diags.find((d) => codeOf(d) === 'unprotected-selfdestruct')!;
    assert.equal(selfdestruct.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(selfdestruct.range.start.line, 35);
    const target = typeof selfdestruct.code === 'object' ? selfdestruct.code.target : undefined;
    assert.ok(target, 'no codeDescription.href');
    // The rule link opens the rendered page (the client's synor.showDocumentation), not the Markdown source.
    assert.equal(target.scheme, 'command');
    assert.equal(target.path, 'synor.showDocumentation');
    assert.deepEqual(JSON.parse(decodeURIComponent(target.query)), ['unprotected-selfdestruct']);
    const page = vscode.Uri.joinPath(vscode.extensions.getExtension('synor.synor')!.extensionUri, 'docs', 'rules', 'unprotected-selfdestruct.md');
    assert.ok(fs.existsSync(page.fsPath), `the rule page ${page.fsPath} is not in the package`);
    assert.ok(diags.some((d) => codeOf(d) === 'tx-origin-auth' && d.severity === vscode.DiagnosticSeverity.Warning));
  });

  it('shows the counts by severity in the status bar', async () => {
    await open('Vault.sol');
    const text = await poll('status bar counts', () => (/\$\(error\) \d/.test(api.statusText()) ? api.statusText() : undefined));
    assert.match(text, /^\$\(shield\)/);
  });

  it('offers the quick fix, fix-all, suppression and documentation actions', async () => {
    const editor = await open('Vault.sol');
    const diag = await poll('the tx.origin diagnostic', () => synorDiagnostics(editor.document.uri).find((d) => codeOf(d) === 'tx-origin-auth'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, diag.range);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.some((t) => t.startsWith('Compare msg.sender instead of tx.origin')), titles.join(' | '));
    assert.ok(titles.some((t) => /disable|suppress/i.test(t)), titles.join(' | '));
    assert.ok(titles.some((t) => /documentation/i.test(t)), titles.join(' | '));
  });

  it('explains a finding on hover', async () => {
    const editor = await open('Vault.sol');
    const diag = await poll('the selfdestruct diagnostic', () => synorDiagnostics(editor.document.uri).find((d) => codeOf(d) === 'unprotected-selfdestruct'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, diag.range.start.translate(0, 2));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /unprotected-selfdestruct/);
    // The documentation link opens the rendered page, not the Markdown source.
    assert.match(text, /\]\(command:synor\.showDocumentation\?[^)]*unprotected-selfdestruct[^)]*\)/);
    assert.doesNotMatch(text, /\]\(file:[^)]*docs\/rules\//);
  });

  it('renders the contract report with risk, findings, measured gas and fixes', async () => {
    const editor = await open('Vault.sol');
    await vscode.commands.executeCommand('synor.showReport');
    const state = await poll(
      'a report with measured gas',
      () => {
        const s = api.reportState();
        return s && s.html.includes('class="deploy-gas"') ? s : undefined;
      },
      120_000,
    );
    assert.equal(state.uri, editor.document.uri.toString());
    const has = (text: string) => assert.ok(state.html.includes(text), `the report has no ${text}`);
    has(`http-equiv="Content-Security-Policy"`);
    has(`script-src 'nonce-`);
    has(`default-src 'none'`);
    assert.ok(!/(src|href)="https?:|url\(\s*['"]?https?:|@import/.test(state.html), 'the page must not load remote resources');
    for (const text of ['unprotected-selfdestruct', 'id="risk"', 'class="score"', 'EIP-170', 'withdraw(uint256)', 'data-action="apply"', '<svg class="chart"']) has(text);
  });

  it('exports the report as Markdown, HTML and SARIF', async () => {
    const editor = await open('Vault.sol');
    const dir = vscode.Uri.joinPath(editor.document.uri, '..', 'exports');
    await vscode.workspace.fs.createDirectory(dir);
    const sarifUri = await api.exportReport(editor.document.uri, 'sarif', vscode.Uri.joinPath(dir, 'Vault.sarif'));
    assert.ok(sarifUri);
    const sarif = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(sarifUri)).toString('utf8'));
    assert.equal(sarif.version, '2.1.0');
    const results = sarif.runs[0].results as Array<{ ruleId: string }>;
    assert.ok(results.some((r) => r.ruleId === 'unprotected-selfdestruct'));
    const md = Buffer.from(await vscode.workspace.fs.readFile((await api.exportReport(editor.document.uri, 'markdown', vscode.Uri.joinPath(dir, 'Vault.md')))!)).toString('utf8');
    assert.match(md, /^# /m);
    assert.match(md, /unprotected-selfdestruct/);
    const html = Buffer.from(await vscode.workspace.fs.readFile((await api.exportReport(editor.document.uri, 'html', vscode.Uri.joinPath(dir, 'Vault.html')))!)).toString('utf8');
    assert.match(html, /<html/i);
  });

  it('measures the gas of the function at the cursor', async () => {
    const editor = await open('Vault.sol');
    const line = editor.document.getText().split('\n').findIndex((l) => l.includes('function deposit()'));
    const position = new vscode.Position(line + 1, 8);
    const r = await poll(
      'a measurement',
      async () => {
        const x = await vscode.commands.executeCommand<{ status?: string; function?: { gas?: unknown; name?: string } }>('synor.measureFunction', editor.document.uri, position);
        return x?.status === 'pending' ? undefined : x;
      },
      120_000,
    );
    assert.equal(r.status, 'done', JSON.stringify(r));
    assert.equal(r.function?.name, 'deposit');
    assert.equal(typeof r.function?.gas, 'number');
    assert.ok((r.function?.gas as number) > 21_000);
  });

  it('fixes every safely fixable finding of a file with "Fix All in File"', async () => {
    const editor = await open('GasHeavy.sol');
    await poll('diagnostics on GasHeavy.sol', () => synorDiagnostics(editor.document.uri).some((d) => codeOf(d) === 'prefix-increment'));
    const r = await vscode.commands.executeCommand<{ applied?: boolean; fixes?: number }>('synor.fixAll');
    assert.equal(r?.applied, true, JSON.stringify(r));
    const text = editor.document.getText();
    assert.ok(text.includes('++i') && !text.includes('i++'), 'prefix-increment was not fixed');
    assert.ok(text.includes('address internal immutable admin;'), 'immutable-state was not fixed');
    assert.ok(text.includes('uint256[] calldata xs'), 'calldata-params was not fixed');
    // Unsafe fixes (custom errors) are never applied by fix-all.
    assert.ok(text.includes('"only the admin may change the fee of this contract"'), 'an unsafe fix was applied');
    await poll('prefix-increment to go', () => !synorDiagnostics(editor.document.uri).some((d) => codeOf(d) === 'prefix-increment'));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('scans the workspace', async () => {
    const r = await vscode.commands.executeCommand<{ files?: number; findings?: number }>('synor.scanWorkspace');
    assert.ok((r?.files ?? 0) >= 2, JSON.stringify(r));
    assert.ok((r?.findings ?? 0) > 0);
  });

  it('opens a rule\'s documentation rendered (Markdown preview), never as an editable file', async () => {
    await open('Vault.sol');
    await vscode.commands.executeCommand('synor.showDocumentation', 'tx-origin-auth');
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    const preview = await poll('a Markdown preview tab', () => tabs().find((t) => t.input instanceof vscode.TabInputWebview && /markdown/i.test(t.input.viewType)));
    assert.match(preview.label, /tx-origin-auth/);
    assert.ok(!tabs().some((t) => t.input instanceof vscode.TabInputText && t.input.uri.path.endsWith('/docs/rules/tx-origin-auth.md')), 'the source opened as a text editor');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.path.endsWith('/docs/rules/tx-origin-auth.md') && vscode.window.visibleTextEditors.some((e) => e.document === d)));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('lists findings in the Synor: Findings view, grouped by file, severity or rule, with filters', async () => {
    const editor = await open('Vault.sol');
    await poll('diagnostics on Vault.sol', () => synorDiagnostics(editor.document.uri).some((d) => codeOf(d) === 'tx-origin-auth'));
    const view = api.findings();
    await view.setState({ groupBy: 'file', severities: ['high', 'medium', 'low', 'info'], rules: [], triaged: 'hide' });
    const byFile = await poll('Vault.sol in the findings view', async () => {
      const s = await view.refresh();
      return s.groups.some((g) => g.label === 'Vault.sol' && g.findings.some((f) => f.startsWith('tx-origin-auth:'))) ? s : undefined;
    });
    const vault = byFile.groups.find((g) => g.label === 'Vault.sol')!;
    assert.ok(vault.findings.includes('unprotected-selfdestruct:36'), vault.findings.join(', '));
    // Every published diagnostic of the file is listed (Problems and the view agree).
    assert.equal(vault.findings.length, synorDiagnostics(editor.document.uri).length);
    assert.match(byFile.description ?? '', /by file/);

    await view.setState({ groupBy: 'severity' });
    const bySeverity = view.snapshot();
    assert.ok(bySeverity.groups.some((g) => g.label === 'high'));
    assert.ok(bySeverity.groups.find((g) => g.label === 'high')!.findings.includes('unprotected-selfdestruct:36'));
    await view.setState({ groupBy: 'rule' });
    assert.ok(view.snapshot().groups.some((g) => g.label === 'tx-origin-auth'));

    await view.setState({ groupBy: 'file', severities: ['high'] });
    const high = view.snapshot().groups.flatMap((g) => g.findings);
    assert.ok(high.length > 0 && high.includes('unprotected-selfdestruct:36'));
    assert.ok(!high.some((f) => f.startsWith('tx-origin-auth:')), 'tx-origin-auth is medium');
    assert.match(view.snapshot().description ?? '', /high/);
    await view.setState({ severities: ['high', 'medium', 'low', 'info'], rules: ['tx-origin-auth'] });
    assert.deepEqual(view.snapshot().groups.flatMap((g) => g.findings).map((f) => f.split(':')[0]), ['tx-origin-auth']);
    await view.setState({ rules: [] });
  });

  it('shows triaged findings in the view with the decision (hidden from Problems), with a show/hide/only filter', async () => {
    const editor = await open('Vault.sol');
    const uri = editor.document.uri;
    const d = await poll('the tx.origin diagnostic', () => synorDiagnostics(uri).find((x) => codeOf(x) === 'tx-origin-auth'));
    const fingerprint = (d as vscode.Diagnostic & { data?: { fingerprint?: string } }).data?.fingerprint;
    assert.ok(fingerprint, 'the diagnostic carries its fingerprint');
    const view = api.findings();
    await view.setState({ groupBy: 'file', triaged: 'hide' });
    try {
      await api.execute('synor.triage', { uri: uri.toString(), fingerprint, state: 'false-positive', reason: 'owner is a multisig', ruleId: 'tx-origin-auth', message: d.message });
      await poll('tx-origin-auth to leave Problems', () => !synorDiagnostics(uri).some((x) => codeOf(x) === 'tx-origin-auth'));
      const hidden = await poll('the view without it', async () => {
        const s = await view.refresh();
        return s.groups.some((g) => g.label === 'Vault.sol') && !s.groups.flatMap((g) => g.findings).some((f) => f.startsWith('tx-origin-auth')) ? s : undefined;
      });
      assert.match(hidden.message ?? '', /1 triaged finding hidden/);
      await view.setState({ triaged: 'only' });
      assert.deepEqual(view.snapshot().groups.flatMap((g) => g.findings), ['tx-origin-auth:26 [false-positive]']);
      await view.setState({ triaged: 'show' });
      const all = view.snapshot().groups.find((g) => g.label === 'Vault.sol')!;
      assert.ok(all.findings.includes('tx-origin-auth:26 [false-positive]') && all.findings.includes('unprotected-selfdestruct:36'));
      assert.match(all.description, /1 triaged/);
      // The status bar counts what the view and the report count: the triaged finding apart.
      const report = await api.execute<{ report: { summary: { bySeverity: Record<string, number> } } }>('synor.report', { uri: uri.toString() });
      const s = report.report.summary.bySeverity;
      const shown = all.findings.filter((f) => !f.includes('['));
      assert.equal(shown.length, s.high + s.medium + s.low + s.info);
      const status = await poll('the status bar counts to match the report', () => {
        const t = api.statusText();
        const n = (icon: string) => Number(new RegExp(`\\$\\(${icon}\\) (\\d+)`).exec(t)?.[1] ?? 0);
        return n('error') === s.high && n('warning') === s.medium && n('info') === s.low && n('lightbulb') === s.info ? t : undefined;
      });
      assert.match(status, /^\$\(shield\)/);
    } finally {
      const triage = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, '.synor', 'triage.json');
      await vscode.workspace.fs.delete(triage).then(undefined, () => undefined);
      await view.setState({ triaged: 'hide' });
    }
  });

  it('opens the report at a contract from its gas lens (synor.showReport with a target)', async () => {
    const editor = await open('Vault.sol');
    await vscode.commands.executeCommand('synor.showReport', editor.document.uri.toString(), { contract: 'Vault', function: 'withdraw(uint256)' });
    const target = await poll('the report to scroll to Vault.withdraw', () => api.reportTarget(), 120_000);
    assert.deepEqual(target, { contract: 'Vault', function: 'withdraw(uint256)' });
    assert.match(api.reportState()?.html ?? '', /data-function="withdraw\(uint256\)"/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('says in the status bar when the server cannot start, and recovers on restart', async () => {
    const ext = vscode.extensions.getExtension('synor.synor')!;
    const server = vscode.Uri.joinPath(ext.extensionUri, 'server', 'out', 'server.js').fsPath;
    const hidden = `${server}.hidden`;
    fs.renameSync(server, hidden);
    try {
      await open('Vault.sol');
      await vscode.commands.executeCommand('synor.restartServer');
      assert.equal(api.serverState(), 'failed');
      assert.match(api.statusText(), /^\$\(error\) Synor/);
    } finally {
      fs.renameSync(hidden, server);
    }
  });

  it('restarts the server and diagnoses again', async () => {
    await vscode.commands.executeCommand('synor.restartServer');
    assert.equal(api.serverState(), 'running');
    const editor = await open('Vault.sol');
    await poll('diagnostics after the restart', () => synorDiagnostics(editor.document.uri).length > 0);
  });
});
