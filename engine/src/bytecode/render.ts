/**
 * Bytecode analysis as text, JSON, SARIF 2.1.0 and Markdown, for `synor bytecode`.
 * Plain functions of the analysis: no IO.
 */
import type { BytecodeFinding, Severity } from './detectors';
import type { CrossCheck } from './crosscheck';
import type { BytecodeAnalysis, RecoveredSelector } from './index';
import { bytecodeDescriptors, LEVEL, sarifLog } from '../report/sarif';

/** What was analysed and where it came from, shown above the analysis. */
export interface BytecodeSubject {
  /** A file path, `0x…` (an address), or `<hex>` for code given on the command line. */
  source: string;
  /** The chain address, when the code was read through an RPC. */
  address?: string;
  /** A proxy's implementation (or beacon) read from its slot through the RPC, with that code's analysis when it has code. */
  implementation?: { address: string; slot: string; via: 'slot' | 'beacon'; analysis?: BytecodeAnalysis };
  /** The cross-check with a compiled source (`--source`). */
  crossCheck?: CrossCheck & { file: string; contract: string; compiler?: string };
}

function crossCheckLines(x: NonNullable<BytecodeSubject['crossCheck']>): string[] {
  const out = [`source: ${x.file}, contract ${x.contract}${x.compiler ? ` (solc ${x.compiler})` : ''}`];
  const sel = x.selectors;
  out.push(sel.agree ? '  selectors: the code dispatches exactly the ABI\'s functions' : `  selectors DIFFER: ${sel.missingFromCode.length ? `not in the code: ${sel.missingFromCode.join(', ')}` : ''}${sel.missingFromCode.length && sel.notInAbi.length ? '; ' : ''}${sel.notInAbi.length ? `not in the ABI: ${sel.notInAbi.map((s) => `0x${s}`).join(', ')}` : ''}`);
  if (sel.payabilityDiffers.length) out.push(`  payability differs: ${sel.payabilityDiffers.join(', ')}`);
  if (x.sameBuild === false) out.push('  the code is not this build of the source (other settings or source): findings are not placed');
  for (const m of x.findings) {
    const place = m.bytecode?.place ?? (m.source[0] ? { file: m.source[0].file, start: m.source[0].range.start } : undefined);
    const where = place ? `${place.file}:${place.start.line + 1}` : 'no source place';
    const who = m.both ? `bytecode and source (${m.source.map((f) => f.ruleId).join(', ')})` : m.bytecode ? 'bytecode only' : 'source only';
    out.push(`  ${m.id} at ${where}: ${who}`);
  }
  return out;
}

const DOCS = 'https://github.com/synor-dev/synor/blob/main/docs/bytecode.md';
const RANK: Record<Severity, number> = { high: 3, medium: 2, low: 1, info: 0 };

/** Findings at or above a severity. */
export function findingsAtOrAbove(findings: readonly BytecodeFinding[], level: Severity): BytecodeFinding[] {
  return findings.filter((f) => RANK[f.severity] >= RANK[level]);
}

const hexPc = (pc: number) => `0x${pc.toString(16).padStart(4, '0')}`;
const fnList = (sels: readonly string[]) => sels.map((s) => (s ? `0x${s}` : 'fallback')).join(', ') || '-';

function fnLabel(s: RecoveredSelector): string {
  if (s.signature) return s.signature;
  return s.inputs ? `0x${s.selector}(${s.inputs.join(',')})` : `0x${s.selector}`;
}

function confirmation(f: BytecodeFinding): string {
  if (f.confirmed === true) return 'confirmed in a local EVM';
  if (f.confirmed === false) return 'not confirmed';
  return 'not tried';
}

function summaryLines(a: BytecodeAnalysis): string[] {
  const lines = [
    `kind: ${a.kind} code, ${a.size} bytes${a.kind === 'creation' ? ` (runtime ${a.runtimeSize} bytes at offset ${a.runtimeOffset}${a.constructorArgsSize ? `, ${a.constructorArgsSize} bytes of constructor arguments` : ''})` : ''}`,
    `size: runtime ${a.runtimeSize} of EIP-170's ${24576} bytes${a.overEip170 ? ' — OVER THE LIMIT: it cannot be deployed on mainnet' : ''}${a.overEip3860 ? '; creation code over EIP-3860' : ''}`,
    `compiler: ${a.metadata ? `${a.metadata.solc ? `solc ${a.metadata.solc}` : 'solc (version not recorded)'}${a.metadata.ipfs ? `, metadata ipfs ${a.metadata.ipfs}` : a.metadata.bzzr1 ? `, metadata bzzr1 ${a.metadata.bzzr1}` : a.metadata.bzzr0 ? `, metadata bzzr0 ${a.metadata.bzzr0}` : ''}` : 'no solc metadata'}`,
    `proxy: ${a.proxy.kind}${a.proxy.implementation ? `, implementation ${a.proxy.implementation}` : ''}${a.proxy.slot ? `, slot ${a.proxy.slot}` : ''}${a.proxy.uups ? ' (UUPS implementation)' : ''}`,
    `standards: ${a.standards.map((s) => (s.complete ? s.standard : `${s.standard} (partial: ${s.present}/${s.total})`)).join(', ') || 'none recognised'}`,
  ];
  if (a.cfgStats.truncated) lines.push('note: the exploration hit its budget; findings and selectors may be incomplete');
  if (a.abiError) lines.push(`note: ${a.abiError}`);
  return lines;
}

/** Plain text for a terminal. */
export function renderBytecodeText(a: BytecodeAnalysis, subject: BytecodeSubject): string {
  const out: string[] = [`${subject.source}${subject.address && subject.address !== subject.source ? ` (${subject.address})` : ''}`];
  for (const l of summaryLines(a)) out.push(`  ${l}`);
  if (subject.implementation) out.push(`  implementation (read from ${subject.implementation.via === 'beacon' ? 'the beacon' : `slot ${subject.implementation.slot}`}): ${subject.implementation.address}`);
  out.push('', `functions (${a.selectors.length}):`);
  for (const s of a.selectors) out.push(`  0x${s.selector}  ${(s.stateMutability ?? s.mutability).padEnd(10)}  ${fnLabel(s)}`);
  if (a.storage) {
    out.push('', `storage (${a.storage.length}):`);
    for (const v of a.storage) out.push(`  slot ${v.slot}${v.offset ? ` +${v.offset}` : ''}  ${v.type}${v.writes.length ? `  written by ${fnList(v.writes)}` : ''}`);
  }
  if (subject.crossCheck) out.push('', ...crossCheckLines(subject.crossCheck));
  out.push('', `findings (${a.findings.length}):`);
  for (const f of a.findings) out.push(`  ${f.severity.padEnd(6)} ${f.id}${f.swc ? ` (${f.swc})` : ''} at pc ${hexPc(f.pc)} [${confirmation(f)}]`, `         ${f.message}`);
  if (subject.implementation?.analysis) {
    out.push('', `implementation ${subject.implementation.address}:`);
    out.push(...renderBytecodeText(subject.implementation.analysis, { source: subject.implementation.address }).split('\n').map((l) => (l ? `  ${l}` : l)));
  }
  return out.join('\n') + '\n';
}

/** JSON: the analysis as the engine returns it, with the subject. */
export function renderBytecodeJson(a: BytecodeAnalysis, subject: BytecodeSubject): string {
  return JSON.stringify({ version: 1, tool: { name: 'synor' }, subject, analysis: a }, null, 2) + '\n';
}

/** Markdown for a pull request or an audit note. */
export function renderBytecodeMarkdown(a: BytecodeAnalysis, subject: BytecodeSubject): string {
  const out: string[] = [`# Bytecode analysis: ${subject.source}`, ''];
  for (const l of summaryLines(a)) out.push(`- ${l}`);
  if (subject.implementation) out.push(`- implementation: \`${subject.implementation.address}\``);
  if (subject.crossCheck) out.push('', '## Source cross-check', '', ...crossCheckLines(subject.crossCheck).map((l) => `- ${l.trim()}`));
  out.push('', '## Findings', '');
  if (a.findings.length === 0) out.push('None.');
  else {
    out.push('| Severity | Detector | SWC | pc | Functions | Confirmed |', '|---|---|---|---|---|---|');
    for (const f of a.findings) out.push(`| ${f.severity} | [${f.id}](${DOCS}#${f.id}) | ${f.swc ?? ''} | ${hexPc(f.pc)} | ${fnList(f.selectors)} | ${confirmation(f)} |`);
    out.push('');
    for (const f of a.findings) out.push(`- **${f.id}**: ${f.message}`);
  }
  out.push('', '## Functions', '', '| Selector | Mutability | Signature or arguments |', '|---|---|---|');
  for (const s of a.selectors) out.push(`| \`0x${s.selector}\` | ${s.stateMutability ?? s.mutability} | \`${fnLabel(s)}\` |`);
  if (a.storage) {
    out.push('', '## Storage', '', '| Slot | Offset | Type | Written by |', '|---|---|---|---|');
    for (const v of a.storage) out.push(`| \`${v.slot}\` | ${v.offset} | \`${v.type}\` | ${fnList(v.writes)} |`);
  }
  return out.join('\n') + '\n';
}

/** SARIF 2.1.0 in the report's envelope (report/sarif.ts): one descriptor per bytecode detector; each result located by its byte offset in the analysed code. */
export function renderBytecodeSarif(a: BytecodeAnalysis, subject: BytecodeSubject, version: string): string {
  const uri = subject.source.split('\\').join('/');
  const rules = bytecodeDescriptors();
  const index = new Map(rules.map((d, i) => [d.id, i]));
  const results = a.findings.map((f) => {
    const place = subject.crossCheck?.findings.find((m) => m.bytecode?.pc === f.pc && m.id === f.id)?.bytecode?.place;
    return {
      ruleId: f.id,
      ruleIndex: index.get(f.id),
      level: LEVEL[f.severity],
      message: { text: f.message },
      // The input is hex text (or an address), so a region in it says little: the result points at the
      // input's first line and names the instruction (its pc in the runtime) as a logical location.
      // With a source cross-check, the result is placed in the source (1-based lines and columns).
      locations: [
        place
          ? { physicalLocation: { artifactLocation: { uri: place.file.split('\\').join('/') }, region: { startLine: place.start.line + 1, startColumn: place.start.character + 1, endLine: place.end.line + 1, endColumn: place.end.character + 1 } }, logicalLocations: [{ name: `pc ${hexPc(f.pc)}`, kind: 'instruction' }] }
          : { physicalLocation: { artifactLocation: { uri }, region: { startLine: 1 } }, logicalLocations: [{ name: `pc ${hexPc(f.pc)}`, kind: 'instruction' }] },
      ],
      properties: { pc: f.pc, selectors: f.selectors, ...(f.swc ? { swc: f.swc } : {}), ...(f.confirmed !== undefined ? { confirmed: f.confirmed } : {}) },
    };
  });
  return (
    sarifLog({
      version,
      rules,
      invocation: { successful: a.error === undefined, notifications: a.error ? [{ level: 'error', message: { text: a.error } }] : [] },
      results,
      properties: { kind: a.kind, runtimeSize: a.runtimeSize, proxy: a.proxy.kind, ...(subject.address ? { address: subject.address } : {}) },
    }) + '\n'
  );
}
