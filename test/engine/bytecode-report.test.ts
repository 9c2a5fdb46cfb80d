/**
 * The report's "Bytecode" section: a file compiled by real solc through the
 * deep tier, its bytecode analysed, and the report rendered in every format
 * (Markdown, HTML, text, JSON, SARIF) with size against EIP-170, the compiler
 * from the metadata, proxy kind, standards, selector agreement and the
 * bytecode findings with their confirmation.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyze, buildReport, renderHtml, renderJson, renderMarkdown, renderSarif, renderText, type Report } from '../../engine/src';
import { mergeFindings } from '../../engine/src/deep';
import { ResultCache, runAnalyze } from '../../engine/src/deep/run';
import type { DeepResult } from '../../engine/src/deep';

const SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Coin {
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;
    uint256 public totalSupply;
    address owner;
    constructor() { owner = msg.sender; balanceOf[msg.sender] = totalSupply = 1000; }
    function transfer(address to, uint256 v) external returns (bool) { balanceOf[msg.sender] -= v; balanceOf[to] += v; return true; }
    function approve(address s, uint256 v) external returns (bool) { allowance[msg.sender][s] = v; return true; }
    function transferFrom(address f, address to, uint256 v) external returns (bool) { allowance[f][msg.sender] -= v; balanceOf[f] -= v; balanceOf[to] += v; return true; }
    function retire() external { selfdestruct(payable(msg.sender)); }
    function upgrade(address a) external {
        assembly { sstore(0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc, a) }
    }
}
`;

describe('bytecode: the report section', function () {
  this.timeout(300_000);
  let dir: string;
  let file: string;
  let deep: DeepResult;
  let report: Report;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-bytecode-report-'));
    file = path.join(dir, 'Coin.sol');
    fs.writeFileSync(file, SOURCE);
    deep = await runAnalyze({ path: file, text: SOURCE, measure: false }, { cancelled: () => false, cache: new ResultCache(2) });
    assert.equal(deep.unavailable, undefined);
    const result = analyze(SOURCE, { path: file });
    result.findings = mergeFindings(result.findings, deep);
    report = buildReport({ results: [result], bytecode: deep.bytecode, now: new Date('2026-01-01T00:00:00Z') });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the report model carries the section only when bytecode was analysed', () => {
    assert.equal(report.bytecode?.length, 1);
    assert.equal(buildReport({ results: [analyze(SOURCE, { path: file })] }).bytecode, undefined);
    const c = report.bytecode![0];
    assert.equal(c.contract, 'Coin');
    assert.ok(c.standards.some((s) => s.standard === 'ERC-20' && s.complete), JSON.stringify(c.standards));
  });

  it('markdown: a Bytecode section with size, compiler, proxy, standards, selectors and findings', () => {
    const md = renderMarkdown(report);
    const section = md.slice(md.indexOf('## Bytecode'), md.indexOf('## Findings'));
    assert.ok(section.startsWith('## Bytecode'), 'the section comes before the findings');
    const c = report.bytecode![0];
    assert.match(section, new RegExp(`\\*\\*Size:\\*\\* ${c.runtimeSize.toLocaleString('en-US')} bytes of runtime, ${((100 * c.runtimeSize) / 24576).toFixed(1)}% of EIP-170's 24,576`));
    assert.match(section, new RegExp(`\\*\\*Compiler:\\*\\* solc ${deep.compiler!.version.replace(/\+.*/, '').replace(/\./g, '\\.')} \\(from the metadata, ipfs Qm`));
    assert.match(section, /\*\*Proxy:\*\* none/);
    assert.match(section, /\*\*Standards:\*\* ERC-20/);
    assert.match(section, /\*\*Selectors:\*\* \d+ dispatched; they agree with the ABI/);
    // The selfdestruct is found by the source rule too, and confirmed in a local EVM.
    const sd = section.split('\n').find((l) => l.includes('`bytecode-unprotected-selfdestruct`'))!;
    assert.ok(sd, section);
    assert.match(sd, /\| high \| Coin\.sol:12:\d+ \| `retire\(\)` \| unprotected-selfdestruct \| confirmed in a local EVM \|/);
    // The upgrade slot write has no source counterpart; a stranger's call rewrote the slot in a local EVM.
    const up = section.split('\n').find((l) => l.includes('`bytecode-unprotected-upgrade-slot`'))!;
    assert.match(up, /\| Coin\.sol:14:\d+ \| `upgrade\(address\)` \| none \(bytecode only\) \| confirmed in a local EVM \|/);
    // And the findings list holds the bytecode-only finding once, with the source finding's evidence.
    assert.match(md, /`bytecode-unprotected-upgrade-slot` \/ `bytecode`/);
    assert.match(md, /Confirmed in bytecode: bytecode-unprotected-selfdestruct at pc 0x[0-9a-f]{4} in Coin, confirmed in a local EVM\./);
  });

  it('html: the same section, escaped, before the notes and findings', () => {
    const html = renderHtml(report);
    const at = html.indexOf('<h2>Bytecode</h2>');
    assert.ok(at > 0 && at < html.indexOf('<h2>Findings'));
    assert.match(html, /<h3>Coin <small>Coin\.sol<\/small><\/h3><table class="bytecode-facts"><tr><th>Size<\/th>/);
    assert.match(html, /<th>Selectors<\/th><td>\d+ dispatched; they agree with the ABI<\/td>/);
    assert.match(html, /<td><code>bytecode-unprotected-selfdestruct<\/code> SWC-106<\/td><td class="sev high">high<\/td>.*?<td>confirmed in a local EVM<\/td>/);
    assert.match(html, /EIP-170&#39;s 24,576/);
  });

  it('text and JSON carry it too', () => {
    const text = renderText(report);
    assert.match(text, /Coin bytecode: size [\d,]+ bytes of runtime.*selectors \d+ dispatched; they agree with the ABI/);
    assert.match(text, /high {3}bytecode-unprotected-upgrade-slot at Coin\.sol:14:\d+ \(upgrade\(address\)\): bytecode only, confirmed in a local EVM/);
    // The bytecode-only finding is the contract's, for the risk score too.
    assert.doesNotMatch(text, /risk \(file level\)/);
    const json = JSON.parse(renderJson(report));
    assert.equal(json.bytecode[0].contract, 'Coin');
    assert.equal(json.bytecode[0].selectors.agree, true);
    assert.equal(JSON.parse(renderJson(buildReport({ results: [] }))).bytecode, undefined);
  });

  it('sarif: the detectors are rules of the log, results point into the source, and the run says what the code shows', () => {
    const log = JSON.parse(renderSarif(report));
    const run = log.runs[0];
    const rules = run.tool.driver.rules as Array<{ id: string; helpUri: string }>;
    const up = run.results.find((r: { ruleId: string }) => r.ruleId === 'bytecode-unprotected-upgrade-slot');
    assert.ok(up);
    assert.equal(rules[up.ruleIndex].id, 'bytecode-unprotected-upgrade-slot');
    assert.match(rules[up.ruleIndex].helpUri, /docs\/bytecode\.md#bytecode-unprotected-upgrade-slot$/);
    assert.equal(up.locations[0].physicalLocation.region.startLine, 14);
    const sd = run.results.find((r: { ruleId: string }) => r.ruleId === 'unprotected-selfdestruct');
    assert.equal(sd.properties.bytecode.detector, 'bytecode-unprotected-selfdestruct');
    assert.equal(sd.properties.bytecode.confirmed, true);
    assert.equal(run.properties.bytecode[0].contract, 'Coin');
    assert.equal(run.properties.bytecode[0].selectors.agree, true);
    // Without bytecode, the log has only the source rules.
    const plain = JSON.parse(renderSarif(buildReport({ results: [analyze(SOURCE, { path: file })] })));
    assert.ok(!plain.runs[0].tool.driver.rules.some((r: { id: string }) => r.id.startsWith('bytecode-')));
    assert.equal(plain.runs[0].properties, undefined);
  });
});
