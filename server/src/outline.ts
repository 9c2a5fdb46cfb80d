/**
 * Where contracts and functions sit in a file, so that code lenses and the
 * report can place measured gas next to the code. Built in the analysis
 * worker from the AST the fast tier already parsed; plain data only.
 */
import type { ParsedFile, Range } from '../../engine/src';

export interface OutlineFunction {
  /** The function's name; `constructor`, `fallback` or `receive` for the special ones. */
  name: string;
  kind: 'function' | 'constructor' | 'fallback' | 'receive';
  visibility: string;
  stateMutability: string;
  /** Parameter types as the ABI names them where that is plain (uint → uint256). */
  params: string[];
  range: Range;
}

export interface OutlineContract {
  name: string;
  kind: 'contract' | 'library' | 'interface' | 'abstract';
  range: Range;
  functions: OutlineFunction[];
}

interface AnyNode {
  type: string;
  range?: [number, number];
  [key: string]: unknown;
}

/** The contracts of a parsed file and their functions, in source order. */
export function outlineOf(parsed: ParsedFile): OutlineContract[] {
  const out: OutlineContract[] = [];
  const rangeOf = (n: AnyNode): Range => {
    const r = n.range ?? [0, 0];
    return parsed.lines.range(r[0], Math.min(parsed.text.length, r[1] + 1));
  };
  for (const child of parsed.ast.children as unknown as AnyNode[]) {
    if (child?.type !== 'ContractDefinition') continue;
    const kind = child.kind === 'library' || child.kind === 'interface' || child.kind === 'abstract' ? child.kind : 'contract';
    const contract: OutlineContract = { name: String(child.name), kind, range: rangeOf(child), functions: [] };
    for (const sub of (child.subNodes as AnyNode[] | undefined) ?? []) {
      if (sub?.type !== 'FunctionDefinition') continue;
      const fnKind = sub.isConstructor ? 'constructor' : sub.isReceiveEther ? 'receive' : sub.isFallback ? 'fallback' : 'function';
      contract.functions.push({
        name: fnKind === 'function' ? String(sub.name ?? '') : fnKind,
        kind: fnKind,
        visibility: String(sub.visibility ?? 'default'),
        stateMutability: String(sub.stateMutability ?? 'nonpayable'),
        params: ((sub.parameters as AnyNode[] | undefined) ?? []).map((p) => abiType(p.typeName as AnyNode | undefined)),
        range: rangeOf(sub),
      });
    }
    out.push(contract);
  }
  return out;
}

/** A best-effort ABI type name, used only to tell overloads apart when matching gas to functions. */
function abiType(t: AnyNode | undefined): string {
  if (!t) return '?';
  switch (t.type) {
    case 'ElementaryTypeName': {
      const name = String(t.name);
      if (name === 'uint') return 'uint256';
      if (name === 'int') return 'int256';
      if (name === 'byte') return 'bytes1';
      if (name === 'address payable') return 'address';
      return name;
    }
    case 'ArrayTypeName': {
      const len = t.length as AnyNode | null | undefined;
      const size = len && len.type === 'NumberLiteral' ? String(len.number) : '';
      return `${abiType(t.baseTypeName as AnyNode)}[${size}]`;
    }
    case 'UserDefinedTypeName':
      return String(t.namePath);
    case 'Mapping':
      return 'mapping';
    case 'FunctionTypeName':
      return 'function';
    default:
      return '?';
  }
}
