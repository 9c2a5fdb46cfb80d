/**
 * Bytecode and source together, when both are present (the deep tier compiled the
 * file): the selectors the code dispatches against the compiler's ABI, and the
 * bytecode findings placed in the source through solc's source map, then merged
 * with the source findings of the same kind at the same place.
 */
import type { Finding } from '../types';
import type { BytecodeFinding } from './detectors';
import type { BytecodeAnalysis } from './index';
import { decodeMetadata } from './metadata';
import { disassemble, fromHexString, indexOfPc } from './opcodes';

/** One contract of solc's standard-JSON output, with what the cross-check needs. */
export interface CompiledForCrossCheck {
  /** `evm.deployedBytecode.object`. */
  deployedBytecode: string;
  /** `evm.deployedBytecode.sourceMap`. */
  deployedSourceMap?: string;
  /** `evm.methodIdentifiers`: signature → selector. */
  methodIdentifiers: Record<string, string>;
  abi?: Array<{ type: string; name?: string; stateMutability?: string }>;
  /** Source files by solc's source index (`sources[path].id`), with their text. */
  sources: Record<number, { path: string; text: string }>;
  /**
   * Byte ranges (`[start, end)`) of the function and modifier bodies by source index, from
   * solc's AST: a bytecode finding with no source finding of its kind on its own lines is
   * merged with one in the same function.
   */
  functions?: Record<number, Array<[number, number]>>;
}

/** A place in a source file; line and character 0-based as in Finding, `offset`/`length` in bytes as in the source map. */
export interface SourcePlace {
  file: string;
  offset: number;
  length: number;
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface MergedFinding {
  /** The bytecode detector's id, or the source rule's when only the source found it. */
  id: string;
  /** The bytecode finding, with the source place of its instruction when the source map gives one. */
  bytecode?: BytecodeFinding & { place?: SourcePlace };
  /** Source findings of the same kind at the same place. */
  source: Finding[];
  /** Found from both: the bytecode and the source agree. */
  both: boolean;
}

export interface CrossCheck {
  /**
   * Whether the analysed code is this build of the contract (the same instructions; pushed
   * values may differ, as immutables and linked libraries fill them at deployment). Only
   * then do the source map's places hold. Undefined when the analysed code was not given.
   */
  sameBuild?: boolean;
  selectors: {
    /** Every ABI function is dispatched and nothing else is. */
    agree: boolean;
    /** ABI functions whose selector the code does not dispatch (signature). */
    missingFromCode: string[];
    /** Selectors the code dispatches that the ABI does not list. */
    notInAbi: string[];
    /** Functions whose payability differs between the ABI and the code. */
    payabilityDiffers: string[];
  };
  /** Bytecode findings with their source places, merged with source findings; then source findings of a mapped kind that the bytecode did not find. */
  findings: MergedFinding[];
}

/**
 * The source rules that look for what each bytecode detector looks for. A
 * bytecode finding and a source finding of these kinds on overlapping lines are
 * one problem seen twice.
 */
export const SOURCE_COUNTERPARTS: Readonly<Record<string, readonly string[]>> = {
  'bytecode-unprotected-selfdestruct': ['unprotected-selfdestruct'],
  'bytecode-delegatecall-calldata': ['controlled-delegatecall'],
  'bytecode-tx-origin-branch': ['tx-origin-auth'],
  'bytecode-unchecked-call': ['unchecked-low-level-call', 'unchecked-send', 'unused-return'],
  'bytecode-unprotected-ether-transfer': ['arbitrary-eth-send'],
  // No source rule looks for a raw SSTORE to an EIP-1967 slot.
  'bytecode-unprotected-upgrade-slot': [],
};

interface MapEntry {
  s: number;
  l: number;
  f: number;
}

/** solc's compressed source map ("s:l:f:j:m;…", empty fields repeat the previous entry), one entry per instruction. */
export function decodeSourceMap(map: string): MapEntry[] {
  const out: MapEntry[] = [];
  let prev: MapEntry = { s: -1, l: -1, f: -1 };
  for (const item of map.split(';')) {
    const [s, l, f] = item.split(':');
    const e: MapEntry = { s: s ? Number(s) : prev.s, l: l ? Number(l) : prev.l, f: f ? Number(f) : prev.f };
    out.push(e);
    prev = e;
  }
  return out;
}

/** Line and character (UTF-16) of a byte offset in a text. */
function positionOf(text: string, bytes: Buffer, offset: number): { line: number; character: number } {
  const before = bytes.subarray(0, Math.min(offset, bytes.length)).toString('utf8');
  const line = before.split('\n').length - 1;
  return { line, character: before.length - (before.lastIndexOf('\n') + 1) };
}

/** Placer of pcs for one compiled contract: the code disassembled and the map decoded once. */
function placer(compiled: CompiledForCrossCheck): (pc: number) => (SourcePlace & { index: number }) | undefined {
  const code = fromHexString(unlinked(compiled.deployedBytecode));
  if (!code || !compiled.deployedSourceMap) return () => undefined;
  const instrs = disassemble(code, decodeMetadata(code)?.start ?? code.length);
  const map = decodeSourceMap(compiled.deployedSourceMap);
  const texts = new Map<number, Buffer>();
  return (pc) => {
    const i = indexOfPc(instrs, pc);
    const e = i < 0 ? undefined : map[i];
    const src = e && e.f >= 0 ? compiled.sources[e.f] : undefined;
    if (!e || !src || e.s < 0) return undefined;
    let bytes = texts.get(e.f);
    if (!bytes) texts.set(e.f, (bytes = Buffer.from(src.text, 'utf8')));
    return { file: src.path, index: e.f, offset: e.s, length: e.l, start: positionOf(src.text, bytes, e.s), end: positionOf(src.text, bytes, e.s + Math.max(0, e.l)) };
  };
}

/** Unlinked library references (`__$…$__`, 40 characters) as zero addresses, so that the code decodes. */
export function unlinked(hex: string): string {
  return hex.replace(/__\$[0-9a-fA-F]{34}\$__/g, '0'.repeat(40));
}

/** The source place of the instruction at `pc` in the deployed code, where the map names a file. */
export function placeOfPc(compiled: CompiledForCrossCheck, pc: number): SourcePlace | undefined {
  const p = placer(compiled)(pc);
  if (!p) return undefined;
  const { index: _index, ...place } = p;
  return place;
}

/** Lines (0-based, inclusive) of the innermost function or modifier of `compiled.functions` holding the place. */
function enclosingLines(compiled: CompiledForCrossCheck, place: SourcePlace & { index: number }): [number, number] | undefined {
  const spans = compiled.functions?.[place.index];
  const src = compiled.sources[place.index];
  if (!spans || !src) return undefined;
  let best: [number, number] | undefined;
  for (const sp of spans) if (sp[0] <= place.offset && place.offset < sp[1] && (!best || sp[1] - sp[0] < best[1] - best[0])) best = sp;
  if (!best) return undefined;
  const bytes = Buffer.from(src.text, 'utf8');
  return [positionOf(src.text, bytes, best[0]).line, positionOf(src.text, bytes, best[1]).line];
}

/** The same opcodes in the same order up to the metadata (immediates aside). */
export function sameInstructions(a: string, b: string): boolean {
  const x = fromHexString(unlinked(a));
  const y = fromHexString(unlinked(b));
  if (!x || !y) return false;
  const ix = disassemble(x, decodeMetadata(x)?.start ?? x.length);
  const iy = disassemble(y, decodeMetadata(y)?.start ?? y.length);
  return ix.length === iy.length && ix.every((ins, i) => ins.op === iy[i].op);
}

const overlaps = (p: SourcePlace, f: Finding) => p.file === f.file && p.start.line <= f.range.end.line && f.range.start.line <= p.end.line;

/**
 * Cross-checks a bytecode analysis of `compiled.deployedBytecode` with the
 * compiler's output and the source findings of the same files: selectors against
 * the ABI, and each bytecode finding placed by the source map and merged with the
 * source findings of its kind on the same lines. Source findings of those kinds
 * that no bytecode finding matched follow, so that each side's misses show.
 */
export function crossCheck(analysis: BytecodeAnalysis, compiled: CompiledForCrossCheck, sourceFindings: readonly Finding[], opts: { runtime?: string } = {}): CrossCheck {
  const sameBuild = opts.runtime === undefined ? undefined : sameInstructions(opts.runtime, compiled.deployedBytecode);
  if (sameBuild === false) compiled = { ...compiled, deployedSourceMap: undefined };
  const expected = new Map(Object.entries(compiled.methodIdentifiers).map(([sig, sel]) => [sel.toLowerCase(), sig]));
  const recovered = new Map(analysis.selectors.map((s) => [s.selector, s]));
  const missingFromCode = [...expected].filter(([sel]) => !recovered.has(sel)).map(([, sig]) => sig).sort();
  const notInAbi = [...recovered.keys()].filter((sel) => !expected.has(sel)).sort();
  const payabilityDiffers: string[] = [];
  for (const [sel, sig] of expected) {
    const r = recovered.get(sel);
    const name = sig.slice(0, sig.indexOf('('));
    const entries = (compiled.abi ?? []).filter((e) => e.type === 'function' && e.name === name);
    // Overloads share a name; only an unambiguous entry is compared.
    if (r && entries.length === 1 && (entries[0].stateMutability === 'payable') !== r.payable) payabilityDiffers.push(sig);
  }

  const used = new Set<Finding>();
  const findings: MergedFinding[] = [];
  const placeOf = placer(compiled);
  for (const b of analysis.findings) {
    const at = placeOf(b.pc);
    const kinds = SOURCE_COUNTERPARTS[b.id] ?? [];
    const ofKind = sourceFindings.filter((f) => kinds.includes(f.ruleId));
    // The same statement first (overlapping lines); failing that, the same function or modifier.
    let source = at ? ofKind.filter((f) => overlaps(at, f)) : [];
    const fn = at && source.length === 0 ? enclosingLines(compiled, at) : undefined;
    if (at && fn) source = ofKind.filter((f) => f.file === at.file && fn[0] <= f.range.start.line && f.range.start.line <= fn[1]);
    for (const f of source) used.add(f);
    const place = at ? (({ index: _index, ...p }) => p)(at) : undefined;
    findings.push({ id: b.id, bytecode: { ...b, ...(place ? { place } : {}) }, source, both: source.length > 0 });
  }
  const mapped = new Set(Object.values(SOURCE_COUNTERPARTS).flat());
  const files = new Set(Object.values(compiled.sources).map((s) => s.path));
  for (const f of sourceFindings) if (!used.has(f) && mapped.has(f.ruleId) && files.has(f.file)) findings.push({ id: f.ruleId, source: [f], both: false });
  return { ...(sameBuild !== undefined ? { sameBuild } : {}), selectors: { agree: missingFromCode.length === 0 && notInAbi.length === 0, missingFromCode, notInAbi, payabilityDiffers }, findings };
}
