/**
 * The gas benchmark, in three parts (all by default; `--only` picks one):
 *
 * - fixtures: every gas rule's fixes in `test/rules/<id>/invalid*.sol`
 *   measured in the EVM by the deep tier (real solc, warm), before and after,
 *   in the same realistic scenarios, at both optimizer settings (off, and on
 *   with 200 runs), and judged (engine/src/gas/judge.ts): a saving or a
 *   trade-off is shown with its numbers; a loss or no change is withdrawn.
 * - real: audited contracts from packages installed in node_modules, each
 *   compiled, deployed and every public function called in realistic
 *   scenarios: the share of functions measured (overall, and of those that
 *   need no external system), and every gas hint of the fast tier on them
 *   measured and judged like the fixtures'.
 * - timing: one fix measured on a generated ~500-line contract with a warm
 *   compiler (target: at most 1.5 s).
 *
 * Usage: `npm run bench:gas [-- --only fixtures|real|timing] [--rule <id>] [--real <text>] [--no-hints] [--write-docs] [--json]`
 *   --rule <id>    only this rule's fixtures
 *   --real <text>  only the real contracts whose path contains <text>
 *   --no-hints     real contracts: measure the functions, not the hints
 *   --write-docs   replace the text between `<!-- gas-impact:start -->` and
 *                  `<!-- gas-impact:end -->` in docs/rules/<id>.md with the figures
 *   --json         print the measurements as JSON
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyze, listRules, defaultConfig, Project, type Finding, type FindingGas, type MeasuredGas, type SynorConfig } from '../engine/src';
import { DeepAnalyzer } from '../engine/src/deep';
import { findProjectRoot } from '../engine/src/compile/imports';
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
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const hints = !args.includes('--no-hints');
const realFilter = args.includes('--real') ? args[args.indexOf('--real') + 1] : undefined;
const runs = (part: 'fixtures' | 'real' | 'timing') => !only || only === part;

/** Audited contracts from packages in node_modules (devDependencies), each deployable on its own. */
const REAL = [
  'solmate/src/tokens/WETH.sol',
  'solmate/src/auth/authorities/RolesAuthority.sol',
  'solady/src/tokens/WETH.sol',
  '@openzeppelin/contracts/finance/VestingWallet.sol',
  '@openzeppelin/contracts/governance/TimelockController.sol',
  '@openzeppelin/contracts/access/manager/AccessManager.sol',
  '@openzeppelin/contracts/metatx/ERC2771Forwarder.sol',
  '@safe-global/safe-contracts/contracts/Safe.sol',
  '@safe-global/safe-contracts/contracts/proxies/SafeProxyFactory.sol',
  '@aave/core-v3/contracts/protocol/configuration/PoolAddressesProvider.sol',
  '@account-abstraction/contracts/core/EntryPoint.sol',
  '@sablier/v2-core/src/SablierV2LockupLinear.sol',
  '@balancer-labs/v2-vault/contracts/Vault.sol',
  '@morpho-org/morpho-blue/src/Morpho.sol',
];

interface RealRow {
  file: string;
  contract?: string;
  solc?: string;
  unavailable?: string;
  deployed: boolean;
  runtimeSize?: number;
  functions: number;
  measured: number;
  /** Functions that call other contracts or only the contract itself may call. */
  external: number;
  measuredOwn: number;
  reverted: Array<{ signature: string; reason: string; external: boolean }>;
  hints: Array<{ rule: string; line: number; verdict?: string; unmeasured?: string; summary?: string; ms: number; cpuMs: number }>;
  ms: number;
}

/** How a hint ends up in front of the user after the deep tier: shown with numbers, withdrawn, or unmeasured. */
function fate(g: FindingGas | undefined): 'shown' | 'withdrawn' | 'unmeasured' {
  const k = g?.verdict?.kind;
  if (k === 'saving' || k === 'trade-off') return 'shown';
  if (k === 'loss' || k === 'no-effect') return 'withdrawn';
  return 'unmeasured';
}

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
  verdict?: FindingGas['verdict'];
  ms: number;
}

function delta(before: number | 'reverted', after: number | 'reverted'): string {
  if (typeof before !== 'number' || typeof after !== 'number') return `${before} → ${after}`;
  const d = after - before;
  return `${before.toLocaleString('en-US')} → ${after.toLocaleString('en-US')} (${d > 0 ? '+' : ''}${d.toLocaleString('en-US')})`;
}

/** Calls whose gas changed; unchanged ones are summarised by count. */
function callSummary(m: MeasuredGas, limit = Infinity): string {
  const changed = m.calls.filter((c) => c.before !== c.after || (c.perIteration && c.perIteration.before !== c.perIteration.after));
  const same = m.calls.length - changed.length;
  const parts = changed.slice(0, limit).map((c) => `${c.fn}: ${delta(c.before, c.after)}${c.perIteration ? `, per iteration ${delta(c.perIteration.before, c.perIteration.after)}` : ''}`);
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
  for (const rule of runs('fixtures') ? gasRules : []) {
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
          rows.push({ rule, fixture, line: f.range.start.line + 1, fn: f.function, setting: s.label, measured: gas.measured, unmeasured: gas.unmeasured, verdict: gas.verdict, ms: performance.now() - started });
        }
      }
    }
  }

  // One fix on a ~500-line contract. First with the original not yet compiled (the
  // compiler warm), then as in the editor, where the deep tier has already analysed it.
  // Real contracts: every function in realistic scenarios, and every gas hint measured.
  const real: RealRow[] = [];
  for (const rel of runs('real') ? REAL.filter((r) => !realFilter || r.includes(realFilter)) : []) {
    const file = path.join(ROOT, 'node_modules', rel);
    if (!fs.existsSync(file)) continue;
    const text = fs.readFileSync(file, 'utf8');
    const started = performance.now();
    const req = { path: file, text, trusted: true, timeoutMs: 600_000, scenarioBudgetMs: 120_000 };
    const r = await deep.analyze(req);
    const c = r.contracts.find((x) => x.kind === 'contract');
    const row: RealRow = { file: rel, contract: c?.name, solc: r.compiler?.version, unavailable: r.unavailable, deployed: !!c && 'gas' in c.deploy, runtimeSize: c?.runtimeSize, functions: 0, measured: 0, external: 0, measuredOwn: 0, reverted: [], hints: [], ms: 0 };
    for (const f of c?.functions ?? []) {
      const ext = !!(f.external || f.selfOnly);
      row.functions++;
      if (ext) row.external++;
      if (typeof f.gas === 'number') {
        row.measured++;
        if (!ext) row.measuredOwn++;
      } else row.reverted.push({ signature: f.signature, reason: f.revertReason ?? f.gas, external: ext });
    }
    row.ms = performance.now() - started;
    if (hints && !r.unavailable) {
      const project = new Project({ root: findProjectRoot(file) });
      const found = analyze(text, { path: file, project }).findings.filter((f) => f.category === 'gas' && f.fixes.length > 0);
      for (const f of found) {
        const t = performance.now();
        const c = process.cpuUsage();
        const g = await deep.measureFix(req, f, 0);
        const d = process.cpuUsage(c);
        row.hints.push({ rule: f.ruleId, line: f.range.start.line + 1, verdict: g.verdict?.kind, unmeasured: g.unmeasured, summary: g.verdict?.summary, ms: performance.now() - t, cpuMs: (d.user + d.system) / 1000 });
      }
    }
    real.push(row);
    if (!asJson) process.stderr.write(`bench:gas: ${rel}: ${row.measured}/${row.functions} functions, ${row.hints.length} hints, ${(row.ms / 1000).toFixed(1)} s\n`);
  }

  const big = bigContract();
  const bigFile = path.join(ROOT, 'bench', '_ledger.sol');
  const bigFinding = runs('timing') ? analyze(big, { path: bigFile }).findings.find((f) => f.category === 'gas' && f.fixes.length > 0) : undefined;
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
  const noEffect = judged.filter((j) => j.v.kind === 'no-effect');
  const line = (j: (typeof judged)[number]) => `  ${j.r.rule} ${j.r.fixture}:${j.r.line} [${j.r.setting}]: ${j.v.reasons.join('; ') || 'no change'}`;
  // What the user is shown: a hint offered as a saving must not measure as a loss.
  const fates = { shown: 0, withdrawn: 0, unmeasured: 0 };
  let shownAsLoss = 0;
  for (const r of rows) {
    const f = fate({ verdict: r.verdict, measured: r.measured, unmeasured: r.unmeasured });
    fates[f]++;
    if (f === 'shown' && r.measured && verdict(r.rule, r.measured).kind === 'loss') shownAsLoss++;
  }
  const realHints = real.flatMap((r) => r.hints);
  const realFates = { shown: 0, withdrawn: 0, unmeasured: 0 };
  for (const h of realHints) realFates[fate(h.verdict ? { verdict: { kind: h.verdict as 'saving', summary: '' } } : { unmeasured: h.unmeasured })]++;
  const totals = real.reduce((a, r) => ({ functions: a.functions + r.functions, measured: a.measured + r.measured, external: a.external + r.external, own: a.own + r.measuredOwn }), { functions: 0, measured: 0, external: 0, own: 0 });
  const pct = (a: number, b: number) => (b === 0 ? '–' : `${((100 * a) / b).toFixed(1)}%`);
  if (asJson) {
    console.log(JSON.stringify({ rows, real, realTotals: totals, fates, realFates, shownAsLoss, big: bigResult, losses: losses.map((j) => ({ rule: j.r.rule, fixture: j.r.fixture, line: j.r.line, setting: j.r.setting, reasons: j.v.reasons })), tradeOffs: tradeOffs.map((j) => ({ rule: j.r.rule, fixture: j.r.fixture, line: j.r.line, setting: j.r.setting, reasons: j.v.reasons })) }, null, 2));
  } else {
    if (real.length > 0) {
      console.log('Real contracts from node_modules, every public function in realistic scenarios\n');
      console.log(
        table(
          ['file', 'contract', 'solc', 'measured', 'of those needing no external system', 'runtime bytes', 'hints shown / withdrawn / unmeasured', 's'],
          real.map((r) => [r.file, r.contract ?? '–', r.solc ?? '–', r.unavailable ? `not compiled: ${r.unavailable.slice(0, 60)}…` : `${r.measured}/${r.functions}`, `${r.measuredOwn}/${r.functions - r.external}`, r.runtimeSize ? `${r.runtimeSize}${r.runtimeSize > 24576 ? ' (over EIP-170)' : ''}` : '–', `${r.hints.filter((h) => h.verdict === 'saving' || h.verdict === 'trade-off').length} / ${r.hints.filter((h) => h.verdict === 'loss' || h.verdict === 'no-effect').length} / ${r.hints.filter((h) => !h.verdict).length}`, (r.ms / 1000).toFixed(1)]),
        ),
      );
      console.log(`\nFunctions measured: ${totals.measured} of ${totals.functions} (${pct(totals.measured, totals.functions)}); of the ${totals.functions - totals.external} that need no external system (they call no other contract and are not self-only): ${totals.own} (${pct(totals.own, totals.functions - totals.external)}); target at least 80%.`);
      const left = real.flatMap((r) => r.reverted.filter((x) => !x.external).map((x) => `  ${r.contract}.${x.signature}: ${x.reason}`));
      if (left.length > 0) console.log(`Not measured though they need no external system:\n${left.join('\n')}`);
      if (realHints.length > 0) {
        console.log(`\nGas hints on these contracts: ${realHints.length}; shown with a measured effect: ${realFates.shown}; withdrawn (measured loss or no change): ${realFates.withdrawn}; not measured: ${realFates.unmeasured}.`);
        const un = real.flatMap((r) => r.hints.filter((h) => !h.verdict).map((h) => `  ${r.contract} ${h.rule}:${h.line}: ${h.unmeasured}`));
        if (un.length > 0) console.log(`Not measured:\n${un.slice(0, 20).join('\n')}${un.length > 20 ? `\n  … ${un.length - 20} more` : ''}`);
        // CPU time (both threads) beside wall-clock time: it does not depend on how busy the machine is.
        const times = realHints.map((h) => h.ms).sort((a, b) => a - b);
        const cpu = realHints.map((h) => h.cpuMs).sort((a, b) => a - b);
        const mid = (xs: number[]) => xs[Math.floor(xs.length / 2)].toFixed(0);
        console.log(`Time per fix measurement on these contracts (the original already analysed, as in the editor): median ${mid(times)} ms wall, ${mid(cpu)} ms CPU; max ${times[times.length - 1].toFixed(0)} ms wall, ${cpu[cpu.length - 1].toFixed(0)} ms CPU (target ${TARGET_MS} ms).`);
        const perRule = new Map<string, number[]>();
        for (const h of realHints) perRule.set(h.rule, [...(perRule.get(h.rule) ?? []), h.cpuMs]);
        console.log(`  CPU per rule (median ms): ${[...perRule].sort().map(([r, xs]) => `${r} ${mid(xs.sort((a, b) => a - b))}`).join(', ')}`);
      }
      console.log('');
    }
    if (rows.length === 0 && bigResult.coldMs === undefined) return;
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
    console.log(`\nSavings: ${judged.length - losses.length - tradeOffs.length - noEffect.length}; trade-offs: ${tradeOffs.length}; no change: ${noEffect.length}; losses: ${losses.length} (see engine/src/gas/judge.ts)`);
    console.log(`What the user sees: ${fates.shown} hints shown with a measured effect, ${fates.withdrawn} withdrawn (loss or no change), ${fates.unmeasured} not measured; hints shown as a saving that measure as a loss: ${shownAsLoss}.`);
    if (tradeOffs.length > 0) console.log(`Trade-offs (deployment or a read paid for cheaper calls or fewer slots; a net saving):\n${tradeOffs.map(line).join('\n')}`);
    if (noEffect.length > 0) console.log(`No change under these settings (withdrawn by the deep tier):\n${noEffect.map(line).join('\n')}`);
    console.log(losses.length === 0 ? 'No fix loses gas.' : `Fixes that lose gas under these settings (withdrawn by the deep tier; rule bugs, or settings the rule should not fire for):\n${losses.map(line).join('\n')}`);
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
        `Measured by \`npm run bench:gas\` on this rule's fixtures (solc ${versions.join(', ') || 'unavailable'}, as each fixture's pragma selects; EVM osaka): each fixture deployed and the functions the fix can affect called in realistic scenarios (non-zero arguments, state set up through the contract's own functions, loops at two sizes; see [docs/gas.md](../gas.md)), the fixed version in the same scenarios. Figures are transaction gas (21,000 base, calldata, execution, minus refunds), before → after the fix. The verdict is \`engine/src/gas/judge.ts\`'s: the deep tier withdraws a fix that measures as a loss or as no change.`,
        '',
        '| fixture | solc | optimizer | deploy | calls | verdict |',
        '|---|---|---|---|---|---|',
        ...mine.map((r) => `| ${r.fixture}:${r.line} | ${r.measured?.solc ?? '–'} | ${r.setting.replace('optimizer ', '')} | ${r.measured ? delta(r.measured.deploy.before, r.measured.deploy.after) : `not measured: ${r.unmeasured}`} | ${r.measured ? callSummary(r.measured).replace(/\|/g, '\\|') : ''} | ${r.verdict?.kind ?? '–'} |`),
      ];
      const risen = mine.filter((r) => r.measured && verdict(r.rule, r.measured).kind !== 'saving');
      if (risen.length > 0) body.push('', `Where the verdict is not a saving, the rewrite costs gas (or saves nothing) under those settings on this fixture: the deep tier shows it as a trade-off with its numbers, or withdraws it.`);
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
