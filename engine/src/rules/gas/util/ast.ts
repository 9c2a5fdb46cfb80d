/**
 * Small syntactic helpers shared by the gas rules: scopes, writes, types and
 * text layout. They work on one file's AST only; what other files do is out of
 * sight, so every helper leans towards "not sure" (which suppresses a finding
 * or downgrades its fix) rather than towards a confident wrong answer.
 */
import type {
  ASTNode,
  ContractDefinition,
  FunctionDefinition,
  Identifier,
  StateVariableDeclarationVariable,
  TypeName,
  VariableDeclaration,
} from '@solidity-parser/parser/dist/src/ast-types';
import { subtree } from '../../../facts/ast-index';

export { subtree };
import type { RuleContext } from '../../framework';

/** Strips index, member and slice accesses (and parentheses) down to the base expression. */
export function rootOf(expr: ASTNode | null | undefined): ASTNode | undefined {
  let e: ASTNode | null | undefined = expr;
  while (e) {
    if (e.type === 'IndexAccess') e = e.base;
    else if (e.type === 'IndexRangeAccess') e = e.base;
    else if (e.type === 'MemberAccess') e = e.expression;
    else if (e.type === 'TupleExpression' && !e.isArray && e.components.length === 1) e = e.components[0] as ASTNode;
    else return e;
  }
  return undefined;
}

/** The identifier an lvalue is rooted at, or undefined (e.g. for `f().x`). */
export function rootName(expr: ASTNode | null | undefined): string | undefined {
  const r = rootOf(expr);
  return r && r.type === 'Identifier' ? r.name : undefined;
}

export interface Write {
  /** The node that writes: an assignment, `++`/`--`, or `delete`. */
  node: ASTNode;
  /** The expression written to. */
  target: ASTNode;
  /** The name the target is rooted at, if it is rooted at an identifier. */
  name?: string;
}

const MUTATING_UNARY = new Set(['++', '--', 'delete']);
/** Member functions that change the array they are called on. */
const MUTATING_MEMBERS = new Set(['push', 'pop']);

function targetsOf(lhs: ASTNode): ASTNode[] {
  if (lhs.type === 'TupleExpression') return lhs.components.filter((c): c is ASTNode => !!c).flatMap((c) => targetsOf(c));
  return [lhs];
}

/** Every write inside `node`: assignments (including tuple targets), `++`, `--`, `delete`, `.push()` and `.pop()`. */
export function writesIn(node: ASTNode | null | undefined): Write[] {
  const out: Write[] = [];
  for (const n of subtree(node)) {
    if (n.type === 'BinaryOperation' && isAssignmentOperator(n.operator)) {
      for (const t of targetsOf(n.left)) out.push({ node: n, target: t, name: rootName(t) });
    } else if (n.type === 'UnaryOperation' && MUTATING_UNARY.has(n.operator)) {
      out.push({ node: n, target: n.subExpression, name: rootName(n.subExpression) });
    } else if (n.type === 'FunctionCall' && n.expression.type === 'MemberAccess' && MUTATING_MEMBERS.has(n.expression.memberName)) {
      out.push({ node: n, target: n.expression.expression, name: rootName(n.expression.expression) });
    }
  }
  return out;
}

/** `=`, `+=`, `-=` and the other compound assignments. */
export function isAssignmentOperator(op: string): boolean {
  return op === '=' || (op.length >= 2 && op.endsWith('=') && !['==', '!=', '<=', '>='].includes(op));
}

/** True when `node` is the target (or inside the target path) of a write, so it is not a plain read. */
export function isWriteTarget(ctx: RuleContext, node: ASTNode): boolean {
  let child: ASTNode = node;
  for (let p = ctx.parent(node); p; child = p, p = ctx.parent(p)) {
    if (p.type === 'BinaryOperation' && isAssignmentOperator(p.operator)) return p.left === child || containsNode(p.left, child);
    if (p.type === 'UnaryOperation' && MUTATING_UNARY.has(p.operator)) return true;
    if (p.type === 'IndexAccess' && p.base === child) continue;
    if (p.type === 'MemberAccess' || p.type === 'TupleExpression') continue;
    if (p.type === 'IndexAccess') return false;
    return false;
  }
  return false;
}

function containsNode(haystack: ASTNode, needle: ASTNode): boolean {
  if (haystack === needle) return true;
  if (haystack.type === 'TupleExpression') return haystack.components.some((c) => !!c && containsNode(c as ASTNode, needle));
  return false;
}

/** Builtins that cannot write storage or call out, so a loop or function that only calls these is free of side effects. */
const PURE_BUILTINS = new Set([
  'require',
  'assert',
  'revert',
  'keccak256',
  'sha256',
  'ripemd160',
  'ecrecover',
  'addmod',
  'mulmod',
  'blockhash',
  'gasleft',
  'type',
  // `address(x)` and `payable(x)` parse as calls of identifiers; they are conversions.
  'address',
  'payable',
]);
const PURE_MEMBERS = new Set(['encode', 'encodePacked', 'encodeWithSelector', 'encodeWithSignature', 'encodeCall', 'decode', 'concat']);

/** Names of the structs, enums, contracts, interfaces, errors and events declared in the file (calls to these are not opaque). */
export function declaredTypeNames(ctx: RuleContext): Set<string> {
  const cached = typeNamesCache.get(ctx.index);
  if (cached) return cached;
  const out = new Set<string>();
  typeNamesCache.set(ctx.index, out);
  for (const n of ctx.index.ofType('StructDefinition')) out.add(n.name);
  for (const n of ctx.index.ofType('EnumDefinition')) out.add(n.name);
  for (const n of ctx.index.ofType('EventDefinition')) out.add(n.name);
  for (const n of ctx.index.ofType('CustomErrorDefinition')) out.add(n.name);
  for (const n of ctx.index.ofType('TypeDefinition')) out.add(n.name);
  return out;
}

/**
 * True when `node` contains a call that could run other code: an internal,
 * external or library call. Type conversions, struct constructors, events,
 * errors and pure builtins do not count.
 */
export function hasOpaqueCall(ctx: RuleContext, node: ASTNode | null | undefined): boolean {
  const types = declaredTypeNames(ctx);
  for (const n of subtree(node)) {
    if (n.type !== 'FunctionCall') continue;
    const p = ctx.parent(n);
    if (p && p.type === 'EmitStatement') continue;
    if (hasOpaqueCallShallow(n, types)) return true;
  }
  return false;
}

function hasOpaqueCallShallow(call: ASTNode, types: ReadonlySet<string>): boolean {
  if (call.type !== 'FunctionCall') return false;
  const callee = call.expression;
  if (callee.type === 'ElementaryTypeName' || callee.type === 'ArrayTypeName') return false;
  if (callee.type === 'Identifier') return !(PURE_BUILTINS.has(callee.name) || types.has(callee.name));
  if (callee.type === 'MemberAccess' && callee.expression.type === 'Identifier' && callee.expression.name === 'abi' && PURE_MEMBERS.has(callee.memberName)) return false;
  if (callee.type === 'MemberAccess' && callee.memberName === 'concat' && (callee.expression.type === 'ElementaryTypeName' || (callee.expression.type === 'Identifier' && callee.expression.name === 'string'))) return false;
  if (callee.type === 'NewExpression' && callee.typeName.type === 'ArrayTypeName') return false;
  return true;
}

// Per-file memo tables. Keys are AST nodes (or the file's AstIndex), which live
// exactly as long as one analysis, so the tables never serve a stale file.
const typeNamesCache = new WeakMap<object, Set<string>>();
const namesCache = new WeakMap<object, Set<string>>();
const localsCache = new WeakMap<ASTNode, Map<string, VariableDeclaration>>();
const stateVarsCache = new WeakMap<ContractDefinition, StateVar[]>();
const contractsCache = new WeakMap<object, Map<string, ContractDefinition>>();
const lineageCache = new WeakMap<ContractDefinition, ContractDefinition[]>();

function locals(fn: ASTNode): Map<string, VariableDeclaration> {
  let m = localsCache.get(fn);
  if (!m) {
    m = new Map();
    for (const n of subtree(fn)) if (n.type === 'VariableDeclaration' && !n.isStateVar && n.name && !m.has(n.name)) m.set(n.name, n);
    localsCache.set(fn, m);
  }
  return m;
}

/** The names declared inside a function: parameters, returns and locals (including loop and try/catch variables). */
export function localNames(fn: ASTNode | null | undefined): Set<string> {
  return fn ? new Set(locals(fn).keys()) : new Set();
}

/** The local declaration (parameter, return or local variable) named `name` in `fn`, if any. */
export function localDeclaration(fn: ASTNode | null | undefined, name: string): VariableDeclaration | undefined {
  return fn ? locals(fn).get(name) : undefined;
}

/** True when `fn` declares a local, parameter or return named `name`. */
export function declaresLocal(fn: ASTNode | null | undefined, name: string): boolean {
  return !!fn && locals(fn).has(name);
}

/** The function, modifier or contract-level scope a node lives in. */
export function enclosingCallable(ctx: RuleContext, node: ASTNode): FunctionDefinition | Extract<ASTNode, { type: 'ModifierDefinition' }> | undefined {
  return ctx.index.enclosing(node, 'FunctionDefinition', 'ModifierDefinition');
}

export interface StateVar {
  decl: StateVariableDeclarationVariable;
  /** The whole `StateVariableDeclaration` statement. */
  statement: ASTNode;
  contract: ContractDefinition;
}

/** State variables declared in a contract itself (not its bases). */
export function ownStateVars(contract: ContractDefinition): StateVar[] {
  const cached = stateVarsCache.get(contract);
  if (cached) return cached;
  const out: StateVar[] = [];
  stateVarsCache.set(contract, out);
  for (const sub of contract.subNodes as ASTNode[]) {
    if (sub.type !== 'StateVariableDeclaration') continue;
    for (const v of sub.variables) out.push({ decl: v as StateVariableDeclarationVariable, statement: sub, contract });
  }
  return out;
}

/** Contracts of this file by name. */
export function contractsByName(ctx: RuleContext): Map<string, ContractDefinition> {
  const cached = contractsCache.get(ctx.index);
  if (cached) return cached;
  const out = new Map<string, ContractDefinition>();
  contractsCache.set(ctx.index, out);
  for (const c of ctx.index.ofType('ContractDefinition')) out.set(c.name, c);
  return out;
}

/** The contract and every base declared in this file, nearest first; unknown bases are skipped. */
export function lineage(ctx: RuleContext, contract: ContractDefinition): ContractDefinition[] {
  const cached = lineageCache.get(contract);
  if (cached) return cached;
  const byName = contractsByName(ctx);
  const out: ContractDefinition[] = [];
  lineageCache.set(contract, out);
  const seen = new Set<string>();
  const queue: ContractDefinition[] = [contract];
  while (queue.length > 0) {
    const c = queue.shift()!;
    if (seen.has(c.name)) continue;
    seen.add(c.name);
    out.push(c);
    for (const b of c.baseContracts) {
      const base = byName.get(b.baseName.namePath);
      if (base) queue.push(base);
    }
  }
  return out;
}

/** True when the contract has a base that is not declared in this file (so its members are unknown). */
export function hasUnknownBase(ctx: RuleContext, contract: ContractDefinition): boolean {
  const byName = contractsByName(ctx);
  return lineage(ctx, contract).some((c) => c.baseContracts.some((b) => !byName.has(b.baseName.namePath)));
}

/** Resolves an identifier used inside a function to a state variable of its contract (or a base in the file), unless a local shadows it. */
export function resolveStateVar(ctx: RuleContext, id: Identifier): StateVar | undefined {
  const fn = enclosingCallable(ctx, id);
  if (fn && declaresLocal(fn, id.name)) return undefined;
  const contract = ctx.index.enclosing(id, 'ContractDefinition');
  if (!contract) return undefined;
  for (const c of lineage(ctx, contract)) {
    const found = ownStateVars(c).find((v) => v.decl.name === id.name);
    if (found) return found;
  }
  return undefined;
}

/** The declared type of an identifier: a local, a parameter or a state variable. */
export function declaredTypeOf(ctx: RuleContext, id: Identifier): TypeName | undefined {
  const fn = enclosingCallable(ctx, id);
  const local = fn ? localDeclaration(fn, id.name) : undefined;
  if (local) return local.typeName ?? undefined;
  return resolveStateVar(ctx, id)?.decl.typeName ?? undefined;
}

/** `uint`, `uint8` … `uint256`. */
export function isUnsignedName(name: string): boolean {
  return /^uint(\d+)?$/.test(name);
}

/** `int`, `int8` … `int256`. */
export function isSignedName(name: string): boolean {
  return /^int(\d+)?$/.test(name);
}

/** Bit width of an integer type name, or undefined. */
export function intBits(name: string): number | undefined {
  const m = /^u?int(\d+)?$/.exec(name);
  if (!m) return undefined;
  return m[1] ? Number(m[1]) : 256;
}

/**
 * The integer type of an expression when it can be told from the syntax alone:
 * declared variables, mapping and array elements of those, `.length`,
 * `msg.value`, `.balance`, and conversions such as `uint256(x)`.
 */
export function integerTypeOf(ctx: RuleContext, expr: ASTNode | null | undefined): string | undefined {
  if (!expr) return undefined;
  switch (expr.type) {
    case 'Identifier': {
      const t = declaredTypeOf(ctx, expr);
      return t && t.type === 'ElementaryTypeName' && intBits(t.name) !== undefined ? t.name : undefined;
    }
    case 'MemberAccess': {
      if (expr.memberName === 'length') return 'uint256';
      if (expr.memberName === 'balance') return 'uint256';
      if (expr.expression.type === 'Identifier' && expr.expression.name === 'msg' && expr.memberName === 'value') return 'uint256';
      if (expr.expression.type === 'Identifier' && expr.expression.name === 'block' && ['timestamp', 'number', 'chainid', 'basefee', 'gaslimit'].includes(expr.memberName)) return 'uint256';
      return undefined;
    }
    case 'IndexAccess': {
      let t = typeOfIndexBase(ctx, expr.base);
      if (!t) return undefined;
      if (t.type === 'Mapping') t = t.valueType;
      else if (t.type === 'ArrayTypeName') t = t.baseTypeName;
      else return undefined;
      return t.type === 'ElementaryTypeName' && intBits(t.name) !== undefined ? t.name : undefined;
    }
    case 'FunctionCall': {
      const c = expr.expression;
      if (c.type === 'ElementaryTypeName' && intBits(c.name) !== undefined && expr.arguments.length === 1) return c.name;
      return undefined;
    }
    case 'TupleExpression':
      return !expr.isArray && expr.components.length === 1 ? integerTypeOf(ctx, expr.components[0] as ASTNode) : undefined;
    default:
      return undefined;
  }
}

function typeOfIndexBase(ctx: RuleContext, base: ASTNode): TypeName | undefined {
  if (base.type === 'Identifier') return declaredTypeOf(ctx, base);
  if (base.type === 'IndexAccess') {
    const t = typeOfIndexBase(ctx, base.base);
    if (!t) return undefined;
    if (t.type === 'Mapping') return t.valueType;
    if (t.type === 'ArrayTypeName') return t.baseTypeName;
  }
  return undefined;
}

/** True for types held by value: integers, address, bool, fixed bytes, enums, contracts and user value types. */
export function isValueTypeName(ctx: RuleContext, t: TypeName | null | undefined): boolean | undefined {
  if (!t) return false;
  if (t.type === 'ElementaryTypeName') return t.name !== 'string' && t.name !== 'bytes';
  if (t.type === 'UserDefinedTypeName') {
    const name = t.namePath.split('.').pop()!;
    if (ctx.index.ofType('StructDefinition').some((s) => s.name === name)) return false;
    if (ctx.index.ofType('EnumDefinition').some((s) => s.name === name)) return true;
    if (ctx.index.ofType('ContractDefinition').some((s) => s.name === name)) return true;
    if (ctx.index.ofType('TypeDefinition').some((s) => s.name === name)) return true;
    return undefined;
  }
  return false;
}

/** The text of a line's indentation at `offset`. */
export function indentAt(source: string, offset: number): string {
  let s = offset;
  while (s > 0 && source[s - 1] !== '\n') s--;
  let e = s;
  while (e < source.length && (source[e] === ' ' || source[e] === '\t')) e++;
  return source.slice(s, e);
}

/** The indentation unit the file uses (four spaces when it cannot tell). */
export function indentUnit(source: string): string {
  const m = /\n(\t+|[ ]{2,8})\S/.exec(source);
  if (!m) return '    ';
  return m[1].startsWith('\t') ? '\t' : m[1].length <= 4 ? m[1] : '    ';
}

/** A name not used by any identifier or declaration in the file, based on `wanted`. */
export function freshName(ctx: RuleContext, wanted: string, taken: ReadonlySet<string> = new Set()): string {
  let used = namesCache.get(ctx.index);
  if (!used) {
    used = new Set<string>();
    for (const n of ctx.index.nodes) {
      const name = (n as { name?: unknown }).name;
      if (typeof name === 'string') used.add(name);
    }
    namesCache.set(ctx.index, used);
  }
  const free = (n: string) => !used!.has(n) && !taken.has(n);
  if (free(wanted)) return wanted;
  for (let i = 2; ; i++) if (free(`${wanted}${i}`)) return `${wanted}${i}`;
}

/** True when an identifier of that name appears inside any inline assembly of the subtree (by word match, since Yul identifiers are plain text). */
export function usedInAssembly(ctx: RuleContext, root: ASTNode, name: string): boolean {
  const re = new RegExp(`\\b${name.replace(/[$]/g, '\\$')}\\b`);
  for (const n of subtree(root)) if (n.type === 'InlineAssemblyStatement' && re.test(ctx.text(n))) return true;
  return false;
}

/** True when the expression is a compile-time constant: literals, constants and arithmetic on them. */
export function isCompileTimeConstant(ctx: RuleContext, expr: ASTNode | null | undefined, constants: ReadonlySet<string>): boolean {
  if (!expr) return false;
  switch (expr.type) {
    case 'NumberLiteral':
    case 'BooleanLiteral':
    case 'StringLiteral':
    case 'HexLiteral':
    case 'HexNumber':
    case 'DecimalNumber':
      return true;
    case 'Identifier':
      return constants.has(expr.name);
    case 'BinaryOperation':
      return !isAssignmentOperator(expr.operator) && isCompileTimeConstant(ctx, expr.left, constants) && isCompileTimeConstant(ctx, expr.right, constants);
    case 'UnaryOperation':
      return (expr.operator === '-' || expr.operator === '~' || expr.operator === '!') && isCompileTimeConstant(ctx, expr.subExpression, constants);
    case 'TupleExpression':
      return !expr.isArray && expr.components.length === 1 && isCompileTimeConstant(ctx, expr.components[0] as ASTNode, constants);
    case 'FunctionCall': {
      const c = expr.expression;
      // Conversions of constants, and hashes of literals, are evaluated at compile time.
      if (isConversion(c)) return expr.arguments.length === 1 && isCompileTimeConstant(ctx, expr.arguments[0], constants);
      if (c.type === 'Identifier' && c.name === 'keccak256') return expr.arguments.length === 1 && isCompileTimeConstant(ctx, expr.arguments[0], constants);
      return false;
    }
    case 'MemberAccess': {
      // type(uint256).max and friends
      const e = expr.expression;
      return (expr.memberName === 'max' || expr.memberName === 'min') && e.type === 'FunctionCall' && e.expression.type === 'Identifier' && e.expression.name === 'type';
    }
    default:
      return false;
  }
}

/** Names of the `constant` state variables and file-level constants of the file. */
export function constantNames(ctx: RuleContext): Set<string> {
  const out = new Set<string>();
  for (const v of ctx.index.ofType('VariableDeclaration')) if (v.isStateVar && v.isDeclaredConst && v.name) out.add(v.name);
  for (const f of ctx.index.ofType('FileLevelConstant')) out.add(f.name);
  return out;
}

/**
 * Heuristic for contracts deployed behind a proxy: changing their storage
 * layout corrupts existing deployments, so layout-changing fixes become unsafe.
 */
export function looksUpgradeable(ctx: RuleContext, contract: ContractDefinition): boolean {
  for (const c of lineage(ctx, contract)) {
    if (/upgradeable|initializable|proxy|uups/i.test(c.name)) return true;
    if (c.baseContracts.some((b) => /upgradeable|initializable|proxy|uups/i.test(b.baseName.namePath))) return true;
    for (const s of c.subNodes as ASTNode[]) if (s.type === 'FunctionDefinition' && s.name && /^_?_?initiali[sz]e/i.test(s.name)) return true;
  }
  return false;
}

/** Expression kinds that never need parentheses when an operator is put around them. */
export function isAtomic(e: ASTNode): boolean {
  return ['Identifier', 'NumberLiteral', 'BooleanLiteral', 'StringLiteral', 'HexLiteral', 'MemberAccess', 'IndexAccess', 'FunctionCall', 'TupleExpression'].includes(e.type);
}

/** The expression's text, parenthesised unless it is atomic. */
export function wrapped(ctx: RuleContext, e: ASTNode): string {
  return isAtomic(e) ? ctx.text(e) : `(${ctx.text(e)})`;
}

/** The callee of a type conversion: `uint256(x)`, `bytes32(x)`, `address(x)`, `payable(x)`. */
export function isConversion(callee: ASTNode): boolean {
  return callee.type === 'ElementaryTypeName' || (callee.type === 'Identifier' && (callee.name === 'address' || callee.name === 'payable'));
}
