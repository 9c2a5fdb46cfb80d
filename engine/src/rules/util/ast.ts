/**
 * Small AST helpers shared by the pattern rules: name and type lookups that
 * stay inside one file, since the fast tier sees one file at a time.
 */
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import type { FactContext, NodeOf } from '../framework';
import { defineFact } from '../framework';
import { programFact } from '../../facts/program';

export type Contract = NodeOf<'ContractDefinition'>;
export type FunctionDef = NodeOf<'FunctionDefinition'>;
export type VarDecl = NodeOf<'VariableDeclaration'>;
export type TypeName = NonNullable<VarDecl['typeName']>;

/** True when `node` is the identifier `name` (any identifier when `name` is omitted). */
export function isIdent(node: ASTNode | null | undefined, name?: string): node is NodeOf<'Identifier'> {
  return !!node && node.type === 'Identifier' && (name === undefined || node.name === name);
}

/** True when `node` is `object.member`, e.g. `msg.sender`. */
export function isMember(node: ASTNode | null | undefined, object: string, member: string): boolean {
  return !!node && node.type === 'MemberAccess' && node.memberName === member && isIdent(node.expression, object);
}

/** Strips redundant parentheses: `((x))` → `x`. */
export function unwrap(node: ASTNode): ASTNode {
  let n = node;
  while (n.type === 'TupleExpression' && !n.isArray && n.components.length === 1 && n.components[0]) n = n.components[0] as ASTNode;
  return n;
}

/**
 * The callee of a call without its call options: `a.call{value: v}(…)` and
 * `a.call.value(v)(…)` both give the `a.call` member access.
 */
export function callee(call: NodeOf<'FunctionCall'>): ASTNode {
  let e: ASTNode = call.expression;
  for (;;) {
    if (e.type === 'NameValueExpression') e = e.expression;
    else if (e.type === 'FunctionCall' && e.expression.type === 'MemberAccess' && ['value', 'gas'].includes(e.expression.memberName)) e = e.expression.expression;
    else return e;
  }
}

/** The called name: `f` for `f(…)` and `x.f(…)`, undefined for other callees. */
export function calleeName(call: NodeOf<'FunctionCall'>): string | undefined {
  const c = callee(call);
  if (c.type === 'Identifier') return c.name;
  if (c.type === 'MemberAccess') return c.memberName;
  return undefined;
}

/** The call options of `a.call{gas: g}(…)` or `a.call.gas(g)(…)` by name. */
export function callOptions(call: NodeOf<'FunctionCall'>): Map<string, ASTNode> {
  const out = new Map<string, ASTNode>();
  let e: ASTNode = call.expression;
  for (;;) {
    if (e.type === 'NameValueExpression') {
      const nv: NodeOf<'NameValueExpression'> = e;
      nv.arguments.names.forEach((n: string, i: number) => out.set(n, nv.arguments.arguments[i] as ASTNode));
      e = nv.expression;
    } else if (e.type === 'FunctionCall' && e.expression.type === 'MemberAccess' && ['value', 'gas'].includes(e.expression.memberName)) {
      if (e.arguments[0]) out.set(e.expression.memberName, e.arguments[0]);
      e = e.expression.expression;
    } else return out;
  }
}

/** Contracts, interfaces and libraries of the file by name, and structs by name. */
export interface FileSymbols {
  contracts: Map<string, Contract>;
  structs: Map<string, NodeOf<'StructDefinition'>>;
}

export const fileSymbols = defineFact<FileSymbols>('util.fileSymbols', (ctx) => {
  const contracts = new Map<string, Contract>();
  const structs = new Map<string, NodeOf<'StructDefinition'>>();
  for (const c of ctx.index.ofType('ContractDefinition')) contracts.set(c.name, c);
  for (const s of ctx.index.ofType('StructDefinition')) {
    structs.set(s.name, s);
    const owner = ctx.index.enclosing(s, 'ContractDefinition');
    if (owner) structs.set(`${owner.name}.${s.name}`, s);
  }
  return { contracts, structs };
});

/** The contract's bases that are defined in this file, transitively, nearest first. */
export function basesInFile(ctx: FactContext, contract: Contract): Contract[] {
  const { contracts } = ctx.fact(fileSymbols);
  const out: Contract[] = [];
  const seen = new Set<Contract>([contract]);
  const queue = [contract];
  while (queue.length > 0) {
    const c = queue.shift()!;
    for (const b of c.baseContracts) {
      const base = contracts.get(b.baseName.namePath.split('.').pop()!);
      if (base && !seen.has(base)) {
        seen.add(base);
        out.push(base);
        queue.push(base);
      }
    }
  }
  return out;
}

/** Names of every base of a contract as written, in this file or not, transitively where known. */
export function baseNames(ctx: FactContext, contract: Contract): string[] {
  const names = new Set<string>();
  for (const c of [contract, ...basesInFile(ctx, contract)]) for (const b of c.baseContracts) names.add(b.baseName.namePath.split('.').pop()!);
  return [...names];
}

/** State variables declared directly in a contract. */
export function stateVars(contract: Contract): VarDecl[] {
  const out: VarDecl[] = [];
  for (const s of contract.subNodes as ASTNode[]) if (s.type === 'StateVariableDeclaration') out.push(...s.variables);
  return out;
}

export function functionsOf(contract: Contract): FunctionDef[] {
  return (contract.subNodes as ASTNode[]).filter((s): s is FunctionDef => s.type === 'FunctionDefinition');
}

/**
 * The variable a name refers to at `node`: a parameter, return variable or
 * local of the enclosing function, else a state variable of the contract or of
 * a base defined in the file. Locals are matched by name in the whole function,
 * which is exact unless one function declares the same name twice in sibling
 * blocks with different types.
 */
export function declarationOf(ctx: FactContext, node: ASTNode, name: string): VarDecl | undefined {
  const fn = ctx.index.enclosing(node, 'FunctionDefinition', 'ModifierDefinition');
  if (fn) {
    const params = [...(fn.parameters ?? []), ...(fn.type === 'FunctionDefinition' ? (fn.returnParameters ?? []) : [])];
    for (const p of params) if (p.name === name) return p;
    if (fn.body) {
      for (const d of ctx.index.descendants(fn.body)) {
        if (d.type === 'VariableDeclarationStatement') {
          for (const v of d.variables) if (v && (v as VarDecl).name === name) return v as VarDecl;
        }
      }
    }
  }
  const contract = ctx.index.enclosing(node, 'ContractDefinition');
  if (contract) {
    for (const c of [contract, ...basesInFile(ctx, contract)]) for (const v of stateVars(c)) if (v.name === name) return v;
  }
  for (const c of ctx.ast.children) if (c.type === 'FileLevelConstant' && c.name === name) return { type: 'VariableDeclaration', name, typeName: c.typeName, isStateVar: true, isIndexed: false, identifier: null, storageLocation: null, expression: c.initialValue, isDeclaredConst: true } as VarDecl;
  return undefined;
}

/** The struct a user-defined type name refers to, when it is defined in this file. */
export function structOf(ctx: FactContext, t: TypeName | undefined | null): NodeOf<'StructDefinition'> | undefined {
  if (!t || t.type !== 'UserDefinedTypeName') return undefined;
  const { structs } = ctx.fact(fileSymbols);
  return structs.get(t.namePath) ?? structs.get(t.namePath.split('.').pop()!);
}

const ELEMENTARY_MEMBERS: Record<string, string> = {
  'msg.sender': 'address',
  'msg.value': 'uint256',
  'msg.data': 'bytes',
  'tx.origin': 'address',
  'block.timestamp': 'uint256',
  'block.number': 'uint256',
  'block.coinbase': 'address',
  'block.difficulty': 'uint256',
  'block.prevrandao': 'uint256',
  'block.gaslimit': 'uint256',
  'block.chainid': 'uint256',
  'block.basefee': 'uint256',
  'tx.gasprice': 'uint256',
};

function elementary(name: string): TypeName {
  return { type: 'ElementaryTypeName', name, stateMutability: null };
}

/**
 * The declared type of an expression, where it can be read from this file:
 * variables, indexing into arrays and mappings, struct members, explicit
 * conversions and well-known globals. Undefined when unknown.
 */
export function typeOf(ctx: FactContext, expr: ASTNode): TypeName | undefined {
  const e = unwrap(expr);
  switch (e.type) {
    case 'Identifier': {
      if (e.name === 'now') return elementary('uint256');
      return declarationOf(ctx, e, e.name)?.typeName ?? undefined;
    }
    case 'IndexAccess': {
      const base = typeOf(ctx, e.base);
      if (!base) return undefined;
      if (base.type === 'Mapping') return base.valueType;
      if (base.type === 'ArrayTypeName') return base.baseTypeName;
      if (base.type === 'ElementaryTypeName' && (base.name === 'bytes' || /^bytes\d+$/.test(base.name))) return elementary('bytes1');
      return undefined;
    }
    case 'MemberAccess': {
      const key = e.expression.type === 'Identifier' ? `${e.expression.name}.${e.memberName}` : '';
      if (ELEMENTARY_MEMBERS[key]) return elementary(ELEMENTARY_MEMBERS[key]);
      if (e.memberName === 'length') return elementary('uint256');
      const s = structOf(ctx, typeOf(ctx, e.expression));
      const m = s?.members.find((x) => x.name === e.memberName);
      return m?.typeName ?? undefined;
    }
    case 'FunctionCall': {
      if (e.expression.type === 'ElementaryTypeName') return e.expression;
      if (isIdent(e.expression) && /^(u?int\d*|address|bytes\d*|bool)$/.test(e.expression.name)) return elementary(e.expression.name);
      return undefined;
    }
    case 'BinaryOperation': {
      if (['+', '-', '*', '/', '%', '**', '&', '|', '^'].includes(e.operator)) return typeOf(ctx, e.left) ?? typeOf(ctx, e.right);
      if (['<<', '>>'].includes(e.operator)) return typeOf(ctx, e.left);
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Signedness and width of an integer type name, or undefined for other types. */
export function intType(t: TypeName | undefined | null): { signed: boolean; bits: number } | undefined {
  if (!t || t.type !== 'ElementaryTypeName') return undefined;
  const m = /^(u?)int(\d*)$/.exec(t.name);
  if (!m) return undefined;
  return { signed: m[1] !== 'u', bits: m[2] ? Number(m[2]) : 256 };
}

/** True for `string`, `bytes` and dynamically sized arrays. */
export function isDynamic(t: TypeName | undefined | null): boolean {
  if (!t) return false;
  if (t.type === 'ElementaryTypeName') return t.name === 'string' || t.name === 'bytes';
  if (t.type === 'ArrayTypeName') return t.length === null;
  return false;
}

/** True for integer, decimal and hex number literals, and unary minus on one. */
export function isNumberLiteral(node: ASTNode): boolean {
  const e = unwrap(node);
  if (e.type === 'NumberLiteral' || e.type === 'HexNumber' || e.type === 'DecimalNumber') return true;
  return e.type === 'UnaryOperation' && e.operator === '-' && isNumberLiteral(e.subExpression);
}

/** True when an expression is built only from literals and `type(T).max`-style constants. */
export function isConstantExpression(ctx: FactContext, node: ASTNode): boolean {
  const e = unwrap(node);
  if (isNumberLiteral(e)) return true;
  if (e.type === 'BinaryOperation') return isConstantExpression(ctx, e.left) && isConstantExpression(ctx, e.right);
  if (e.type === 'UnaryOperation') return isConstantExpression(ctx, e.subExpression);
  if (e.type === 'MemberAccess' && e.expression.type === 'FunctionCall' && isIdent(e.expression.expression, 'type')) return true;
  if (e.type === 'Identifier') {
    const d = declarationOf(ctx, e, e.name);
    return !!d && (d.isDeclaredConst === true || /^[A-Z][A-Z0-9_]*$/.test(e.name));
  }
  return false;
}

/**
 * Whether a function restricts its caller: the program model's answer (a check
 * of the caller against stored state on every path), the same for every rule.
 */
export function isAccessControlled(ctx: FactContext, fn: FunctionDef): boolean {
  const program = ctx.fact(programFact);
  const info = program.byNode.get(fn);
  return !!info && program.isProtected(info);
}

/** The 0-based line of an offset. */
export function lineOf(ctx: FactContext, offset: number): number {
  return ctx.parsed.lines.range(offset, offset).start.line;
}

/**
 * Wraps a visitor so that each handler sees a node once. The walk reaches a
 * state variable's initializer twice (as the declaration's `initialValue` and
 * as the variable's `expression`); without this, findings there would double.
 */
export function visitOnce<V extends object>(visitor: V): V {
  const seen = new WeakSet<object>();
  const out: Record<string, unknown> = {};
  for (const [key, fn] of Object.entries(visitor)) {
    if (typeof fn !== 'function') continue;
    out[key] = (node: object) => {
      if (key.endsWith(':exit') || !seen.has(node)) {
        if (!key.endsWith(':exit')) seen.add(node);
        (fn as (n: object) => void)(node);
      }
    };
  }
  return out as V;
}
