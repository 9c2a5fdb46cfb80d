/**
 * Stable fingerprints of findings: an id that survives edits which do not touch
 * what a finding is about, so that baselines and triage decisions keep
 * matching (docs/baseline.md says exactly what changes one).
 *
 * A fingerprint is a hash of: the rule and message id; the enclosing contract's
 * name; the enclosing function or modifier by signature (name and parameter
 * types, never its line); the flagged code with comments and layout removed;
 * and the occurrence index among findings equal in all of these. The file's
 * path and every line or column number are left out on purpose.
 */
import { createHash } from 'node:crypto';
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import type { ParsedFile } from './parse';
import type { Finding } from './types';

/** The version of the scheme; a new one gets a new SARIF `partialFingerprints` key. */
export const FINGERPRINT_VERSION = 'synor/v1';

/**
 * Message ids renamed since fingerprints were first written, by `rule/new id`:
 * a finding keeps hashing under its old id, so a rename loses no baseline entry
 * or triage decision.
 */
const RENAMED_MESSAGES: Readonly<Record<string, string>> = {
  'oracle-checks/answer-only-read': 'deprecated-chainlink-api',
};

/** What a fingerprint is made of, before hashing (exported for tests and the benchmark). */
export interface FingerprintParts {
  rule: string;
  messageId: string;
  contract: string;
  function: string;
  code: string;
}

interface Scope {
  start: number;
  /** Exclusive end offset. */
  end: number;
  /** Where the body begins (its `{`), when it has one. */
  bodyStart?: number;
  kind: 'contract' | 'function';
  name: string;
}

/**
 * Sets `fingerprint` on every finding of one file, from the parse of exactly
 * the text the findings were reported on. Findings are taken in the order given
 * (the engine's is by position), which decides occurrence indexes.
 */
export function assignFingerprints(findings: Finding[], parsed: ParsedFile, options: { onlyMissing?: boolean } = {}): void {
  const scopes = collectScopes(parsed);
  const seen = new Map<string, number>();
  for (const f of findings) {
    // Findings added after the analysis (the compiler's, with --measure) get theirs here, counted among themselves.
    if (options.onlyMissing && f.fingerprint) continue;
    const parts = fingerprintParts(f, parsed, scopes);
    const key = JSON.stringify(parts);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    f.fingerprint = hashParts(parts, n);
  }
}

/** The parts of one finding's fingerprint; `scopes` is what `collectScopes` returned for the same parse. */
export function fingerprintParts(f: Finding, parsed: ParsedFile, scopes: Scope[] = collectScopes(parsed)): FingerprintParts {
  const text = parsed.text;
  const s = clamp(parsed.lines.offsetAt(f.range.start), text.length);
  const e = Math.max(s, clamp(parsed.lines.offsetAt(f.range.end), text.length));
  const { contract, fn } = enclosingScopes(scopes, s);
  // A finding on a whole contract or function is about its declaration: only its header
  // counts, so that edits inside the body do not move it.
  let end = e;
  for (const sc of [contract, fn]) {
    if (sc && sc.bodyStart !== undefined && s <= sc.start && e > sc.bodyStart) end = Math.min(end, sc.bodyStart);
  }
  return {
    rule: f.ruleId,
    messageId: RENAMED_MESSAGES[`${f.ruleId}/${f.messageId}`] ?? f.messageId,
    contract: contract?.name ?? '',
    function: fn?.name ?? '',
    code: normaliseCode(text.slice(s, end)),
  };
}

/** Scopes of one kind by start, and whether two of them overlap (a tree error recovery built oddly). */
interface ScopeList {
  list: Scope[];
  overlapping: boolean;
}
const scopeLists = new WeakMap<Scope[], { contracts: ScopeList; functions: ScopeList }>();

/**
 * The contract and the function whose text holds offset `s`: the last scope of each kind (in
 * `collectScopes`'s order) that holds it. Found by binary search where a kind's scopes do not
 * overlap, which a file of thousands of functions and findings needs (a scan per finding was
 * most of a large file's fingerprinting).
 */
function enclosingScopes(scopes: Scope[], s: number): { contract?: Scope; fn?: Scope } {
  let lists = scopeLists.get(scopes);
  if (!lists) {
    const of = (kind: Scope['kind']): ScopeList => {
      const list = scopes.filter((sc) => sc.kind === kind);
      let overlapping = false;
      for (let i = 1; i < list.length && !overlapping; i++) overlapping = list[i].start < list[i - 1].end || list[i].start < list[i - 1].start;
      return { list, overlapping };
    };
    scopeLists.set(scopes, (lists = { contracts: of('contract'), functions: of('function') }));
  }
  const find = ({ list, overlapping }: ScopeList): Scope | undefined => {
    if (overlapping) {
      let found: Scope | undefined;
      for (const sc of list) if (sc.start <= s && s < sc.end) found = sc;
      return found;
    }
    let lo = 0;
    let hi = list.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].start <= s) (at = mid), (lo = mid + 1);
      else hi = mid - 1;
    }
    return at >= 0 && s < list[at].end ? list[at] : undefined;
  };
  return { contract: find(lists.contracts), fn: find(lists.functions) };
}

function hashParts(p: FingerprintParts, occurrence: number): string {
  const h = createHash('sha256');
  h.update([FINGERPRINT_VERSION, p.rule, p.messageId, p.contract, p.function, p.code, String(occurrence)].join('\u0000'));
  return h.digest('hex').slice(0, 20);
}

function clamp(n: number, max: number): number {
  return Math.max(0, Math.min(n, max));
}

/**
 * Solidity text without comments and layout: whitespace runs become one space
 * where two word characters meet and disappear elsewhere; string literals are
 * kept exactly.
 */
export function normaliseCode(src: string): string {
  let out = '';
  let pendingSpace = false;
  const word = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_$]/.test(c);
  const emit = (chunk: string) => {
    if (pendingSpace && word(out[out.length - 1]) && word(chunk[0])) out += ' ';
    pendingSpace = false;
    out += chunk;
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
      pendingSpace = true;
    } else if (c === '/' && src[i + 1] === '*') {
      const close = src.indexOf('*/', i + 2);
      i = close < 0 ? src.length : close + 2;
      pendingSpace = true;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      emit(src.slice(i, Math.min(src.length, j + 1)));
      i = j + 1;
    } else if (/\s/.test(c)) {
      pendingSpace = true;
      i++;
    } else {
      emit(c);
      i++;
    }
  }
  return out;
}

/** Contracts (interfaces, libraries) and functions (modifiers, free functions) with their offsets and signatures. */
export function collectScopes(parsed: ParsedFile): Scope[] {
  const out: Scope[] = [];
  const text = parsed.text;
  const offsets = (n: ASTNode): [number, number] | undefined => (n.range ? [n.range[0], n.range[1] + 1] : undefined);
  const fnScope = (n: ASTNode) => {
    const r = offsets(n);
    if (!r) return;
    const body = (n as { body?: ASTNode | null }).body;
    out.push({ start: r[0], end: r[1], bodyStart: body?.range?.[0], kind: 'function', name: signature(n, text) });
  };
  for (const top of parsed.ast.children ?? []) {
    if (top.type === 'FunctionDefinition') fnScope(top);
    if (top.type !== 'ContractDefinition') continue;
    const r = offsets(top);
    if (!r) continue;
    const brace = text.indexOf('{', r[0]);
    out.push({ start: r[0], end: r[1], bodyStart: brace >= 0 && brace < r[1] ? brace : undefined, kind: 'contract', name: (top as { name: string }).name });
    for (const sub of (top as { subNodes?: ASTNode[] }).subNodes ?? []) {
      if (sub.type === 'FunctionDefinition' || sub.type === 'ModifierDefinition') fnScope(sub);
    }
  }
  // Contracts first, then functions, so that the innermost of each kind wins in fingerprintParts.
  return out.sort((a, b) => (a.kind === b.kind ? a.start - b.start : a.kind === 'contract' ? -1 : 1));
}

/**
 * Signatures by function node: a tree the language server changes in place keeps its other
 * functions (and their headers, whose tokens no such change touches), so each is read once.
 */
const signatures = new WeakMap<ASTNode, string>();

/** `name(type,type)`: the name (or constructor, receive, fallback, modifier name) and the parameter types. */
function signature(n: ASTNode, text: string): string {
  let sig = signatures.get(n);
  if (sig === undefined) signatures.set(n, (sig = readSignature(n, text)));
  return sig;
}

function readSignature(n: ASTNode, text: string): string {
  const fn = n as { type: string; name?: string | null; isConstructor?: boolean; isReceiveEther?: boolean; isFallback?: boolean; parameters?: Array<{ typeName?: ASTNode | null }> | null };
  const name = fn.isConstructor ? 'constructor' : fn.isReceiveEther ? 'receive' : fn.isFallback ? 'fallback' : (fn.name ?? '');
  const types = (fn.parameters ?? []).map((p) => (p.typeName?.range ? normaliseCode(text.slice(p.typeName.range[0], p.typeName.range[1] + 1)) : '?'));
  return `${fn.type === 'ModifierDefinition' ? 'modifier ' : ''}${name}(${types.join(',')})`;
}
