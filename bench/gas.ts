/**
 * The gas benchmark: every gas rule's fixes measured in the EVM. For each
 * finding with a fix in `test/rules/<id>/invalid*.sol`, the deep tier compiles
 * the file before and after the fix (real solc, warm), deploys both and calls
 * the affected functions; the table shows the gas before and after and how
 * long each measurement took. Both optimizer settings are measured: off (solc's
 * default) and on with 200 runs. Then one fix is measured on a generated
 * ~500-line contract with a warm compiler (target: at most 1.5 s).
 *
 * A fix that raises gas anywhere is listed at the end: that is a bug in its rule.
 *
 * Usage: `npm run bench:gas [-- --rule <id>] [--write-docs] [--json]`
 *   --rule <id>    only this rule
 *   --write-docs   replace the text between `<!-- gas-impact:start -->` and
 *                  `<!-- gas-impact:end -->` in docs/rules/<id>.md with the figures
 *   --json         print the measurements as JSON
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyze, listRules, defaultConfig, type Finding, type MeasuredGas, type SynorConfig } from '../engine/src';
import { DeepAnalyzer } from '../engine/src/deep';
import { judgeFix } from '../engine/src/gas/judge';

const ROOT = path.resolve(__dirname, '..');
const RULES_DIR = path.join(ROOT, 'test', 'rules');
const TARGET_MS = 1500;
const START = '<!-- gas-impact:start -->';
const END = '<!-- gas-impact:end -->';

const args = process.argv.slice(2);
const onlyRule = args.includes('--rule') ? args[args.indexOf('--rule') + 1] : undefined;
const writeDocs = args.includes('--write-docs');
const asJson = args.includes('--json');

interface Setting {
  label: string;
  config: SynorConfig;
}

const SETTINGS: Setting[] = [
  { label: 'optimizer off', config: { ...defaultConfig(), compiler: { optimizer: { enabled: false, runs: 200 } } } },
  { label: 'optimizer on (200 runs)', config: { ...defaultConfig(), compiler: { optimizer: { enabled: true, runs: 200 } } } },
];

interface Row {
  rule: string;
  fixture: string;
  line: number;
  fn?: string;
  setting: string;
  measured?: MeasuredGas;
  unmeasured?: string;
  ms: number;
}

function delta(before: number | 'reverted', after: number | 'reverted'): string {
  if (typeof before !== 'number' || typeof after !== 'number') return `${before} → ${after}`;
  const d = after - before;
  return `${before.toLocaleString('en-US')} → ${after.toLocaleString('en-US')} (${d > 0 ? '+' : ''}${d.toLocaleString('en-US')})`;
}

/** Calls whose gas changed; unchanged ones are summarised by count. */
function callSummary(m: MeasuredGas, limit = Infinity): string {
  const changed = m.calls.filter((c) => c.before !== c.after);
  const same = m.calls.length - changed.length;
  const parts = changed.slice(0, limit).map((c) => `${c.fn}: ${delta(c.before, c.after)}`);
  if (changed.length > limit) parts.push(`${changed.length - limit} more changed`);
  if (same > 0) parts.push(`${same} call${same === 1 ? '' : 's'} unchanged`);
  return parts.join('; ') || 'no calls';
}

/** What a fix costs where it is not a plain saving; `kind` says whether that is a trade-off or a loss. */
function verdict(rule: string, m: MeasuredGas) {
  return judgeFix(rule, { deploy: m.deploy, calls: m.calls });
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** A ~500-line contract with many functions and one finding of a gas rule in the middle. */
function bigContract(): string {
  const lines: string[] = ['// SPDX-License-Identifier: MIT', 'pragma solidity ^0.8.20;', '', 'contract Ledger {', '    uint256 public feeBasisPoints = 30;', '    address public owner;', '    uint256[] public entries;', '    mapping(address => uint256) public balances;', '    event Moved(address indexed from, address indexed to, uint256 amount);', ''];
  lines.push('    constructor() {', '        owner = msg.sender;', '    }', '');
  for (let i = 0; lines.length < 480; i++) {
    lines.push(
      `    function deposit${i}(uint256 amount) external {`,
      `        uint256 fee = (amount * feeBasisPoints) / 10000;`,
      `        balances[msg.sender] += amount - fee;`,
      `        balances[owner] += fee;`,
      `        emit Moved(address(0), msg.sender, amount);`,
      `    }`,
      '',
      `    function sum${i}() external view returns (uint256 total) {`,
      `        for (uint256 j = 0; j < entries.length; j++) {`,
      `            total += entries[j] + ${i};`,
      `        }`,
      `    }`,
      '',
    );
  }
  lines.push('}', '');
  return lines.join('\n');
}

async function main(): Promise<void> {
  // The built worker, as the extension runs it; its TypeScript source (through tsx) when the build has not run.
  const bundle = path.join(ROOT, 'engine', 'out', 'worker.js');
  const deep = new DeepAnalyzer({ workerPath: fs.existsSync(bundle) ? bundle : path.join(ROOT, 'engine', 'src', 'worker', 'worker.ts') });
  const gasRules = listRules()
    .filter((r) => r.category === 'gas' && (!onlyRule || r.id === onlyRule))
    .map((r) => r.id)
    .sort();
  // Warm every compiler path once, so each measurement below is a warm one.
  for (const s of SETTINGS) await deep.analyze({ path: path.join(ROOT, 'bench', '_warm.sol'), text: 'pragma solidity ^0.8.20;\ncontract W { function f() external {} }\n', config: s.config });

  const rows: Row[] = [];
  for (const rule of gasRules) {
    const dir = path.join(RULES_DIR, rule);
    if (!fs.existsSync(dir)) continue;
    const fixtures = fs.readdirSync(dir).filter((f) => /^invalid.*\.sol$/.test(f) && !f.endsWith('.fixed.sol')).sort();
    for (const fixture of fixtures) {
      const file = path.join(dir, fixture);
      const text = fs.readFileSync(file, 'utf8');
      const findings = analyze(text, { path: file }).findings.filter((f: Finding) => f.ruleId === rule && f.fixes.length > 0);
      for (const f of findings) {
        for (const s of SETTINGS) {
          const started = performance.now();
          const gas = await deep.measureFix({ path: file, text, config: s.config }, f, 0);
          rows.push({ rule, fixture, line: f.range.start.line + 1, fn: f.function, setting: s.label, measured: gas.measured, unmeasured: gas.unmeasured, ms: performance.now() - started });
        }
      }
    }
  }

  // One fix on a ~500-line contract. First with the original not yet compiled (the
  // compiler warm), then as in the editor, where the deep tier has already analysed it.
  const big = bigContract();
  const bigFile = path.join(ROOT, 'bench', '_ledger.sol');
  const bigFinding = analyze(big, { path: bigFile }).findings.find((f) => f.category === 'gas' && f.fixes.length > 0);
  let bigResult: { lines: number; rule?: string; coldMs?: number; warmMs?: number; coldCpuMs?: number; warmCpuMs?: number; measured?: MeasuredGas; unmeasured?: string } = { lines: big.split('\n').length };
  if (bigFinding) {
    // CPU time (all threads of this process; the main thread only waits) does not depend on
    // how busy the machine is, so it is shown beside the wall-clock time.
    const cpuMs = (from: NodeJS.CpuUsage) => {
      const d = process.cpuUsage(from);
      return (d.user + d.system) / 1000;
    };
    let t = performance.now();
    let c = process.cpuUsage();
    const g1 = await deep.measureFix({ path: bigFile, text: big }, bigFinding, 0);
    const coldMs = performance.now() - t;
    const coldCpuMs = cpuMs(c);
    // As in the editor: the deep tier analysed the file on save, then a quick fix asks for its gas.
    const edited = big.replace('// SPDX-License-Identifier: MIT', '// SPDX-License-Identifier: MIT\n// saved');
    const savedFinding = analyze(edited, { path: bigFile }).findings.find((f) => f.ruleId === bigFinding.ruleId && f.fixes.length > 0)!;
    await deep.analyze({ path: bigFile, text: edited });
    t = performance.now();
    c = process.cpuUsage();
    await deep.measureFix({ path: bigFile, text: edited }, savedFinding, 0);
    const warmMs = performance.now() - t;
    const warmCpuMs = cpuMs(c);
    bigResult = { lines: bigResult.lines, rule: bigFinding.ruleId, coldMs, warmMs, coldCpuMs, warmCpuMs, measured: g1.measured, unmeasured: g1.unmeasured };
  }
  await deep.dispose();

  const judged = rows.filter((r) => r.measured).map((r) => ({ r, v: verdict(r.rule, r.measured!) }));
  const losses = judged.filter((j) => j.v.kind === 'loss');
  const tradeOffs = judged.filter((j) => j.v.kind === 'trade-off');
  const line = (j: (typeof judged)[number]) => `  ${j.r.rule} ${j.r.fixture}:${j.r.line} [${j.r.setting}]: ${j.v.reasons.join('; ')}`;
  if (asJson) {
    console.log(JSON.stringify({ rows, big: bigResult, losses: losses.map((j) => ({ rule: j.r.rule, fixture: j.r.fixture, line: j.r.line, setting: j.r.setting, reasons: j.v.reasons })), tradeOffs: tradeOffs.map((j) => ({ rule: j.r.rule, fixture: j.r.fixture, line: j.r.line, setting: j.r.setting, reasons: j.v.reasons })) }, null, 2));
  } else {
    console.log('Gas fixes measured in the EVM (transaction gas: 21,000 base + calldata + execution − refund)');
    // Timings depend on what else runs; say how busy the machine was.
    console.log(`machine: ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (1, 5, 15 min)\n`);
    console.log(
      table(
        ['rule', 'fixture:line', 'settings', 'deploy before → after', 'calls', 'ms'],
        rows.map((r) => [r.rule, `${r.fixture}:${r.line}`, `solc ${r.measured?.solc ?? '–'}, ${r.setting}`, r.measured ? delta(r.measured.deploy.before, r.measured.deploy.after) : `unmeasured: ${r.unmeasured}`, r.measured ? callSummary(r.measured) : '', r.ms.toFixed(0)]),
      ),
    );
    const times = rows.map((r) => r.ms).sort((a, b) => a - b);
    if (times.length) console.log(`\n${rows.length} measurements; median ${times[Math.floor(times.length / 2)].toFixed(0)} ms, max ${times[times.length - 1].toFixed(0)} ms`);
    console.log(`\n~500-line contract (${bigResult.lines} lines), fix of ${bigResult.rule ?? '(no gas finding)'}:`);
    if (bigResult.coldMs !== undefined) {
      const verdict = (ms: number) => (ms <= TARGET_MS ? 'within' : 'over');
      console.log(`  original not yet compiled: ${bigResult.coldMs.toFixed(0)} ms wall, ${bigResult.coldCpuMs!.toFixed(0)} ms CPU (${verdict(bigResult.coldMs)} the ${TARGET_MS} ms target)`);
      console.log(`  original already analysed (the editor's case): ${bigResult.warmMs!.toFixed(0)} ms wall, ${bigResult.warmCpuMs!.toFixed(0)} ms CPU (${verdict(bigResult.warmMs!)} the ${TARGET_MS} ms target)`);
      if (bigResult.measured) console.log(`  deploy ${delta(bigResult.measured.deploy.before, bigResult.measured.deploy.after)}; ${callSummary(bigResult.measured, 4)}`);
      else console.log(`  unmeasured: ${bigResult.unmeasured}`);
    }
    console.log(`\nSavings: ${judged.length - losses.length - tradeOffs.length}; trade-offs: ${tradeOffs.length}; losses: ${losses.length} (see engine/src/gas/judge.ts)`);
    if (tradeOffs.length > 0) console.log(`Trade-offs (deployment or a read paid for cheaper calls or fewer slots; a net saving):\n${tradeOffs.map(line).join('\n')}`);
    console.log(losses.length === 0 ? 'No fix loses gas.' : `Fixes that lose gas under these settings (rule bugs, or settings the rule should not fire for):\n${losses.map(line).join('\n')}`);
  }

  if (writeDocs) {
    let written = 0;
    for (const rule of gasRules) {
      const doc = path.join(ROOT, 'docs', 'rules', `${rule}.md`);
      if (!fs.existsSync(doc)) continue;
      const text = fs.readFileSync(doc, 'utf8');
      const a = text.indexOf(START);
      const b = text.indexOf(END);
      if (a < 0 || b < a) continue;
      const mine = rows.filter((r) => r.rule === rule);
      if (mine.length === 0) continue;
      // Fixtures may pin different compilers; each row names its own.
      const versions = [...new Set(mine.map((r) => r.measured?.solc).filter((v): v is string => !!v))].sort();
      const body = [
        `Measured by \`npm run bench:gas\` on this rule's fixtures (solc ${versions.join(', ') || 'unavailable'}, as each fixture's pragma selects; EVM osaka), each fixture deployed and its affected functions called with zero arguments. Figures are transaction gas (21,000 base, calldata, execution, minus refunds), before → after the fix.`,
        '',
        '| fixture | solc | optimizer | deploy | calls |',
        '|---|---|---|---|---|',
        ...mine.map((r) => `| ${r.fixture}:${r.line} | ${r.measured?.solc ?? '–'} | ${r.setting.replace('optimizer ', '')} | ${r.measured ? delta(r.measured.deploy.before, r.measured.deploy.after) : `not measured: ${r.unmeasured}`} | ${r.measured ? callSummary(r.measured).replace(/\|/g, '\\|') : ''} |`),
      ];
      const risen = mine.filter((r) => r.measured && verdict(r.rule, r.measured).kind !== 'saving');
      if (risen.length > 0) body.push('', `Where a figure rises, the rewrite costs gas under those settings on this fixture; weigh it before applying.`);
      const out = text.slice(0, a + START.length) + '\n' + body.join('\n') + '\n' + text.slice(b);
      if (out !== text) {
        fs.writeFileSync(doc, out);
        written++;
      }
    }
    console.log(`\n--write-docs: updated the gas impact of ${written} rule page(s)`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
