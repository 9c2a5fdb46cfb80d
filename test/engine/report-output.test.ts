import assert from 'node:assert/strict';
import path from 'node:path';
import { analyze } from '../../engine/src';
import { buildReport, renderHtml, renderJson, renderMarkdown, renderSarif, renderText, type ReportContractGas } from '../../engine/src/report';
import { gasLabel } from '../../engine/src/report/model';

// The report's words and paths: what happened said in words (never a raw state such as
// `not-called`, never "measured" above "not measured") and no absolute local path.
const ROOT = '/home/alice/projects/vault';
const FILE = `${ROOT}/src/Vault.sol`;
const SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Vault {
    function sweep(address payable to) external { to.transfer(address(this).balance); }
}`;

const result = analyze(SOURCE, { path: FILE });
const sources = new Map([[FILE, SOURCE]]);
const gas: ReportContractGas[] = [
  {
    name: 'Vault',
    file: FILE,
    deploy: { gas: 120_000 },
    runtimeSize: 400,
    sizeLimit: 24_576,
    functions: [
      { name: 'sweep', signature: 'sweep(address)', gas: 'not-called' },
      { name: 'pay', signature: 'pay()', gas: 'reverted', revertReason: 'not owner' },
      { name: 'deposit', signature: 'deposit(uint256)', gas: 45_120, stats: { min: 28_020, median: 45_120, max: 45_300, samples: 3 } },
    ],
  },
];
const measured = buildReport({ results: [result], gas, notes: ['compiler: solc 0.8.37 (bundled)'], errors: [{ file: FILE, message: `could not read ${FILE}` }], now: new Date(0) });
const failed = buildReport({ results: [result], notes: ['compiler: solc 0.8.37 (bundled)', 'gas not measured: the file does not compile'], now: new Date(0) });

const renderers = {
  markdown: (r: typeof measured, root?: string) => renderMarkdown(r, { sources, root }),
  html: (r: typeof measured, root?: string) => renderHtml(r, { sources, root }),
  text: (r: typeof measured, root?: string) => renderText(r, { sources, root }),
};

describe('report output', () => {
  for (const [format, render] of Object.entries(renderers)) {
    it(`${format}: paths relative to the project root, none absolute`, () => {
      const out = render(measured, ROOT);
      assert.ok(!out.includes('/home/alice'), `${format} carries an absolute path:\n${out}`);
      assert.match(out, /src\/Vault\.sol/);
    });

    it(`${format}: without a root, paths relative to the files' common folder`, () => {
      const out = render(measured);
      assert.ok(!out.includes('/home/alice'), out);
      assert.match(out, /Vault\.sol/);
    });

    it(`${format}: a file that does not compile says so, and nothing claims gas was measured`, () => {
      const out = render(failed, ROOT);
      assert.match(out, /No gas was measured: the file does not compile|gas not measured: the file does not compile/i);
      assert.doesNotMatch(out, /gas measured in the EVM/i);
      assert.ok(!out.includes('/home/alice'), out);
    });

    if (format !== 'text') {
      it(`${format}: measured states in words`, () => {
        const out = render(measured, ROOT);
        assert.doesNotMatch(out, /not-called/);
        assert.match(out, /not measured \(no call could be made\)/);
        assert.match(out, /reverted \(not owner\)/);
        assert.match(out, /Compiler: solc 0\.8\.37 \(bundled\)\./);
      });
    }
  }

  for (const [format, render] of Object.entries(renderers)) {
    it(`${format}: min / median / max of every measurement, as synor gas prints them`, () => {
      const out = render(measured, ROOT);
      assert.match(out, /28,020 \/ 45,120 \/ 45,300/);
    });
  }

  it('gasLabel never shows a raw state', () => {
    assert.equal(gasLabel({ name: 'f', signature: 'f()', gas: 'not-called' }), 'not measured (no call could be made)');
    assert.equal(gasLabel({ name: 'f', signature: 'f()', gas: 'reverted' }), 'reverted');
  });

  it('Windows paths are shown relative too', () => {
    const win = 'C:\\Users\\alice\\vault\\src\\Vault.sol';
    const r = buildReport({ results: [analyze(SOURCE, { path: win })], now: new Date(0) });
    const out = renderMarkdown(r, { root: 'C:\\Users\\alice\\vault' });
    assert.ok(!out.includes('alice'), out);
    assert.match(out, /src\/Vault\.sol/);
  });

  it('the report view does not say "measured" when the file did not compile', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const model = require(path.resolve(__dirname, '../../client/src/report/model'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const render = require(path.resolve(__dirname, '../../client/src/report/render'));
    const raw = { uri: `file://${FILE}`, version: 1, report: failed, contracts: [], deep: { status: 'done', reason: 'the file does not compile', compiler: { version: '0.8.37', source: 'bundled' } } };
    const html: string = render.renderReportBody(model.toViewModel(raw, 'Vault.sol'));
    assert.doesNotMatch(html, /Gas measured in the EVM/);
    assert.match(html, /No gas measured: the file does not compile/);
  });
});

describe('report: triaged findings', () => {
  it('lists findings triaged away apart, with the decision, and leaves them out of the totals and the risk', () => {
    const r = analyze(SOURCE, { path: FILE });
    assert.ok(r.findings.length >= 2, r.findings.map((f) => f.ruleId).join(', '));
    const [first, ...rest] = r.findings;
    const triagedOne = { ...first, triage: { state: 'false-positive', reason: 'the sweep goes to the treasury | by design' } };
    const confirmed = { ...rest[0], triage: { state: 'confirmed', reason: 'real' } };
    const rep = buildReport({ results: [{ ...r, findings: [triagedOne, confirmed, ...rest.slice(1)] }] });
    assert.equal(rep.summary.findings, r.findings.length - 1);
    assert.deepEqual(rep.triaged?.map((f) => f.ruleId), [first.ruleId]);
    assert.ok(rep.findings.includes(confirmed), 'a confirmed finding stays a finding');
    const md = renderMarkdown(rep, { root: ROOT });
    assert.match(md, /## Triaged/);
    assert.match(md, new RegExp(`\\| src/Vault\\.sol:\\d+ \\| ${first.ruleId} \\| false-positive \\| the sweep goes to the treasury \\\\\\| by design \\|`));
    assert.match(renderHtml(rep, { root: ROOT }), /<h2>Triaged \(1, not counted\)<\/h2>/);
    assert.match(renderText(rep, { root: ROOT }), /triaged \(not counted\): 1/);
    // Machine formats keep it among the findings with its decision; SARIF marks it suppressed.
    const json = JSON.parse(renderJson(rep)) as { findings: Array<{ ruleId: string; triage?: { state: string } }>; summary: { findings: number } };
    assert.equal(json.findings.filter((f) => f.triage?.state === 'false-positive').length, 1);
    assert.equal(json.summary.findings, r.findings.length - 1);
    const sarif = JSON.parse(renderSarif(rep)) as { runs: Array<{ results: Array<{ suppressions?: Array<{ kind: string; justification: string }> }> }> };
    const suppressed = sarif.runs[0].results.filter((x) => x.suppressions);
    assert.equal(suppressed.length, 1);
    assert.deepEqual(suppressed[0].suppressions, [{ kind: 'external', status: 'accepted', justification: 'false-positive: the sweep goes to the treasury | by design' }]);
  });
});
