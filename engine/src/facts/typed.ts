/**
 * What the compiler knows, for the facts to read: solc's compact-JSON AST of
 * every source unit of a compilation, indexed by file and by the UTF-16 range
 * of each expression, so that a node of the fast tier's parse finds its typed
 * twin. For an expression: its type as solc prints it, the declaration it
 * refers to (after overload resolution and `using … for`); for a call: whether
 * it is a call at all (not a conversion or a struct constructor), the kind of
 * the called function type (internal, external, a library's delegatecall,
 * low-level, ETH transfer, …), its mutability and whether it is attached to
 * its object.
 *
 * The facts consult this first when the deep tier built one and the node is
 * in it (`typedTypeOf`, `typedCallDecision`); they fall back to their own
 * resolver otherwise. Rules never see it.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import type { ASTNode, TypeName } from '@solidity-parser/parser/dist/src/ast-types';
import { byteOffsetMapper } from '../compile/compile';
import type { FactContext, NodeOf } from '../rules/framework';
import type { SourceFile } from '../project';
import type { ContractInfo, ExternalCall, ExternalCallKind, FunctionInfo } from './program';
import { calleeOf, unparen } from './ast-util';

/** What a declaration is, in the facts' words. */
export type TypedDeclarationKind = 'function' | 'modifier' | 'variable' | 'contract' | 'interface' | 'library' | 'event' | 'error' | 'struct' | 'enum' | 'user-type' | 'other';

/** A declaration an expression refers to, where it is declared. */
export interface TypedDeclaration {
  /** solc's node id. */
  id: number;
  kind: TypedDeclarationKind;
  /** solc's node type (`FunctionDefinition`, `VariableDeclaration`, …). */
  nodeType: string;
  name: string;
  /** The declaring file (absolute path) and the declaration's UTF-16 offsets there, end exclusive. */
  file: string;
  start: number;
  end: number;
  /** The contract, interface or library that declares it, when one does. */
  scope?: number;
  /** Functions and variables: `public`, `external`, `internal`, `private`. */
  visibility?: string;
  /** Functions: `pure`, `view`, `nonpayable`, `payable`. */
  stateMutability?: string;
  /** Functions: `function`, `constructor`, `fallback`, `receive`, `freeFunction`. */
  functionKind?: string;
  /** Variables: declared at contract level. */
  stateVariable?: boolean;
}

/** A call as the compiler typed it. */
export interface TypedCall {
  kind: 'functionCall' | 'typeConversion' | 'structConstructorCall';
  /** The callee's function type as solc prints it, e.g. `function (address,uint256) external returns (bool)`. */
  calleeType?: string;
  /**
   * The kind of the callee's function type, from its type identifier: `internal`,
   * `external`, `delegatecall` (a public library function), `barecall`,
   * `baredelegatecall`, `barestaticcall`, `barecallcode`, `send`, `transfer`,
   * `creation`, `event`, `error`, `require`, `selfdestruct`, …
   */
  functionKind?: string;
  stateMutability?: string;
  /** Attached with `using … for`: the object is the first argument. */
  bound: boolean;
  /** The declaration the callee names (after overload resolution), when it is one of the sources'. */
  callee?: TypedDeclaration;
  /** For `object.member(…)`: the object's type as solc prints it. */
  objectType?: string;
  /** The contract or interface the object's type is, when it is one. */
  objectContract?: TypedDeclaration;
}

/** An expression as the compiler typed it. */
export interface TypedExpression {
  nodeType: string;
  typeString?: string;
  typeIdentifier?: string;
  /** What a name or member refers to. */
  declaration?: TypedDeclaration;
  /** For a `FunctionCall`. */
  call?: TypedCall;
}

interface SolcNode {
  nodeType: string;
  id?: number;
  src?: string;
  [key: string]: unknown;
}

/** The solc node types the fast parser's node types correspond to, for nodes that share a range. */
const SOLC_TYPES: Record<string, readonly string[]> = {
  FunctionCall: ['FunctionCall'],
  MemberAccess: ['MemberAccess'],
  Identifier: ['Identifier'],
  IndexAccess: ['IndexAccess'],
  IndexRangeAccess: ['IndexRangeAccess'],
  TupleExpression: ['TupleExpression'],
  BinaryOperation: ['BinaryOperation', 'Assignment'],
  UnaryOperation: ['UnaryOperation'],
  Conditional: ['Conditional'],
  NewExpression: ['NewExpression'],
  NumberLiteral: ['Literal'],
  BooleanLiteral: ['Literal'],
  StringLiteral: ['Literal'],
  HexLiteral: ['Literal'],
  HexNumber: ['Literal'],
  DecimalNumber: ['Literal'],
  ElementaryTypeName: ['ElementaryTypeNameExpression'],
  NameValueExpression: ['FunctionCallOptions'],
};

const EXPRESSIONS = new Set(Object.values(SOLC_TYPES).flat());

const DECLARATIONS: Record<string, TypedDeclarationKind> = {
  FunctionDefinition: 'function',
  ModifierDefinition: 'modifier',
  VariableDeclaration: 'variable',
  EventDefinition: 'event',
  ErrorDefinition: 'error',
  StructDefinition: 'struct',
  EnumDefinition: 'enum',
  EnumValue: 'other',
  UserDefinedValueTypeDefinition: 'user-type',
};

function isSolcNode(v: unknown): v is SolcNode {
  return typeof v === 'object' && v !== null && typeof (v as SolcNode).nodeType === 'string';
}

interface FileEntry {
  /** sha1 of the text compiled, to check that a parse is of the same text. */
  hash: string;
  /** Expression nodes by `start:end` (UTF-16, end exclusive). */
  byRange: Map<string, SolcNode[]>;
}

const hashOf = (text: string) => crypto.createHash('sha1').update(text).digest('hex');

/**
 * The typed AST of one compilation: every source unit's expressions by file
 * and UTF-16 range, and every declaration by id. Built once per compilation
 * (in the deep tier's worker) and read through `expression`.
 */
export class TypedIndex {
  private readonly files = new Map<string, FileEntry>();
  private readonly decls = new Map<number, TypedDeclaration>();
  private readonly exprCache = new Map<SolcNode, TypedExpression>();

  /**
   * `asts` are solc's `sources` output (compact AST by source unit); `texts`
   * gives each unit's file (absolute path) and the text compiled, in which
   * solc's byte offsets count.
   */
  constructor(asts: Record<string, { id?: number; ast?: unknown }>, texts: ReadonlyMap<string, { file: string; content: string }>) {
    for (const [unit, out] of Object.entries(asts)) {
      const src = texts.get(unit);
      if (!src || !isSolcNode(out.ast)) continue;
      this.addUnit(out.ast, path.resolve(src.file), src.content);
    }
  }

  /** How many files the index covers. */
  get size(): number {
    return this.files.size;
  }

  /** Whether the index holds this file as it is now (the same text was compiled). */
  covers(file: SourceFile): boolean {
    return this.entryFor(file) !== undefined;
  }

  /** A declaration by solc id, when one of the sources declares it. */
  declaration(id: number | undefined | null): TypedDeclaration | undefined {
    return typeof id === 'number' ? this.decls.get(id) : undefined;
  }

  /**
   * The typed twin of a fast-tier node of `file`, found by its range; undefined
   * when the file was not compiled as it is now or solc has no expression there.
   */
  expression(file: SourceFile, node: ASTNode): TypedExpression | undefined {
    const entry = this.entryFor(file);
    const r = node.range;
    if (!entry || !r) return undefined;
    const list = entry.byRange.get(`${r[0]}:${r[1] + 1}`);
    if (!list) return undefined;
    // Only a node of the corresponding kind: `f()` as a statement and as a call share a range.
    const want = SOLC_TYPES[node.type];
    const n = want && list.find((x) => want.includes(x.nodeType));
    return n ? this.describe(n) : undefined;
  }

  private entryFor(file: SourceFile): FileEntry | undefined {
    const entry = this.files.get(path.resolve(file.path));
    return entry && entry.hash === file.hash ? entry : undefined;
  }

  private addUnit(root: SolcNode, file: string, text: string): void {
    const toUtf16 = byteOffsetMapper(text);
    const byRange = new Map<string, SolcNode[]>();
    this.files.set(file, { hash: hashOf(text), byRange });
    const span = (n: SolcNode): [number, number] | undefined => {
      const [s, l] = (n.src ?? '').split(':').map(Number);
      if (!Number.isFinite(s) || !Number.isFinite(l) || s < 0) return undefined;
      return [toUtf16(s), toUtf16(s + l)];
    };
    // An explicit stack: generated code can nest deeply.
    const stack: Array<{ n: SolcNode; scope?: number }> = [{ n: root }];
    while (stack.length > 0) {
      const { n, scope } = stack.pop()!;
      let inner = scope;
      if (n.nodeType === 'ContractDefinition' && typeof n.id === 'number') {
        const at = span(n);
        const kind = n.contractKind === 'interface' ? 'interface' : n.contractKind === 'library' ? 'library' : 'contract';
        if (at) this.decls.set(n.id, { id: n.id, kind, nodeType: n.nodeType, name: String(n.name ?? ''), file, start: at[0], end: at[1] });
        inner = n.id;
      } else if (DECLARATIONS[n.nodeType] && typeof n.id === 'number') {
        const at = span(n);
        if (at) this.decls.set(n.id, this.declarationOf(n, file, at, scope));
      } else if (EXPRESSIONS.has(n.nodeType)) {
        const at = span(n);
        if (at) {
          const key = `${at[0]}:${at[1]}`;
          const list = byRange.get(key);
          if (list) list.push(n);
          else byRange.set(key, [n]);
        }
      }
      for (const v of Object.values(n)) {
        if (Array.isArray(v)) {
          for (const x of v) if (isSolcNode(x)) stack.push({ n: x, scope: inner });
        } else if (isSolcNode(v)) stack.push({ n: v, scope: inner });
      }
    }
  }

  private declarationOf(n: SolcNode, file: string, at: [number, number], scope: number | undefined): TypedDeclaration {
    const d: TypedDeclaration = { id: n.id!, kind: DECLARATIONS[n.nodeType], nodeType: n.nodeType, name: String(n.name ?? ''), file, start: at[0], end: at[1] };
    if (scope !== undefined) d.scope = scope;
    if (typeof n.visibility === 'string') d.visibility = n.visibility;
    if (n.nodeType === 'FunctionDefinition') {
      // Before 0.5 the AST says `constant` and `payable` instead of a mutability, and constructors by flag.
      d.stateMutability = typeof n.stateMutability === 'string' ? n.stateMutability : n.constant ? 'view' : n.payable ? 'payable' : 'nonpayable';
      d.functionKind = typeof n.kind === 'string' ? n.kind : n.isConstructor ? 'constructor' : 'function';
    }
    if (n.nodeType === 'VariableDeclaration') d.stateVariable = n.stateVariable === true;
    return d;
  }

  private describe(n: SolcNode): TypedExpression {
    const hit = this.exprCache.get(n);
    if (hit) return hit;
    const td = n.typeDescriptions as { typeString?: string | null; typeIdentifier?: string | null } | undefined;
    const out: TypedExpression = { nodeType: n.nodeType };
    if (td?.typeString) out.typeString = td.typeString;
    if (td?.typeIdentifier) out.typeIdentifier = td.typeIdentifier;
    const decl = this.declaration(n.referencedDeclaration as number | undefined);
    if (decl) out.declaration = decl;
    if (n.nodeType === 'FunctionCall') out.call = this.callOf(n);
    this.exprCache.set(n, out);
    return out;
  }

  private callOf(n: SolcNode): TypedCall {
    // Before 0.5 the kind is two flags.
    const kind: TypedCall['kind'] = n.kind === 'typeConversion' || n.isTypeConversion === true ? 'typeConversion' : n.kind === 'structConstructorCall' || n.isStructConstructorCall === true ? 'structConstructorCall' : 'functionCall';
    const call: TypedCall = { kind, bound: false };
    const callee = n.expression as SolcNode | undefined;
    if (!isSolcNode(callee)) return call;
    const ft = functionType(callee);
    if (ft) {
      call.calleeType = ft.typeString;
      call.functionKind = ft.kind;
      call.stateMutability = ft.stateMutability;
      call.bound = ft.bound;
    }
    // The name called: below call options (`x.call{value: v}`) and the old `.value(v)`/`.gas(g)` calls.
    let named: SolcNode = callee;
    for (;;) {
      if (named.nodeType === 'FunctionCallOptions' && isSolcNode(named.expression)) named = named.expression;
      else if (named.nodeType === 'FunctionCall' && isSolcNode(named.expression) && named.expression.nodeType === 'MemberAccess' && /^(value|gas)$/.test(String(named.expression.memberName)) && isSolcNode(named.expression.expression)) named = named.expression.expression;
      else break;
    }
    const decl = this.declaration(named.referencedDeclaration as number | undefined);
    if (decl) call.callee = decl;
    if (named.nodeType === 'MemberAccess' && isSolcNode(named.expression)) {
      const td = named.expression.typeDescriptions as { typeString?: string; typeIdentifier?: string } | undefined;
      if (td?.typeString) call.objectType = td.typeString;
      const m = /^t_contract\$_.*?_\$(\d+)$/.exec(td?.typeIdentifier ?? '');
      const c = m ? this.declaration(Number(m[1])) : undefined;
      if (c) call.objectContract = c;
    }
    return call;
  }
}

/** The kind, mutability and attachment of a function type, from its type identifier. */
function functionType(n: SolcNode): { kind: string; stateMutability?: string; bound: boolean; typeString?: string } | undefined {
  const td = n.typeDescriptions as { typeString?: string; typeIdentifier?: string } | undefined;
  const id = td?.typeIdentifier ?? '';
  const m = /^t_function_([a-z0-9]+)_(pure|view|nonpayable|payable)/.exec(id) ?? /^t_function_([a-z0-9]+)/.exec(id);
  if (!m) return undefined;
  // A function attached with `using for` says so at the end: `…$bound_to$…` (`$attached_to$` in recent compilers).
  return { kind: m[1], stateMutability: m[2], bound: /\$(bound_to|attached_to)\$/.test(id), typeString: td?.typeString };
}

// ---- The facts' side: what a node of the fast parse is, when the compiler typed it.

/** The typed twin of a node of the analysis' closure, when the deep tier compiled its file as it is. */
export function typedExpression(ctx: FactContext, node: ASTNode, file?: SourceFile): TypedExpression | undefined {
  const typed = ctx.typed;
  if (!typed) return undefined;
  const f = file ?? ctx.fileOf(node);
  return f ? typed.expression(f, node) : undefined;
}

const ELEMENTARY = /^(address|bool|string|bytes\d*|u?int\d*|u?fixed(\d+x\d+)?|byte)$/;

const typeNameCache = new Map<string, TypeName | null>();

/**
 * The type of an expression as the compiler decided it, as a type name, when
 * the deep tier has the node: `{ type: undefined }` for a type that is no
 * declared type (a literal, a tuple, a function, a type itself). Undefined
 * when the compiler's answer is not at hand.
 */
export function typedTypeOf(ctx: FactContext, expr: ASTNode): { type: TypeName | undefined } | undefined {
  const t = typedExpression(ctx, expr);
  if (!t || !t.typeString) return undefined;
  const key = `${t.typeIdentifier?.startsWith('t_userDefinedValueType') ? 'udvt ' : ''}${t.typeString}`;
  let name = typeNameCache.get(key);
  if (name === undefined) {
    name = typeNameFromString(t.typeString, t.typeIdentifier) ?? null;
    if (typeNameCache.size > 5000) typeNameCache.clear();
    typeNameCache.set(key, name);
  }
  return { type: name ?? undefined };
}

/**
 * A type string as solc prints it (`mapping(address => struct C.S storage ref)`,
 * `uint256[] memory`, `contract IERC20`, `address payable`) as the parser's
 * type name; undefined for literals, tuples, function types, magic and meta types.
 */
export function typeNameFromString(s: string, typeIdentifier?: string): TypeName | undefined {
  const p = { s, i: 0 };
  const t = parseType(p, typeIdentifier?.startsWith('t_userDefinedValueType') === true);
  skipLocation(p);
  return t && p.i === s.length ? t : undefined;
}

function skipLocation(p: { s: string; i: number }): void {
  const m = /^ (storage ref|storage pointer|storage|memory|calldata|slice)/.exec(p.s.slice(p.i));
  if (m) p.i += m[0].length;
}

function parseType(p: { s: string; i: number }, udvt: boolean): TypeName | undefined {
  const rest = p.s.slice(p.i);
  let base: TypeName | undefined;
  if (rest.startsWith('mapping(')) {
    p.i += 'mapping('.length;
    const key = parseType(p, false);
    skipLocation(p);
    if (!p.s.startsWith(' => ', p.i)) return undefined;
    p.i += 4;
    const value = parseType(p, false);
    skipLocation(p);
    if (!key || !value || p.s[p.i] !== ')' || (key.type !== 'ElementaryTypeName' && key.type !== 'UserDefinedTypeName')) return undefined;
    p.i++;
    base = { type: 'Mapping', keyType: key, keyName: null, valueType: value, valueName: null } as TypeName;
  } else {
    const m = /^(contract |struct |enum )?([A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*)( payable)?/.exec(rest);
    if (!m) return undefined;
    const [all, prefix, name, , payable] = m;
    if (prefix === 'contract ' && name === 'super') return undefined;
    p.i += all.length;
    if (prefix) base = { type: 'UserDefinedTypeName', namePath: name } as TypeName;
    else if (ELEMENTARY.test(name) && !udvt) base = { type: 'ElementaryTypeName', name: name === 'byte' ? 'bytes1' : name, stateMutability: payable ? 'payable' : null } as TypeName;
    // A bare name that is no elementary type is a user-defined value type (solc prints it bare).
    else if (!/^(tuple|function|type|magic|int_const|rational_const|literal_string|msg|block|tx|abi)$/.test(name) && !ELEMENTARY.test(name)) base = { type: 'UserDefinedTypeName', namePath: name } as TypeName;
    else if (udvt) base = { type: 'UserDefinedTypeName', namePath: name } as TypeName;
    else return undefined;
  }
  // Array suffixes, each possibly followed by a location: `struct S storage ref[] storage ref`.
  for (;;) {
    const save = p.i;
    skipLocation(p);
    const m = /^\[(\d*)\]/.exec(p.s.slice(p.i));
    if (!m) {
      p.i = save;
      break;
    }
    p.i += m[0].length;
    const length = m[1] ? ({ type: 'NumberLiteral', number: m[1], subdenomination: null } as NodeOf<'NumberLiteral'>) : null;
    base = { type: 'ArrayTypeName', baseTypeName: base, length } as TypeName;
  }
  return base;
}

// ---- Calls: what the compiler says a call is, in the program model's terms.

/** A call as the program model records it, decided from the compiler's types. */
export type TypedCallDecision =
  /** Not a call of code: a conversion, a struct constructor, a builtin, an error, `abi.*`, `.push()`. */
  | { as: 'none' }
  /** An event emitted without `emit` (before 0.4.21). */
  | { as: 'event' }
  | { as: 'selfdestruct' }
  /** An internal, library or attached function, run in this contract's context; `virtual` when called by its bare name. */
  | { as: 'internal'; target: FunctionInfo; virtual: boolean }
  /** A call to another account: high-level (with the callee's declaration), low-level or an ETH transfer. */
  | { as: 'external'; kind: ExternalCallKind; member: string; object: ASTNode; extra: Pick<ExternalCall, 'callee' | 'static' | 'targetType' | 'targetTypeName'> };

/** How the program model finds its records of the compiler's declarations. */
export interface TypedModel {
  functionAt(decl: TypedDeclaration): FunctionInfo | undefined;
  contractAt(decl: TypedDeclaration): ContractInfo | undefined;
}

const LOW_LEVEL: Record<string, ExternalCallKind> = {
  barecall: 'call',
  baredelegatecall: 'delegatecall',
  barestaticcall: 'staticcall',
  barecallcode: 'callcode',
  send: 'send',
  transfer: 'transfer',
};

/** Function kinds of builtins that neither run other code nor move funds. */
const INERT = /^(require|assert|revert|error|sha3|keccak256|sha256|ripemd160|ecrecover|addmod|mulmod|blockhash|blobhash|gasleft|abi\w*|\w*push|\w*pop|\w*concat|wrap|unwrap|metatype|setvalue|setgas|log\d|objectcreation)$/;

/**
 * What the compiler says a call of `file` is, in the program model's terms, or
 * undefined when the compiler's answer is not at hand or not one the model can
 * take (a `super` call, a call through a function-typed variable, a creation,
 * a callee outside the model): the model's own resolver decides those.
 */
export function typedCallDecision(ctx: FactContext, file: SourceFile, call: NodeOf<'FunctionCall'>, model: TypedModel): TypedCallDecision | undefined {
  const t = typedExpression(ctx, call, file)?.call;
  if (!t) return undefined;
  if (t.kind !== 'functionCall') return { as: 'none' };
  const k = t.functionKind;
  if (!k) return undefined;
  const { callee } = calleeOf(call);
  const object = callee.type === 'MemberAccess' ? unparen(callee.expression) : undefined;
  if (k === 'event') return { as: 'event' };
  if (k === 'selfdestruct') return { as: 'selfdestruct' };
  if (INERT.test(k)) return { as: 'none' };
  if (LOW_LEVEL[k]) {
    if (!object || callee.type !== 'MemberAccess') return undefined;
    return { as: 'external', kind: LOW_LEVEL[k], member: callee.memberName, object, extra: { static: k === 'barestaticcall' } };
  }
  // `super.f()` resolves in the deployed contract's order, which the model keeps; so do its own names.
  if (object && object.type === 'Identifier' && object.name === 'super') return undefined;
  const decl = t.callee;
  if (k === 'internal' || k === 'delegatecall') {
    if (decl?.kind !== 'function') return undefined;
    const target = model.functionAt(decl);
    if (!target) return undefined;
    return { as: 'internal', target, virtual: callee.type === 'Identifier' && k === 'internal' };
  }
  if (k === 'external') {
    if (!object || callee.type !== 'MemberAccess' || !t.objectContract) return undefined;
    const targetType = model.contractAt(t.objectContract);
    const fn = decl?.kind === 'function' ? model.functionAt(decl) : undefined;
    const extra: Pick<ExternalCall, 'callee' | 'static' | 'targetType' | 'targetTypeName'> = { static: t.stateMutability === 'view' || t.stateMutability === 'pure' };
    if (fn) extra.callee = fn;
    if (targetType) extra.targetType = targetType;
    extra.targetTypeName = t.objectContract.name;
    return { as: 'external', kind: 'high-level', member: callee.memberName, object, extra };
  }
  return undefined;
}

/**
 * The program model's records of the compiler's declarations: the function or
 * contract of the same file and name whose range starts nearest (solc's range
 * and the parser's start at the same keyword, give or take an `abstract`).
 */
export function typedModelOf(functions: readonly FunctionInfo[], contracts: readonly ContractInfo[]): TypedModel {
  let fns: Map<string, FunctionInfo[]> | undefined;
  let cs: Map<string, ContractInfo[]> | undefined;
  const key = (file: string, name: string) => `${file}\n${name}`;
  const group = <T extends { name: string; file: SourceFile }>(list: readonly T[]): Map<string, T[]> => {
    const m = new Map<string, T[]>();
    for (const x of list) {
      const k = key(path.resolve(x.file.path), x.name);
      const l = m.get(k);
      if (l) l.push(x);
      else m.set(k, [x]);
    }
    return m;
  };
  const nearest = <T extends { node: ASTNode }>(list: T[] | undefined, d: TypedDeclaration): T | undefined => {
    let best: T | undefined;
    let gap = Infinity;
    for (const x of list ?? []) {
      const r = x.node.range;
      // The two ranges must overlap: the same declaration, not a namesake elsewhere in the file.
      if (!r || r[0] >= d.end || r[1] + 1 <= d.start) continue;
      const g = Math.abs(r[0] - d.start);
      if (g < gap) (best = x), (gap = g);
    }
    return best;
  };
  return {
    functionAt: (d) => nearest((fns ??= group(functions.filter((f) => f.kind !== 'modifier'))).get(key(d.file, d.name)), d),
    contractAt: (d) => nearest((cs ??= group(contracts)).get(key(d.file, d.name)), d),
  };
}
