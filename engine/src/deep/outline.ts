import type { Range } from '../types';
import { LineIndex } from '../parse/positions';
import { byteOffsetMapper } from '../compile/compile';
import { splitArgs } from '../gas/abi';

/**
 * The shape of the analysed file, read from solc's own AST: contracts with
 * their kinds and bases, functions, state variables, with UTF-16 ranges.
 * solc has just parsed the file, so the deep tier does not parse it again.
 */
export interface Outline {
  contracts: OutlineContract[];
}

export interface OutlineMember {
  name: string;
  kind: 'function' | 'constructor' | 'fallback' | 'receive' | 'modifier' | 'variable';
  visibility?: string;
  /** Parameter count; -1 for a state variable (its getter's may differ). */
  params: number;
  range: Range;
}

export interface OutlineContract {
  id: number;
  name: string;
  kind: 'contract' | 'library' | 'interface' | 'abstract';
  range: Range;
  /** Ids of the contract and its bases, most derived first (solc's linearisation). */
  linearized: number[];
  members: OutlineMember[];
  /** Values of a `@custom:synor-args` line in the comments just above the contract. */
  args?: string[];
}

interface AstNode {
  nodeType: string;
  id: number;
  src: string;
  name?: string;
  nodes?: AstNode[];
  contractKind?: string;
  abstract?: boolean;
  fullyImplemented?: boolean;
  linearizedBaseContracts?: number[];
  kind?: string;
  isConstructor?: boolean;
  visibility?: string;
  stateVariable?: boolean;
  parameters?: { parameters?: unknown[] };
}

/** Reads the outline of `text` from its compact JSON AST (solc 0.4.12 and later). */
export function outlineFromAst(ast: unknown, text: string): Outline {
  const root = ast as AstNode | undefined;
  const lines = new LineIndex(text);
  const toUtf16 = byteOffsetMapper(text);
  const rangeOf = (src: string): Range => {
    const [s, l] = src.split(':').map(Number);
    return lines.range(toUtf16(s), toUtf16(s + l));
  };
  const contracts: OutlineContract[] = [];
  for (const n of root?.nodes ?? []) {
    if (n.nodeType !== 'ContractDefinition') continue;
    const kind = n.contractKind === 'library' || n.contractKind === 'interface' ? n.contractKind : n.abstract === true || n.fullyImplemented === false ? 'abstract' : 'contract';
    const members: OutlineMember[] = [];
    for (const m of n.nodes ?? []) {
      if (m.nodeType === 'FunctionDefinition') {
        const fk = m.isConstructor || m.kind === 'constructor' ? 'constructor' : m.kind === 'fallback' || m.kind === 'receive' ? m.kind : 'function';
        members.push({ name: m.name ?? '', kind: fk, visibility: m.visibility, params: m.parameters?.parameters?.length ?? 0, range: rangeOf(m.src) });
      } else if (m.nodeType === 'ModifierDefinition') {
        members.push({ name: m.name ?? '', kind: 'modifier', params: m.parameters?.parameters?.length ?? 0, range: rangeOf(m.src) });
      } else if (m.nodeType === 'VariableDeclaration' && m.stateVariable !== false) {
        members.push({ name: m.name ?? '', kind: 'variable', visibility: m.visibility, params: -1, range: rangeOf(m.src) });
      }
    }
    const range = rangeOf(n.src);
    const c: OutlineContract = { id: n.id, name: n.name ?? '', kind, range, linearized: n.linearizedBaseContracts ?? [n.id], members };
    const args = synorArgs(lines, range.start.line);
    if (args) c.args = args;
    contracts.push(c);
  }
  return { contracts };
}

/** The `@custom:synor-args` values in the comment block just above `line`. */
function synorArgs(lines: LineIndex, line: number): string[] | undefined {
  for (let l = line - 1; l >= 0; l--) {
    const t = lines.lineText(l).trim();
    if (!/^(\/\/|\/\*|\*)/.test(t)) break;
    const m = /@custom:synor-args\s+(.*?)\s*(\*\/)?$/.exec(t);
    if (m) return splitArgs(m[1]);
  }
  return undefined;
}

function contains(r: Range, line: number, character: number): boolean {
  const afterStart = line > r.start.line || (line === r.start.line && character >= r.start.character);
  const beforeEnd = line < r.end.line || (line === r.end.line && character <= r.end.character);
  return afterStart && beforeEnd;
}

/** The contract holding a position, and the external function names a change there can affect (`undefined`: any). */
export function affectedBy(outline: Outline, pos: { line: number; character: number }): { contract?: OutlineContract; names?: Set<string> } {
  const contract = outline.contracts.find((c) => contains(c.range, pos.line, pos.character));
  if (!contract) return {};
  const member = contract.members.find((m) => contains(m.range, pos.line, pos.character));
  // Only an external or public function stands for itself; a change inside an internal
  // function, a modifier, the constructor or a declaration can reach any function.
  if (member && member.kind === 'function' && (member.visibility === 'external' || member.visibility === 'public')) return { contract, names: new Set([member.name]) };
  return { contract };
}

/** Deployable contracts of the file that include `base`: itself, those deriving from it, or (for a library) all. */
export function deployableIncluding(outline: Outline, base: OutlineContract): OutlineContract[] {
  if (base.kind === 'contract') return [base];
  // A library is not inherited but called; any contract of the file may use it.
  if (base.kind === 'library') return outline.contracts.filter((c) => c.kind === 'contract');
  return outline.contracts.filter((c) => c.kind === 'contract' && c.linearized.includes(base.id));
}

/** Source ranges of the functions and getters a contract exposes, by name, searching its bases in this file too. */
export function memberRanges(outline: Outline, c: OutlineContract): Map<string, OutlineMember[]> {
  const byId = new Map(outline.contracts.map((x) => [x.id, x]));
  const out = new Map<string, OutlineMember[]>();
  for (const id of c.linearized) {
    for (const m of byId.get(id)?.members ?? []) {
      if (m.kind !== 'function' && m.kind !== 'variable') continue;
      const list = out.get(m.name) ?? [];
      list.push(m);
      out.set(m.name, list);
    }
  }
  return out;
}
