import assert from 'node:assert/strict';
import path from 'node:path';

/**
 * The report view's HTML, rendered in plain Node (client/src/report has no `vscode` import).
 * Loaded with require() so that the test project's type check does not pull the client's
 * sources into its own compilation.
 */
interface RenderModule {
  renderPage(o: { cspSource: string; nonce: string; title: string; body: string }): string;
  renderReportBody(vm: unknown): string;
  escapeHtml(text: unknown): string;
}
interface ModelModule {
  toViewModel(raw: unknown, fileName: string): { findings: unknown[]; fixes: Array<{ finding: number; fix: number }>; risk: unknown[]; contracts: unknown[]; deep: { status: string } };
  gasSaving(gas: unknown): string | undefined;
}
const root = path.resolve(__dirname, '../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const render = require(path.join(root, 'client/src/report/render')) as RenderModule;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const model = require(path.join(root, 'client/src/report/model')) as ModelModule;

const range = (line: number) => ({ start: { line, character: 4 }, end: { line, character: 20 } });

/** A report as the server sends it (`synor.report`), trimmed to what the view reads. */
const SAMPLE = {
  uri: 'file:///w/Vault.sol',
  version: 3,
  report: {
    generatedAt: '2026-01-01T00:00:00.000Z',
    findings: [
      { ruleId: 'unprotected-selfdestruct', title: 'Anyone can destroy the contract', category: 'security', severity: 'high', confidence: 'high', swc: 'SWC-106', range: range(35), message: 'selfdestruct <script>alert(1)</script> reachable', fixes: [], contract: 'Vault', function: 'close' },
      { ruleId: 'tx-origin-auth', title: 'Authorization through tx.origin', category: 'security', severity: 'medium', confidence: 'high', range: range(25), message: 'uses tx.origin', fixes: [{ title: 'Compare msg.sender', safety: 'unsafe', edits: [{ range: range(25), newText: 'msg.sender' }] }] },
      {
        ruleId: 'immutable-state',
        title: 'State variable could be immutable',
        category: 'gas',
        severity: 'info',
        confidence: 'high',
        range: range(6),
        message: 'owner could be immutable',
        fixes: [{ title: 'Declare owner immutable', safety: 'safe', edits: [{ range: range(6), newText: 'address public immutable owner' }] }],
        gas: { measured: { solc: '0.8.30', optimizer: { enabled: true, runs: 200 }, deploy: { before: 300_000, after: 280_000 }, calls: [{ fn: 'sweep', before: 30_000, after: 27_900 }] } },
      },
    ],
    risk: [{ contract: 'Vault', score: 72.4, level: 'high', explanation: 'Driven by unprotected-selfdestruct.', drivers: [{ ruleId: 'unprotected-selfdestruct', title: 'Anyone can destroy the contract', severity: 'high', count: 1, share: 0.7 }] }],
    notes: ['compiler: solc 0.8.30 (bundled)'],
    errors: [],
  },
  contracts: [
    {
      name: 'Vault',
      kind: 'contract',
      deploy: { gas: 412_345 },
      runtimeSize: 26_000,
      initcodeSize: 27_000,
      sizeLimit: 24_576,
      functions: [
        { name: 'withdraw', signature: 'withdraw(uint256)', selector: '0x2e1a7d4d', gas: 40_000 },
        { name: 'deposit', signature: 'deposit()', selector: '0xd0e30db0', gas: 20_000 },
        { name: 'close', signature: 'close()', selector: '0x43d726d6', gas: 'reverted', revertReason: 'nope' },
      ],
    },
  ],
  deep: { status: 'done', compiler: { version: '0.8.30', source: 'bundled' } },
};

describe('report view rendering (client/src/report)', () => {
  const vm = model.toViewModel(SAMPLE, 'Vault.sol');
  const body = render.renderReportBody(vm);

  it('renders every section: risk, findings by severity, gas with a chart, size against EIP-170, fixes', () => {
    for (const id of ['risk', 'findings', 'gas', 'fixes', 'notes']) assert.match(body, new RegExp(`<section id="${id}"`));
    assert.match(body, /<span class="score"[^>]*>72<\/span>/);
    assert.ok(body.indexOf('unprotected-selfdestruct') < body.indexOf('tx-origin-auth'), 'high before medium');
    assert.match(body, /412,345/);
    assert.match(body, /26,000 \/ 24,576 bytes \(105\.8%\) — over the limit/);
    assert.match(body, /<svg class="chart"/);
    assert.match(body, /reverted: nope/);
    assert.match(body, /measured: saves 2,100 gas over 1 call, 20,000 gas at deployment \(solc 0\.8\.30, optimizer 200 runs\)/);
  });

  it('draws the gas bars in proportion, the largest at full width', () => {
    const widths = [...body.matchAll(/<rect class="bar gas-bar" x="\d+" y="\d+" width="(\d+)"/g)].map((m) => Number(m[1]));
    assert.deepEqual(widths, [360, 180]);
  });

  it('offers an Apply button for every fix with edits, addressed by finding and fix index', () => {
    assert.deepEqual(
      vm.fixes.map((f) => [f.finding, f.fix]),
      [
        [1, 0],
        [2, 0],
      ],
    );
    assert.match(body, /data-action="apply" data-finding="1" data-fix="0"/);
    assert.match(body, /Apply: Compare msg\.sender \(review\)/);
  });

  it('escapes text from the report', () => {
    assert.doesNotMatch(body, /<script>alert/);
    assert.match(body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.equal(render.escapeHtml(`"'<>&`), '&quot;&#39;&lt;&gt;&amp;');
  });

  it('keeps to a strict CSP: a nonce on the only script and style, no inline style attributes, no remote resources', () => {
    const page = render.renderPage({ cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce: 'abc123', title: 'T', body });
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc123'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal((page.match(/<script/g) ?? []).length, 1);
    assert.match(page, /<script nonce="abc123">/);
    assert.match(page, /<style nonce="abc123">/);
    assert.doesNotMatch(page, /\sstyle="/);
    assert.doesNotMatch(page.replace(csp, ''), /https?:\/\//);
    const actions = new Set([...page.matchAll(/data-action="([^"]+)"/g)].map((m) => m[1]));
    assert.deepEqual([...actions].sort(), ['apply', 'docs', 'export', 'refresh', 'reveal']);
  });

  it('renders a partial report: no deep tier, no risk, findings at the top level', () => {
    const partial = model.toViewModel({ findings: [{ ruleId: 'x', severity: 'weird', message: 'm' }], deep: { status: 'pending' } }, 'A.sol');
    assert.equal(partial.findings.length, 1);
    const html = render.renderReportBody(partial);
    assert.match(html, /Compiling; measured gas appears here/);
    assert.match(html, /Informational/, 'an unknown severity is shown as info');
    const empty = render.renderReportBody(model.toViewModel(undefined, 'B.sol'));
    assert.match(empty, /No findings in this file/);
    assert.match(render.renderReportBody(model.toViewModel({ error: 'boom' }, 'C.sol')), /boom/);
  });

  it('draws the Bytecode section: size against EIP-170, compiler, proxy, standards, selectors, the detectors’ findings', () => {
    const raw = {
      ...SAMPLE,
      report: {
        ...SAMPLE.report,
        bytecode: [
          {
            contract: 'Vault',
            file: '/w/Vault.sol',
            runtimeSize: 30_000,
            sizeLimit: 24_576,
            overEip170: true,
            solc: '0.8.37',
            proxy: { kind: 'none', uups: false, evidence: '' },
            standards: [{ standard: 'ERC-20', complete: false, present: 4, total: 6 }],
            selectors: { count: 7, agree: false, missingFromCode: ['close()'], notInAbi: [], payabilityDiffers: [] },
            findings: [{ id: 'unprotected-selfdestruct', title: 'SELFDESTRUCT reachable by anyone', severity: 'high', swc: 'SWC-106', pc: 12, functions: ['close()'], confirmed: true, confirmation: 'code gone', place: { file: '/w/Vault.sol', line: 36, column: 5 }, source: ['unprotected-selfdestruct'], message: 'a <b>caller</b> destroys it' }],
          },
        ],
      },
    };
    const html = render.renderReportBody(model.toViewModel(raw, 'Vault.sol'));
    const section = /<section id="bytecode">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
    assert.match(section, /<h3>Vault<\/h3>/);
    assert.match(section, /30,000 bytes of runtime, 122\.1% of EIP-170&#39;s 24,576: over the limit/);
    assert.match(section, /solc 0\.8\.37/);
    assert.match(section, /ERC-20 \(partial, 4 of 6\)/);
    assert.match(section, /7 dispatched; they differ from the ABI \(not in the code: close\(\)\)/);
    assert.match(section, /SELFDESTRUCT reachable by anyone/);
    assert.match(section, /line 36/);
    assert.match(section, /confirmed in a local EVM/);
    assert.ok(!section.includes('<b>caller</b>'), 'the message is escaped');
    assert.ok(!render.renderReportBody(model.toViewModel(SAMPLE, 'Vault.sol')).includes('id="bytecode"'), 'no section without bytecode');
  });

  it('labels estimates as estimates', () => {
    assert.equal(model.gasSaving({ estimate: { saving: 2100, basis: 'one SLOAD per call' } }), 'estimated: ~2,100 gas (one SLOAD per call)');
    assert.equal(model.gasSaving({ unmeasured: 'the file does not compile' }), 'not measured: the file does not compile');
    assert.equal(model.gasSaving(undefined), undefined);
  });

  it("shows the judge's verdict on a measured fix in the Gas column", () => {
    const tradeOff = 'Measured trade-off (solc 0.8.37, optimizer off): deployment +864; quote(uint256) −87 per call. It pays for its deployment cost after about 10 calls.';
    assert.equal(model.gasSaving({ verdict: { kind: 'trade-off', summary: tradeOff } }), tradeOff);
    assert.equal(model.gasSaving({ measured: { verdict: { kind: 'loss', summary: 'Measured loss: deployment +864' } } }), 'measured, not a saving: Measured loss: deployment +864');
  });
});
