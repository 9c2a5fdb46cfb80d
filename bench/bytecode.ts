/**
 * Bytecode analysis benchmark: selector recovery against solc's
 * `evm.methodIdentifiers` over OpenZeppelin contracts (no optimizer, optimizer,
 * via-IR), payability, argument types and state mutability against the ABI
 * (exact and consistent, see typeConsistent / mutabilityConsistent), wall and
 * CPU time per contract with and without the storage layout (largest runtime
 * included), and the bytecode detectors on a few SmartBugs curated files.
 * The contracts and the compile helper are test/helpers/bytecode-contracts.ts,
 * shared with the tests.
 * Prints figures; never gates. Run: npm run bench:bytecode
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyze, type Finding } from '../engine/src';
import { analyzeBytecode, crossCheck, flattenStaticTuples, mutabilityConsistent, SOURCE_COUNTERPARTS, typeConsistent, type CompiledForCrossCheck } from '../engine/src/bytecode';
import { compiledContracts } from '../engine/src/bytecode/compiled';
import type { SolcOutput } from '../engine/src/compile/compile';
import { abiAgreement, compileOz, OZ_ALL, payableAgreement } from '../test/helpers/bytecode-contracts';

const ROOT = path.resolve(__dirname, '..');

async function main() {
  console.log('Bytecode analysis benchmark\n');
  let want = 0;
  let got = 0;
  let extra = 0;
  let payAgree = 0;
  let payTotal = 0;
  const times: Array<{ name: string; size: number; ms: number; cpuMs: number; noStorageMs: number; noStorageCpuMs: number; deepMs: number; deepCpuMs: number; phases: Record<string, number> }> = [];
  // CPU time as well as wall time: on a shared machine the wall clock also counts waiting for a core.
  const cpuSince = (c: NodeJS.CpuUsage) => {
    const d = process.cpuUsage(c);
    return (d.user + d.system) / 1000;
  };
  const agg = { functions: 0, typesExact: 0, typesConsistent: 0, mutabilityExact: 0, mutabilityConsistent: 0, typeProblems: [] as string[], mutabilityProblems: [] as string[] };
  for (const cfg of [{ optimizer: false }, { optimizer: true }, { optimizer: true, viaIR: true }]) {
    const label = cfg.viaIR ? 'optimizer + via-IR' : cfg.optimizer ? 'optimizer (200 runs)' : 'no optimizer';
    const t = performance.now();
    // solc rejects TransparentUpgradeableProxy's immutables through via-IR ("read from but never assigned").
    const compiled = compileOz(OZ_ALL, cfg);
    console.log(`## ${label}: ${compiled.length} contracts compiled in ${Math.round(performance.now() - t)} ms`);
    for (const c of compiled) {
      if (!c.runtime) continue;
      let cpu = process.cpuUsage();
      const r = await analyzeBytecode(c.runtime, { confirm: false });
      const cpuMs = cpuSince(cpu);
      cpu = process.cpuUsage();
      const lean = await analyzeBytecode(c.runtime, { confirm: false, storage: false });
      const noStorageCpuMs = cpuSince(cpu);
      // What the deep tier asks for (selectors, proxy, standards, detectors; no evmole).
      cpu = process.cpuUsage();
      const deep = await analyzeBytecode(c.runtime, { confirm: false, storage: false, types: false });
      const deepCpuMs = cpuSince(cpu);
      const abi = abiAgreement(c, r.selectors, { flattenStaticTuples, typeConsistent, mutabilityConsistent });
      for (const k of ['functions', 'typesExact', 'typesConsistent', 'mutabilityExact', 'mutabilityConsistent'] as const) agg[k] += abi[k];
      agg.typeProblems.push(...abi.typeProblems.map((p) => `${p} (${label})`));
      agg.mutabilityProblems.push(...abi.mutabilityProblems.map((p) => `${p} (${label})`));
      const expected = new Set(Object.values(c.methods));
      const recovered = new Set(r.selectors.map((s) => s.selector));
      const hit = [...expected].filter((s) => recovered.has(s)).length;
      const ex = [...recovered].filter((s) => !expected.has(s));
      want += expected.size;
      got += hit;
      extra += ex.length;
      const pay = payableAgreement(c, r.selectors);
      payAgree += pay.agree;
      payTotal += pay.total;
      times.push({ name: `${c.name} (${label})`, size: r.runtimeSize, ms: r.timings.totalMs, cpuMs, noStorageMs: lean.timings.totalMs, noStorageCpuMs, deepMs: deep.timings.totalMs, deepCpuMs, phases: r.timings });
      const miss = [...expected].filter((s) => !recovered.has(s));
      console.log(`  ${c.name.padEnd(12)} ${String(r.runtimeSize).padStart(6)} B  selectors ${hit}/${expected.size}${ex.length ? ` +${ex.length} extra` : ''}${miss.length ? ` missing ${miss.join(',')}` : ''}  payable ${pay.agree}/${pay.total}${pay.wrong.length ? ` (wrong: ${pay.wrong.join(', ')})` : ''}  proxy ${r.proxy.kind}  standards ${r.standards.filter((s) => s.complete).map((s) => s.standard).join(',') || '-'}  findings ${r.findings.map((f) => f.id.replace('bytecode-', '')).join(',') || '-'}  types ${abi.typesExact}/${abi.functions} exact, ${abi.typesConsistent} consistent  mutability ${abi.mutabilityExact}/${abi.functions} exact, ${abi.mutabilityConsistent} consistent  storage ${r.storage?.length ?? '-'} vars  unresolved ${r.cfgStats.unresolvedJumps}${r.cfgStats.truncated ? ' TRUNCATED' : ''}  ${r.timings.totalMs.toFixed(1)} ms, CPU ${cpuMs.toFixed(0)} ms (explore ${r.timings.exploreMs.toFixed(0)}, evmole ${r.timings.abiMs.toFixed(0)}, without storage ${lean.timings.totalMs.toFixed(0)})`);
    }
  }
  console.log(`\nSelector agreement: ${got}/${want} = ${((100 * got) / want).toFixed(2)}% (extra selectors: ${extra})`);
  console.log(`Payability agreement: ${payAgree}/${payTotal} = ${((100 * payAgree) / payTotal).toFixed(2)}%`);
  const pct = (n: number) => `${n}/${agg.functions} = ${((100 * n) / agg.functions).toFixed(2)}%`;
  console.log(`Argument types (functions the ABI names): exact ${pct(agg.typesExact)}, consistent ${pct(agg.typesConsistent)}`);
  console.log(`State mutability: exact ${pct(agg.mutabilityExact)}, consistent ${pct(agg.mutabilityConsistent)}`);
  for (const p of agg.typeProblems) console.log(`  type inconsistent: ${p}`);
  for (const p of agg.mutabilityProblems) console.log(`  mutability inconsistent: ${p}`);
  times.sort((a, b) => b.size - a.size);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ms = times.map((t) => t.ms).sort((a, b) => a - b);
  console.log(`Time per contract (full): median ${median(ms).toFixed(1)} ms, max ${ms[ms.length - 1].toFixed(1)} ms; largest runtime ${times[0].name} ${times[0].size} B in ${times[0].ms.toFixed(1)} ms`);
  const cpus = times.map((t) => t.cpuMs);
  console.log(`CPU time per contract (full): median ${median(cpus).toFixed(1)} ms, max ${Math.max(...cpus).toFixed(1)} ms; largest runtime ${times[0].cpuMs.toFixed(1)} ms`);
  const leanCpu = times.map((t) => t.noStorageCpuMs);
  console.log(`CPU time per contract (without the storage layout): median ${median(leanCpu).toFixed(1)} ms, max ${Math.max(...leanCpu).toFixed(1)} ms; largest runtime ${times[0].noStorageCpuMs.toFixed(1)} ms`);
  const lean = times.map((t) => t.noStorageMs);
  console.log(`Time per contract (without the storage layout): median ${median(lean).toFixed(1)} ms, max ${Math.max(...lean).toFixed(1)} ms; largest runtime in ${times[0].noStorageMs.toFixed(1)} ms`);
  const deepCpu = times.map((t) => t.deepCpuMs);
  console.log(`CPU time per contract (deep tier: no types, no storage): median ${median(deepCpu).toFixed(1)} ms, max ${Math.max(...deepCpu).toFixed(1)} ms; largest runtime ${times[0].deepCpuMs.toFixed(1)} ms`);
  // The target is for code that can be deployed: up to EIP-170's 24,576 bytes.
  const deployable = times.filter((t) => t.size <= 24576);
  if (deployable.length > 0) {
    const worst = deployable.reduce((a, b) => (b.cpuMs > a.cpuMs ? b : a));
    console.log(`Largest deployable runtime: ${deployable[0].name} ${deployable[0].size} B, with storage ${deployable[0].ms.toFixed(0)} ms wall / ${deployable[0].cpuMs.toFixed(0)} ms CPU; slowest deployable: ${worst.name} ${worst.size} B, ${worst.ms.toFixed(0)} ms wall / ${worst.cpuMs.toFixed(0)} ms CPU`);
  }
  // CPU time counts evmole's worker thread too; wall time overlaps it with the exploration.
  console.log(`Load average while measuring: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} (wall times need an idle machine)`);
  for (const phase of ['exploreMs', 'abiMs', 'abiWaitMs', 'detectMs']) console.log(`  ${phase.padEnd(10)} median ${median(times.map((t) => t.phases[phase] ?? 0)).toFixed(1)} ms, max ${Math.max(...times.map((t) => t.phases[phase] ?? 0)).toFixed(1)} ms`);

  await smartbugs();
  await sourceVsBytecode();
}

/** SmartBugs curated: compile each file with the bundled compiler its pragma allows, run the detectors per category. */
async function smartbugs() {
  const dir = path.resolve(ROOT, '..', 'shared', 'bench', 'smartbugs-curated', 'dataset');
  if (!fs.existsSync(dir)) return console.log('\nSmartBugs curated not found; skipped.');
  const categories: Record<string, string> = { access_control: 'access control', unchecked_low_level_calls: 'unchecked low-level calls' };
  const compilers: Array<[string, string]> = [['0.4', 'solc-0.4.26'], ['0.5', 'solc-0.5.17'], ['0.6', 'solc-0.6.12'], ['0.7', 'solc-0.7.6'], ['0.8', 'solc']];
  console.log('\n## SmartBugs curated (bytecode detectors alone, per category)');
  for (const [cat, label] of Object.entries(categories)) {
    const files = fs.existsSync(path.join(dir, cat)) ? fs.readdirSync(path.join(dir, cat)).filter((f) => f.endsWith('.sol')) : [];
    let compiled = 0;
    let flagged = 0;
    const counts = new Map<string, number>();
    const lines: string[] = [];
    for (const f of files) {
      const text = fs.readFileSync(path.join(dir, cat, f), 'utf8');
      const m = /pragma\s+solidity\s*[\^>=<~ ]*\s*(0\.\d+)/.exec(text);
      const mod = compilers.find(([v]) => v === m?.[1])?.[1] ?? 'solc-0.4.26';
      let contracts: Array<{ name: string; runtime: string }> = [];
      try {
        const solc = require(mod) as { compile(i: string): string; compileStandardWrapper?: (i: string) => string };
        const input = { language: 'Solidity', sources: { [f]: { content: text } }, settings: { outputSelection: { '*': { '*': ['evm.deployedBytecode.object'] } } } };
        const out = JSON.parse((solc.compileStandardWrapper ?? solc.compile)(JSON.stringify(input))) as { contracts?: Record<string, Record<string, { evm: { deployedBytecode: { object: string } } }>> };
        contracts = Object.entries(out.contracts?.[f] ?? {}).map(([name, c]) => ({ name, runtime: c.evm.deployedBytecode.object })).filter((c) => c.runtime.length > 0);
      } catch {
        contracts = [];
      }
      if (contracts.length === 0) {
        lines.push(`  ${f}: did not compile with ${mod}`);
        continue;
      }
      compiled++;
      const ids = new Set<string>();
      for (const c of contracts) {
        const r = await analyzeBytecode(c.runtime, { confirmBudgetMs: 500 });
        for (const x of r.findings) ids.add(`${x.id.replace('bytecode-', '')}${x.confirmed ? '✓' : ''}`);
      }
      if (ids.size) flagged++;
      for (const id of ids) counts.set(id.replace('✓', ''), (counts.get(id.replace('✓', '')) ?? 0) + 1);
      lines.push(`  ${f}: ${[...ids].join(', ') || '-'}`);
    }
    console.log(`### ${label}: ${files.length} files, ${compiled} compiled, ${flagged} with a bytecode finding`);
    console.log(`  by detector (files): ${[...counts].map(([k, v]) => `${k} ${v}`).join(', ') || '-'}`);
    for (const l of lines) console.log(l);
  }
}

const SMARTBUGS = path.resolve(ROOT, '..', 'shared', 'bench', 'smartbugs-curated', 'dataset');
const COMPILERS: Array<[string, string]> = [['0.4', 'solc-0.4.26'], ['0.5', 'solc-0.5.17'], ['0.6', 'solc-0.6.12'], ['0.7', 'solc-0.7.6'], ['0.8', 'solc']];

/** Compiles one file with the bundled compiler its pragma names, with source maps, method identifiers and the AST; undefined when it does not compile. */
function compileWithMaps(f: string, text: string): { mod: string; output?: SolcOutput } {
  const m = /pragma\s+solidity\s*[\^>=<~ ]*\s*(0\.\d+)/.exec(text);
  const mod = COMPILERS.find(([v]) => v === m?.[1])?.[1] ?? 'solc-0.4.26';
  try {
    const solc = require(mod) as { compile(i: string): string; compileStandardWrapper?: (i: string) => string };
    const sel = ['abi', 'evm.deployedBytecode.object', 'evm.deployedBytecode.sourceMap', 'evm.methodIdentifiers'];
    const input = { language: 'Solidity', sources: { [f]: { content: text } }, settings: { outputSelection: { '*': { '': ['ast'], '*': sel } } } };
    const output = JSON.parse((solc.compileStandardWrapper ?? solc.compile)(JSON.stringify(input))) as SolcOutput;
    if (output.errors?.some((e) => e.severity === 'error')) return { mod };
    return { mod, output };
  } catch {
    return { mod };
  }
}

/** 0-based line of a byte offset. */
function lineOfByte(bytes: Buffer, offset: number): number {
  return bytes.subarray(0, Math.min(offset, bytes.length)).toString('utf8').split('\n').length - 1;
}

/**
 * Issue 15's comparison, over every SmartBugs curated file that compiles: per bytecode
 * detector, the source findings of its counterpart rules (SOURCE_COUNTERPARTS) and how many
 * the bytecode finds too, and the bytecode findings with and without a source counterpart.
 * A bytecode finding is matched by its source place (crossCheck: the source map puts its
 * instruction on lines a source finding of its kind overlaps, else in the same function or
 * modifier); a finding the map does not place is matched by the function its selectors name;
 * else it is unmatched. Findings that several contracts of a file share (inherited code) count
 * once per source line.
 */
export async function sourceVsBytecode() {
  if (!fs.existsSync(SMARTBUGS)) return console.log('\nSmartBugs curated not found; comparison skipped.');
  type Row = { source: number; sourceFound: number; bytecode: number; matched: number; unmatched: number };
  const rows = new Map<string, Row>(Object.keys(SOURCE_COUNTERPARTS).map((id) => [id, { source: 0, sourceFound: 0, bytecode: 0, matched: 0, unmatched: 0 }]));
  const only: string[] = [];
  const missed: string[] = [];
  let files = 0;
  let compiledFiles = 0;
  const by = { place: 0, function: 0, selector: 0 };
  const started = performance.now();
  for (const cat of fs.readdirSync(SMARTBUGS).sort()) {
    const catDir = path.join(SMARTBUGS, cat);
    if (!fs.statSync(catDir).isDirectory()) continue;
    for (const f of fs.readdirSync(catDir).filter((x) => x.endsWith('.sol')).sort()) {
      files++;
      const text = fs.readFileSync(path.join(catDir, f), 'utf8');
      const { output } = compileWithMaps(f, text);
      const contracts = output ? compiledContracts(output, f) : [];
      if (contracts.length === 0) continue;
      compiledFiles++;
      const name = `${cat}/${f}`;
      const bytes = Buffer.from(text, 'utf8');
      const src: Finding[] = analyze(text, { path: f }).findings;
      // Functions of the file by line span, to name a place and to match by function.
      const fns = contracts[0].scopes.filter((s) => s.kind === 'function').map((s) => ({ name: s.name || '(fallback/constructor)', from: lineOfByte(bytes, s.start), to: lineOfByte(bytes, s.end), size: s.end - s.start }));
      const fnAt = (line: number) => fns.filter((x) => x.from <= line && line <= x.to).sort((a, b) => a.size - b.size)[0];
      const found = new Set<Finding>();
      const seen = new Set<string>();
      for (const c of contracts) {
        const compiled: CompiledForCrossCheck = { ...c, sources: Object.fromEntries(Object.entries(c.units).map(([i, u]) => [Number(i), { path: u, text: u === f ? text : '' }])) };
        const r = await analyzeBytecode(c.deployedBytecode, { confirm: false, storage: false, types: false });
        const sigOf = new Map(Object.entries(c.methodIdentifiers).map(([sig, sel]) => [sel.toLowerCase(), sig]));
        for (const m of crossCheck(r, compiled, src).findings) {
          const b = m.bytecode;
          if (!b) continue;
          const row = rows.get(b.id);
          if (!row) continue;
          const kinds = SOURCE_COUNTERPARTS[b.id] ?? [];
          const sigs = b.selectors.map((s) => (s === '' ? 'fallback' : (sigOf.get(s) ?? s)));
          let source = m.source;
          let how: keyof typeof by | undefined = source.length === 0 ? undefined : b.place && source.some((x) => x.range.start.line <= b.place!.end.line && b.place!.start.line <= x.range.end.line) ? 'place' : 'function';
          if (!b.place && source.length === 0) {
            // Not placed by the source map: the functions its selectors name.
            const names = new Set(sigs.map((s) => s.slice(0, s.indexOf('(') < 0 ? s.length : s.indexOf('('))));
            source = src.filter((x) => kinds.includes(x.ruleId) && names.has(fnAt(x.range.start.line)?.name ?? ''));
            if (source.length > 0) how = 'selector';
          }
          for (const x of source) found.add(x);
          const key = b.place ? `${b.id}@${b.place.start.line}` : `${b.id}@${c.name}:${b.pc}`;
          if (seen.has(key)) continue;
          seen.add(key);
          row.bytecode++;
          if (how) {
            row.matched++;
            by[how]++;
          } else {
            row.unmatched++;
            const line = b.place ? b.place.start.line + 1 : undefined;
            const fn = line !== undefined ? fnAt(line - 1)?.name : undefined;
            only.push(`  ${b.id.replace('bytecode-', '')}  ${name}:${line ?? '?'}  ${c.name}.${fn ?? sigs.join('|') ?? '?'}  ${b.message}${b.place ? '' : ` (not placed by the source map; reached from ${sigs.join(', ') || 'no function'})`}`);
          }
        }
      }
      for (const [id, row] of rows) {
        const kinds = SOURCE_COUNTERPARTS[id];
        for (const x of src.filter((s) => kinds.includes(s.ruleId))) {
          row.source++;
          if (found.has(x)) row.sourceFound++;
          else missed.push(`  ${id.replace('bytecode-', '')}  ${name}:${x.range.start.line + 1}  ${x.ruleId}  ${fnAt(x.range.start.line)?.name ?? '-'}`);
        }
      }
    }
  }
  console.log(`\n## SmartBugs curated: source rules vs bytecode detectors (${compiledFiles}/${files} files compiled, ${((performance.now() - started) / 1000).toFixed(0)} s)`);
  console.log(`Matched by source place ${by.place}, by enclosing function (source map) ${by.function}, by the function its selectors name ${by.selector}.`);
  console.log(`${'detector'.padEnd(28)} ${'source rules'.padEnd(58)} source  also-bytecode  bytecode  with-source  bytecode-only`);
  for (const [id, r] of rows) {
    const pct = r.source ? ` (${((100 * r.sourceFound) / r.source).toFixed(0)}%)` : '';
    console.log(`${id.replace('bytecode-', '').padEnd(28)} ${(SOURCE_COUNTERPARTS[id].join(', ') || '(none)').padEnd(58)} ${String(r.source).padStart(6)}  ${`${r.sourceFound}${pct}`.padStart(13)}  ${String(r.bytecode).padStart(8)}  ${String(r.matched).padStart(11)}  ${String(r.unmatched).padStart(13)}`);
  }
  console.log(`\nBytecode-only findings (${only.length}): detector, file:line, contract.function, message`);
  for (const l of only) console.log(l);
  console.log(`\nSource findings the bytecode did not find (${missed.length}): detector, file:line, rule, function`);
  for (const l of missed) console.log(l);
  console.log(`Load average: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
}

if (require.main === module) void main();
