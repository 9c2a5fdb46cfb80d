/**
 * What a name in this file refers to, answered by the program model: a local or
 * parameter of the enclosing function, then the state of the contract and of its
 * C3 bases (whichever file declares them), then a file-level constant. Struct,
 * enum, user value type and contract names are looked up over the whole import
 * closure, nearest scope first. On top of that sits the declared type of an
 * expression where declarations tell it.
 */
import type { ASTNode, StateVariableDeclarationVariable, TypeName } from '@solidity-parser/parser/dist/src/ast-types';
import { defineFact, type FactContext, type NodeOf } from '../rules/framework';
import { isAssignment, isConversion, isIdent, isNumberLiteral, unparen } from './ast-util';
import { subtree } from './ast-index';
import { programFact, type ContractInfo, type FunctionInfo, type StateVar } from './program';
import { typedTypeOf } from './typed';

type VarDecl = NodeOf<'VariableDeclaration'>;
type TypeDecl = NodeOf<'StructDefinition'> | NodeOf<'EnumDefinition'> | NodeOf<'TypeDefinition'> | NodeOf<'ContractDefinition'>;

interface Declarations {
  contracts: Map<ASTNode, ContractInfo>;
  /** Structs, enums and user value types by name and by `Contract.Name`; this file's first. */
  types: Map<string, TypeDecl>;
  /** Names that a call can name without running code: structs, enums, user value types, events and errors. */
  inertCallees: Set<string>;
  fileConstants: Map<string, NodeOf<'FileLevelConstant'>>;
}

const declarationsFact = defineFact<Declarations>('declarations', (ctx) => {
  const program = ctx.fact(programFact);
  const contracts = new Map(program.allContracts.map((c) => [c.node as ASTNode, c]));
  const types = new Map<string, TypeDecl>();
  const inertCallees = new Set<string>();
  const fileConstants = new Map<string, NodeOf<'FileLevelConstant'>>();
  const add = (name: string, d: TypeDecl) => {
    if (!types.has(name)) types.set(name, d);
  };
  for (const file of ctx.closure) {
    for (const type of ['StructDefinition', 'EnumDefinition', 'TypeDefinition'] as const) {
      for (const d of file.index.ofType(type)) {
        add(d.name, d);
        const owner = file.index.enclosing(d, 'ContractDefinition');
        if (owner) add(`${owner.name}.${d.name}`, d);
        inertCallees.add(d.name);
      }
    }
    for (const d of file.index.ofType('EventDefinition')) inertCallees.add(d.name);
    for (const d of file.index.ofType('CustomErrorDefinition')) inertCallees.add(d.name);
    for (const c of file.index.ofType('FileLevelConstant')) if (!fileConstants.has(c.name)) fileConstants.set(c.name, c);
  }
  return { contracts, types, inertCallees, fileConstants };
});

/** The program model's record of a contract (with its C3 lineage and inherited state). */
export function contractInfo(ctx: FactContext, contract: NodeOf<'ContractDefinition'>): ContractInfo | undefined {
  return ctx.fact(declarationsFact).contracts.get(contract);
}

/** The state variables a contract declares itself, in order, as the program model records them. */
export function ownStateVars(ctx: FactContext, contract: NodeOf<'ContractDefinition'>): StateVar[] {
  const info = contractInfo(ctx, contract);
  return info ? [...info.stateVars.values()].filter((v) => v.contract === info) : [];
}

/** A state variable or file-level constant as a variable declaration. */
function asDeclaration(v: StateVar | NodeOf<'FileLevelConstant'>): VarDecl {
  if ('contract' in v) {
    if (v.node.type === 'VariableDeclaration') return v.node;
    v = v.node as NodeOf<'FileLevelConstant'>;
  }
  return { type: 'VariableDeclaration', name: v.name, typeName: v.typeName, isStateVar: true, isIndexed: false, identifier: null, storageLocation: null, expression: v.initialValue, isDeclaredConst: true } as VarDecl;
}

/**
 * The variable `name` refers to at `node` (a node of this file): a local,
 * parameter or named return of the enclosing function or modifier, else a state
 * variable of the contract or of any base in its lineage, else a file-level
 * constant. State variables and constants come back with `isStateVar` set.
 */
export function declarationOf(ctx: FactContext, node: ASTNode, name: string): VarDecl | undefined {
  const program = ctx.fact(programFact);
  const holder = ctx.index.enclosing(node, 'FunctionDefinition', 'ModifierDefinition');
  const fn = holder && program.byNode.get(holder);
  if (fn) {
    const r = program.resolve(fn, name);
    if (!r) return undefined;
    return r.kind === 'state' ? asDeclaration(r.v) : (r.decl as VarDecl);
  }
  const contract = ctx.index.enclosing(node, 'ContractDefinition');
  const v = (contract && contractInfo(ctx, contract)?.stateVars.get(name)) || ctx.fact(declarationsFact).fileConstants.get(name);
  return v ? asDeclaration(v) : undefined;
}

/** The state variable (or file-level constant) an identifier refers to, unless a local or parameter shadows it. */
export function stateVariableAt(ctx: FactContext, id: NodeOf<'Identifier'>): StateVariableDeclarationVariable | undefined {
  const d = declarationOf(ctx, id, id.name);
  return d?.isStateVar ? (d as StateVariableDeclarationVariable) : undefined;
}

/**
 * The struct, enum, user value type or contract a user-defined type name
 * refers to: a qualified name as written, else the name declared in the
 * nearest contract of the lineage around the type name, else anywhere in the
 * import closure.
 */
export function typeDeclaration(ctx: FactContext, t: TypeName | null | undefined): TypeDecl | undefined {
  if (!t || t.type !== 'UserDefinedTypeName') return undefined;
  const { types } = ctx.fact(declarationsFact);
  const path = t.namePath;
  const name = path.split('.').pop()!;
  if (path !== name) return types.get(path) ?? types.get(name) ?? ctx.fact(programFact).byName.get(name)?.node;
  const owner = ctx.fileOf(t)?.index.enclosing(t, 'ContractDefinition');
  const info = owner && contractInfo(ctx, owner);
  for (const c of info?.lineage ?? []) {
    const d = types.get(`${c.name}.${name}`);
    if (d) return d;
  }
  return types.get(name) ?? ctx.fact(programFact).byName.get(name)?.node;
}

/**
 * The struct a call constructs (`S(a, b)`, `Lib.S({x: a, y: b})`), with the argument given for
 * each member in declaration order; undefined when the call is not a struct constructor whose
 * declaration is in the import closure.
 */
export function structConstruction(ctx: FactContext, fn: FunctionInfo, call: NodeOf<'FunctionCall'>): { struct: NodeOf<'StructDefinition'>; fields: Map<string, ASTNode> } | undefined {
  const c = call.expression;
  const path = c.type === 'Identifier' ? c.name : c.type === 'MemberAccess' && c.expression.type === 'Identifier' ? `${c.expression.name}.${c.memberName}` : undefined;
  if (!path) return undefined;
  const { types } = ctx.fact(declarationsFact);
  const name = path.split('.').pop()!;
  let d: TypeDecl | undefined = path !== name ? types.get(path) : undefined;
  if (!d && path === name) for (const b of fn.contract.lineage) if ((d = types.get(`${b.name}.${name}`))) break;
  d ??= path === name ? types.get(name) : undefined;
  // A function of that name in scope would be called instead.
  if (d?.type !== 'StructDefinition' || (path === name && fn.contract.allFunctions.some((f) => f.name === name))) return undefined;
  const names = (call as { names?: string[] }).names ?? [];
  const fields = new Map<string, ASTNode>();
  if (names.length > 0) names.forEach((n, i) => call.arguments[i] && fields.set(n, call.arguments[i]));
  else if (call.arguments.length === d.members.length) d.members.forEach((m, i) => m.name && fields.set(m.name, call.arguments[i]));
  else return undefined;
  return { struct: d, fields };
}

/** The struct a type name refers to, when its declaration is in the import closure. */
export function structOf(ctx: FactContext, t: TypeName | null | undefined): NodeOf<'StructDefinition'> | undefined {
  const d = typeDeclaration(ctx, t);
  return d?.type === 'StructDefinition' ? d : undefined;
}

/** True for types held by value (integers, address, bool, fixed bytes, enums, contracts, user value types); undefined when the type is unknown. */
export function isValueTypeName(ctx: FactContext, t: TypeName | null | undefined): boolean | undefined {
  if (!t) return false;
  if (t.type === 'ElementaryTypeName') return t.name !== 'string' && t.name !== 'bytes';
  if (t.type !== 'UserDefinedTypeName') return false;
  const d = typeDeclaration(ctx, t);
  return d ? d.type !== 'StructDefinition' : undefined;
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
 * The declared type of an expression, where declarations tell it: variables,
 * indexing into arrays and mappings, struct members, `.length`, `.balance`,
 * explicit conversions, arithmetic on typed operands and well-known globals.
 * Undefined when unknown.
 */
export function typeOf(ctx: FactContext, expr: ASTNode): TypeName | undefined {
  // The compiler's type, where the deep tier compiled the node's file; the declarations answer elsewhere.
  const typed = typedTypeOf(ctx, expr);
  if (typed) return typed.type;
  const e = unparen(expr);
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
      if (m) return m.typeName ?? undefined;
      // Not a struct field, so the balance of an address.
      return e.memberName === 'balance' ? elementary('uint256') : undefined;
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

/**
 * True when the expression is a compile-time constant: literals, `constant`
 * variables (of this contract, its bases or the file), `type(T).max`/`.min`,
 * and operators, conversions and `keccak256` over those.
 */
export function isCompileTimeConstant(ctx: FactContext, expr: ASTNode | null | undefined): boolean {
  if (!expr) return false;
  const e = unparen(expr);
  if (isNumberLiteral(e)) return true;
  switch (e.type) {
    case 'BooleanLiteral':
    case 'StringLiteral':
    case 'HexLiteral':
      return true;
    case 'Identifier':
      return declarationOf(ctx, e, e.name)?.isDeclaredConst === true;
    case 'BinaryOperation':
      return !isAssignment(e) && isCompileTimeConstant(ctx, e.left) && isCompileTimeConstant(ctx, e.right);
    case 'UnaryOperation':
      return ['-', '~', '!'].includes(e.operator) && isCompileTimeConstant(ctx, e.subExpression);
    case 'FunctionCall': {
      // Conversions of constants, and hashes of them, are evaluated at compile time.
      const c = e.expression;
      return (isConversion(c) || isIdent(c, 'keccak256')) && e.arguments.length === 1 && isCompileTimeConstant(ctx, e.arguments[0]);
    }
    case 'MemberAccess':
      return (e.memberName === 'max' || e.memberName === 'min') && e.expression.type === 'FunctionCall' && isIdent(e.expression.expression, 'type');
    default:
      return false;
  }
}

/** Builtins that cannot write storage or call out. */
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
const PURE_ABI_MEMBERS = new Set(['encode', 'encodePacked', 'encodeWithSelector', 'encodeWithSignature', 'encodeCall', 'decode', 'concat']);

/**
 * True when `node` contains a call that could run other code: an internal,
 * external or library call. Conversions, struct constructors, events, errors
 * (declared anywhere in the import closure) and pure builtins do not count.
 */
export function hasOpaqueCall(ctx: FactContext, node: ASTNode | null | undefined): boolean {
  const { inertCallees } = ctx.fact(declarationsFact);
  return subtree(node).some((n) => n.type === 'FunctionCall' && ctx.index.parent(n)?.type !== 'EmitStatement' && isOpaque(n, inertCallees));
}

function isOpaque(call: NodeOf<'FunctionCall'>, inert: ReadonlySet<string>): boolean {
  const callee = call.expression;
  if (callee.type === 'ElementaryTypeName' || callee.type === 'ArrayTypeName') return false;
  if (callee.type === 'Identifier') return !(PURE_BUILTINS.has(callee.name) || inert.has(callee.name));
  if (callee.type === 'MemberAccess' && isIdent(callee.expression, 'abi') && PURE_ABI_MEMBERS.has(callee.memberName)) return false;
  if (callee.type === 'MemberAccess' && callee.memberName === 'concat' && (callee.expression.type === 'ElementaryTypeName' || isIdent(callee.expression, 'string'))) return false;
  if (callee.type === 'NewExpression' && callee.typeName.type === 'ArrayTypeName') return false;
  return true;
}
