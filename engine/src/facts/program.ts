/**
 * The program model of one file: contracts with their inheritance (within the
 * file, by name), state variables, functions and modifiers; per function its
 * internal calls, modifiers, state reads and writes, external calls, events,
 * access control and reentrancy guards. Computed once per file.
 */
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineFact, type FactContext } from '../rules/framework';
import { forEachChild } from './ast-index';
import { baseIdentifier, calleeOf, isAssignment, isIdent, isMember, isSender, requireCondition, some, typeNameOf, unparen } from './ast-util';

type N<T extends ASTNode['type']> = Extract<ASTNode, { type: T }>;

export interface StateVar {
  name: string;
  node: ASTNode;
  decl: N<'StateVariableDeclaration'>;
  contract: ContractInfo;
  typeName: ASTNode | null;
  type: string;
  constant: boolean;
  immutable: boolean;
  /** Given a value where it is declared. */
  initialized: boolean;
}

export interface ContractInfo {
  node: N<'ContractDefinition'>;
  name: string;
  kind: string;
  /** This contract, then its bases defined in this file, most derived first. */
  lineage: ContractInfo[];
  /** Names of bases (direct or inherited) that are not defined in this file. */
  externalBases: string[];
  /** State variables by name, including inherited ones; the most derived wins. */
  stateVars: Map<string, StateVar>;
  /** Functions declared in this contract. */
  functions: FunctionInfo[];
  /** Every function visible in this contract (own and inherited, most derived first). */
  allFunctions: FunctionInfo[];
  /** Modifiers by name, own and inherited; the most derived wins. */
  modifiers: Map<string, FunctionInfo>;
  events: Set<string>;
  /** Struct, enum and user type names declared here. */
  localTypes: Set<string>;
}

export type ExternalCallKind = 'call' | 'delegatecall' | 'staticcall' | 'callcode' | 'send' | 'transfer' | 'high-level';

export interface ExternalCall {
  node: N<'FunctionCall'>;
  fn: FunctionInfo;
  kind: ExternalCallKind;
  member: string;
  /** The address or contract the call goes to. */
  target: ASTNode;
  /** The ETH sent, if any. */
  value?: ASTNode;
  /** Options such as `gas` as written. */
  options: Record<string, ASTNode>;
  /** The call's result decides something (require, if, a used variable, a return). */
  checked: boolean;
  /** The call stands alone as a statement: its result is thrown away. */
  discarded: boolean;
  inLoop: boolean;
}

export interface ModifierUse {
  node: N<'ModifierInvocation'>;
  name: string;
  target?: FunctionInfo;
}

export interface FunctionInfo {
  node: N<'FunctionDefinition'> | N<'ModifierDefinition'>;
  contract: ContractInfo;
  name: string;
  kind: 'function' | 'constructor' | 'fallback' | 'receive' | 'modifier';
  visibility: 'public' | 'external' | 'internal' | 'private';
  /** No visibility was written (before 0.5 this meant public). */
  defaultVisibility: boolean;
  /** Callable by any account: public or external, not a constructor or modifier, not in a library. */
  isEntry: boolean;
  payable: boolean;
  readonly: boolean;
  params: Map<string, ASTNode>;
  /** Local variables and named returns. */
  locals: Map<string, ASTNode>;
  modifiers: ModifierUse[];
  internalCalls: Array<{ node: N<'FunctionCall'>; target: FunctionInfo }>;
  /** Internal calls by name that this file cannot resolve (inherited from imports). */
  unresolvedCalls: Array<{ node: N<'FunctionCall'>; name: string }>;
  externalCalls: ExternalCall[];
  /** State variables read, and written (with the writing nodes), directly in this body. */
  reads: Set<string>;
  writes: Map<string, ASTNode[]>;
  events: ASTNode[];
  selfdestructs: N<'FunctionCall'>[];
  /** A check on msg.sender (or tx.origin) appears directly in this body. */
  senderCheck: boolean;
}

export interface Program {
  contracts: ContractInfo[];
  byName: Map<string, ContractInfo>;
  functions: FunctionInfo[];
  byNode: Map<ASTNode, FunctionInfo>;
  /** The function or modifier that contains a node. */
  functionOf(node: ASTNode): FunctionInfo | undefined;
  /** Functions and modifiers reachable from `fn` through internal calls and modifiers, including `fn`. */
  reachable(fn: FunctionInfo): Set<FunctionInfo>;
  /** Entry functions from which `fn` can be reached (including `fn` itself if it is one). */
  entriesReaching(fn: FunctionInfo): FunctionInfo[];
  /** State variables written by `fn`, through internal calls and modifiers. */
  writesOf(fn: FunctionInfo): Set<string>;
  readsOf(fn: FunctionInfo): Set<string>;
  /** Only some accounts may call `fn`: a sender check in it, its modifiers or the checks it calls. */
  isProtected(fn: FunctionInfo): boolean;
  /** Any account can run `fn`: it is unprotected and some unprotected entry point reaches it. */
  openToAnyone(fn: FunctionInfo): boolean;
  /** `fn` is guarded against reentrancy by a modifier or a lock flag. */
  isGuarded(fn: FunctionInfo): boolean;
  /** The local, parameter or state variable a name refers to inside `fn`. */
  resolve(fn: FunctionInfo, name: string): { kind: 'local' | 'param'; decl: ASTNode } | { kind: 'state'; v: StateVar } | undefined;
  /** The declared type of an expression where it can be told from declarations. */
  staticType(fn: FunctionInfo | undefined, expr: ASTNode): ASTNode | string | undefined;
  /** The name of a contract or interface type an expression has, if it is one. */
  contractTypeOf(fn: FunctionInfo | undefined, expr: ASTNode): string | undefined;
  isInLoop(node: ASTNode, fn: FunctionInfo): boolean;
  /** Names that sender checks compare against or look up (`owner`, `admins`): who holds power. */
  authority: Set<string>;
}

const AUTH_MODIFIER = /^(only|auth|requires?auth|restricted|is_?owner|owner_?only|admin_?only|protected|governance|whenOwner|ifOwner|ifAdmin|onlyby)/i;
const GUARD_MODIFIER = /(non_?reentrant|no_?reentran|reentrancy_?guard|^lock(ed)?$|^mutex$|^noReentry$|^guard$)/i;
const CHECK_CALL = /^(_?check(Owner|Role|Admin|Auth|Sender|Caller|Owners?)|_?only(Owner|Role|Admin|Governance)|_?requireOwner|_?authorize\w*|_?requireCallerIs\w*|_?enforceIsContractOwner|_?assertOwner)$/;
const ADDRESS_MEMBERS = new Set(['call', 'delegatecall', 'staticcall', 'callcode', 'send', 'transfer']);
const NON_CONTRACT_OBJECTS = new Set(['msg', 'block', 'tx', 'abi', 'this', 'super', 'type', 'bytes', 'string', 'address', 'Math', 'SafeMath', 'SafeCast', 'Strings', 'Address', 'ECDSA', 'console']);

function kindOf(node: N<'FunctionDefinition'>, contract: N<'ContractDefinition'>): FunctionInfo['kind'] {
  if (node.isConstructor || (node.name !== null && node.name === contract.name)) return 'constructor';
  if (node.isReceiveEther) return 'receive';
  if (node.isFallback || node.name === null || node.name === '') return 'fallback';
  return 'function';
}

function collectDecls(node: ASTNode, into: Map<string, ASTNode>): void {
  const visit = (n: ASTNode) => {
    if (n.type === 'VariableDeclaration' && n.name) into.set(n.name, n);
    forEachChild(n, visit);
  };
  visit(node);
}

/** The program model of the file. */
export const programFact = defineFact<Program>('program', (ctx) => buildProgram(ctx));

function buildProgram(ctx: FactContext): Program {
  const contracts: ContractInfo[] = [];
  const byName = new Map<string, ContractInfo>();
  const byNode = new Map<ASTNode, FunctionInfo>();
  const functions: FunctionInfo[] = [];
  const fileTypes = new Set<string>();
  for (const s of ctx.index.ofType('StructDefinition')) fileTypes.add(s.name);
  for (const e of ctx.index.ofType('EnumDefinition')) fileTypes.add(e.name);
  for (const u of ctx.index.ofType('TypeDefinition')) fileTypes.add(u.name);

  for (const node of ctx.index.ofType('ContractDefinition')) {
    const c: ContractInfo = {
      node,
      name: node.name,
      kind: node.kind,
      lineage: [],
      externalBases: [],
      stateVars: new Map(),
      functions: [],
      allFunctions: [],
      modifiers: new Map(),
      events: new Set(),
      localTypes: new Set(),
    };
    contracts.push(c);
    if (!byName.has(node.name)) byName.set(node.name, c);
  }

  // Lineage: a depth-first, most-derived-first order of the bases found in this file.
  // It is not full C3 linearisation, but for name lookup it picks the same winner in
  // the usual single- and diamond-inheritance shapes.
  const lineageOf = (c: ContractInfo, seen = new Set<ContractInfo>()): ContractInfo[] => {
    if (seen.has(c)) return [];
    seen.add(c);
    const out: ContractInfo[] = [c];
    const bases = [...c.node.baseContracts].reverse();
    for (const b of bases) {
      const name = b.baseName.namePath.split('.').pop()!;
      const base = byName.get(name);
      if (base) for (const x of lineageOf(base, seen)) if (!out.includes(x)) out.push(x);
    }
    return out;
  };
  for (const c of contracts) {
    c.lineage = lineageOf(c);
    const ext = new Set<string>();
    for (const l of c.lineage) for (const b of l.node.baseContracts) if (!byName.has(b.baseName.namePath.split('.').pop()!)) ext.add(b.baseName.namePath);
    c.externalBases = [...ext];
  }

  // Own members.
  for (const c of contracts) {
    for (const sub of c.node.subNodes as ASTNode[]) {
      if (sub.type === 'StateVariableDeclaration') {
        for (const v of sub.variables) {
          if (!v.name) continue;
          const vv = v as N<'VariableDeclaration'> & { isImmutable?: boolean };
          c.stateVars.set(v.name, {
            name: v.name,
            node: v,
            decl: sub,
            contract: c,
            typeName: v.typeName ?? null,
            type: typeNameOf(v.typeName),
            constant: !!vv.isDeclaredConst,
            immutable: !!vv.isImmutable,
            initialized: sub.initialValue !== null && sub.initialValue !== undefined,
          });
        }
      } else if (sub.type === 'EventDefinition') c.events.add(sub.name);
      else if (sub.type === 'StructDefinition' || sub.type === 'EnumDefinition') c.localTypes.add(sub.name);
      else if (sub.type === 'FunctionDefinition' || sub.type === 'ModifierDefinition') {
        const fn = makeFunction(sub, c);
        c.functions.push(fn);
        functions.push(fn);
        byNode.set(sub, fn);
        if (sub.type === 'ModifierDefinition') c.modifiers.set(sub.name, fn);
      }
    }
  }
  // Inherited members, most derived first.
  for (const c of contracts) {
    for (const base of c.lineage.slice(1)) {
      for (const [k, v] of base.stateVars) if (!c.stateVars.has(k) && v.contract === base) c.stateVars.set(k, v);
      for (const [k, m] of base.modifiers) if (!c.modifiers.has(k) && m.contract === base) c.modifiers.set(k, m);
      for (const e of base.events) c.events.add(e);
    }
    for (const l of c.lineage) c.allFunctions.push(...l.functions.filter((f) => f.kind !== 'modifier'));
  }

  const isLibrary = (name: string) => byName.get(name)?.kind === 'library';
  const isContractName = (name: string) => {
    const c = byName.get(name);
    if (c) return c.kind !== 'library';
    return false;
  };

  const resolve: Program['resolve'] = (fn, name) => {
    const local = fn.locals.get(name);
    if (local) return { kind: 'local', decl: local };
    const p = fn.params.get(name);
    if (p) return { kind: 'param', decl: p };
    const v = fn.contract.stateVars.get(name);
    if (v) return { kind: 'state', v };
    return undefined;
  };

  const staticType: Program['staticType'] = (fn, expr) => {
    const e = unparen(expr);
    if (e.type === 'Identifier') {
      if (!fn) return undefined;
      const r = resolve(fn, e.name);
      if (!r) return undefined;
      return r.kind === 'state' ? (r.v.typeName ?? undefined) : ((r.decl as N<'VariableDeclaration'>).typeName ?? undefined);
    }
    if (e.type === 'IndexAccess') {
      const t = staticType(fn, e.base);
      if (t && typeof t !== 'string') {
        if (t.type === 'Mapping') return t.valueType;
        if (t.type === 'ArrayTypeName') return t.baseTypeName;
      }
      return undefined;
    }
    if (e.type === 'FunctionCall' && e.expression.type === 'Identifier' && e.arguments.length === 1) {
      const name = e.expression.name;
      // A conversion such as `IERC20(token)` or `Bank(addr)`.
      if (isContractName(name) || (!byName.has(name) && /^[A-Z]/.test(name) && !fileTypes.has(name) && !fn?.contract.allFunctions.some((f) => f.name === name))) return name;
      if (name === 'address' || name === 'payable') return 'address';
    }
    if (e.type === 'MemberAccess') {
      // A field of a struct declared in this file.
      const t = staticType(fn, e.expression);
      const name = t && typeof t !== 'string' && t.type === 'UserDefinedTypeName' ? t.namePath.split('.').pop()! : undefined;
      const struct = name ? ctx.index.ofType('StructDefinition').find((d) => d.name === name) : undefined;
      const member = struct?.members.find((m) => m.name === e.memberName);
      if (member?.typeName) return member.typeName;
    }
    if (e.type === 'ElementaryTypeName') return e.name;
    if (e.type === 'MemberAccess' && isSender(e)) return 'address';
    if (e.type === 'MemberAccess' && isMember(e, 'tx', 'origin')) return 'address';
    return undefined;
  };

  const contractTypeOf: Program['contractTypeOf'] = (fn, expr) => {
    const t = staticType(fn, expr);
    if (t === undefined) return undefined;
    const name = typeof t === 'string' ? t : t.type === 'UserDefinedTypeName' ? t.namePath : undefined;
    if (!name) return undefined;
    const short = name.split('.').pop()!;
    if (fileTypes.has(short) || isLibrary(short)) return undefined;
    if (byName.has(short)) return short;
    // Types declared elsewhere: structs and enums are rare as call targets, and a
    // call on a value of an imported type is a call to another contract.
    return /^[A-Z_]/.test(short) ? short : undefined;
  };

  const lookupFunction = (c: ContractInfo, name: string, argc: number): FunctionInfo | undefined => {
    const named = c.allFunctions.filter((f) => f.name === name);
    return named.find((f) => f.params.size === argc || (f.node as N<'FunctionDefinition'>).parameters.length === argc) ?? named[0];
  };

  const authorityNames = new Set<string>();
  // Calls, state accesses and external calls per function.
  for (const fn of functions) {
    analyseBody(fn);
  }

  function analyseBody(fn: FunctionInfo): void {
    const c = fn.contract;
    for (const m of (fn.node as N<'FunctionDefinition'>).modifiers ?? []) {
      const target = c.modifiers.get(m.name);
      // A constructor's "modifiers" may be base-constructor calls.
      if (!target && byName.has(m.name)) continue;
      fn.modifiers.push({ node: m, name: m.name, target });
    }
    const visit = (n: ASTNode, inLoop: boolean) => {
      const loop = n.type === 'ForStatement' || n.type === 'WhileStatement' || n.type === 'DoWhileStatement';
      handle(n, inLoop);
      forEachChild(n, (ch) => visit(ch, inLoop || loop));
    };

    const handle = (n: ASTNode, inLoop: boolean) => {
      switch (n.type) {
        case 'Identifier': {
          const r = resolve(fn, n.name);
          if (r?.kind === 'state') fn.reads.add(n.name);
          break;
        }
        case 'BinaryOperation':
          if (isAssignment(n)) markWrite(n.left, n);
          break;
        case 'UnaryOperation':
          if (n.operator === '++' || n.operator === '--' || n.operator === 'delete') markWrite(n.subExpression, n);
          break;
        case 'VariableDeclarationStatement':
          // A storage pointer to state makes later writes through it state writes.
          for (const v of n.variables as Array<N<'VariableDeclaration'> | null>) {
            if (v && v.type === 'VariableDeclaration' && isStorageRef(v) && n.initialValue) {
              const base = baseIdentifier(n.initialValue);
              if (base) {
                const r = resolve(fn, base.name);
                if (r?.kind === 'state') storageAlias.set(v.name!, base.name);
              }
            }
          }
          break;
        case 'EmitStatement':
          fn.events.push(n);
          break;
        case 'FunctionCall':
          handleCall(n, inLoop);
          break;
        case 'IfStatement':
          if (containsSenderCheck(n.condition, fn.kind === 'modifier')) fn.senderCheck = true;
          break;
        case 'InlineAssemblyStatement':
          // sstore in assembly is a write we cannot name; record it under a pseudo-variable.
          if (/\bsstore\s*\(/.test(ctx.text(n))) addWrite('<assembly>', n);
          break;
        default:
          break;
      }
    };

    const storageAlias = new Map<string, string>();
    const addWrite = (name: string, node: ASTNode) => {
      let list = fn.writes.get(name);
      if (!list) fn.writes.set(name, (list = []));
      list.push(node);
    };
    const markWrite = (target: ASTNode, node: ASTNode) => {
      const t = unparen(target);
      if (t.type === 'TupleExpression') {
        for (const comp of t.components) if (comp) markWrite(comp as ASTNode, node);
        return;
      }
      const base = baseIdentifier(t);
      if (!base) return;
      const r = resolve(fn, base.name);
      if (r?.kind === 'state') addWrite(base.name, node);
      else if (r?.kind === 'local' && storageAlias.has(base.name) && t !== base) addWrite(storageAlias.get(base.name)!, node);
    };

    const handleCall = (call: N<'FunctionCall'>, inLoop: boolean) => {
      const req = requireCondition(call);
      if (req && containsSenderCheck(req, fn.kind === 'modifier')) fn.senderCheck = true;
      const { callee, options } = calleeOf(call);
      // Skip the inner halves of the old `x.call.value(v)(d)` chain; the outer call is handled.
      if (call.expression.type === 'MemberAccess' && (call.expression.memberName === 'value' || call.expression.memberName === 'gas')) {
        const inner = call.expression.expression;
        if (inner.type === 'MemberAccess' && ADDRESS_MEMBERS.has(inner.memberName)) return;
        if (inner.type === 'MemberAccess' && contractTypeOf(fn, inner.expression)) return;
      }
      if (callee.type === 'Identifier') {
        const name = callee.name;
        if (name === 'selfdestruct' || name === 'suicide') {
          fn.selfdestructs.push(call);
          return;
        }
        if (c.events.has(name)) {
          // Before 0.4.21 events were emitted without `emit`.
          fn.events.push(call);
          return;
        }
        const target = lookupFunction(c, name, call.arguments.length);
        if (target) fn.internalCalls.push({ node: call, target });
        else if (!byName.has(name) && !fileTypes.has(name) && !BUILTIN_FUNCTIONS.has(name)) fn.unresolvedCalls.push({ node: call, name });
        return;
      }
      if (callee.type !== 'MemberAccess') return;
      const member = callee.memberName;
      const object = unparen(callee.expression);
      if (isIdent(object, 'super')) {
        const base = c.lineage.slice(1).map((b) => lookupFunction(b, member, call.arguments.length)).find(Boolean);
        if (base) fn.internalCalls.push({ node: call, target: base });
        return;
      }
      if (object.type === 'Identifier' && byName.has(object.name) && !resolve(fn, object.name)) {
        // `Base.f()` or `Lib.f()`: code of this file, run in this contract's context.
        const target = lookupFunction(byName.get(object.name)!, member, call.arguments.length);
        if (target) fn.internalCalls.push({ node: call, target });
        return;
      }
      if (isIdent(object, 'this')) return;
      let kind: ExternalCallKind | undefined;
      if (member === 'call' || member === 'delegatecall' || member === 'staticcall' || member === 'callcode') kind = member;
      else if (member === 'send' && call.arguments.length === 1) kind = 'send';
      else if (member === 'transfer' && call.arguments.length === 1 && !contractTypeOf(fn, object)) kind = 'transfer';
      else if (object.type === 'Identifier' && NON_CONTRACT_OBJECTS.has(object.name) && !resolve(fn, object.name)) kind = undefined;
      else if (contractTypeOf(fn, object)) kind = 'high-level';
      if (!kind) return;
      const value = kind === 'send' || kind === 'transfer' ? call.arguments[0] : options.value;
      const use = resultUse(call, fn);
      // transfer has no result to check: it reverts by itself when the payment fails.
      const checked = kind === 'transfer' || use.checked;
      const discarded = use.discarded;
      fn.externalCalls.push({ node: call, fn, kind, member, target: object, value, options, checked, discarded, inLoop });
    };

    if (fn.node.type === 'FunctionDefinition') {
      for (const m of fn.node.modifiers ?? []) for (const a of m.arguments ?? []) visit(a as ASTNode, false);
    }
    if (fn.node.body) visit(fn.node.body, false);
  }

  function resultUse(call: N<'FunctionCall'>, fn: FunctionInfo): { checked: boolean; discarded: boolean } {
    let child: ASTNode = call;
    let parent = ctx.index.parent(call);
    while (parent && parent.type === 'TupleExpression' && parent.components.length === 1) {
      child = parent;
      parent = ctx.index.parent(parent);
    }
    if (!parent || parent.type === 'ExpressionStatement') return { checked: false, discarded: true };
    let name: string | undefined;
    if (parent.type === 'VariableDeclarationStatement') {
      const first = parent.variables[0] as N<'VariableDeclaration'> | null;
      if (!first) return { checked: false, discarded: true };
      name = first.name ?? undefined;
    } else if (isAssignment(parent) && (parent as N<'BinaryOperation'>).right === child) {
      const left = unparen((parent as N<'BinaryOperation'>).left);
      if (left.type === 'TupleExpression') {
        const first = left.components[0] as ASTNode | null;
        if (!first) return { checked: false, discarded: true };
        if (first.type === 'Identifier') name = first.name;
        else return { checked: true, discarded: false };
      } else if (left.type === 'Identifier') name = left.name;
      else return { checked: true, discarded: false };
    } else return { checked: true, discarded: false };
    if (!name) return { checked: false, discarded: true };
    // A named return value hands the result to the caller.
    if (fn.node.type === 'FunctionDefinition' && (fn.node.returnParameters ?? []).some((p) => p.name === name)) return { checked: true, discarded: false };
    // The result sits in a variable: it counts as checked when the variable is read.
    const body = fn.node.body;
    let used = false;
    const visit = (n: ASTNode) => {
      if (used) return;
      if (isAssignment(n)) {
        const bin = n as N<'BinaryOperation'>;
        const left = unparen(bin.left);
        if ((left.type === 'Identifier' && left.name === name) || left.type === 'TupleExpression') {
          visit(bin.right);
          return;
        }
      }
      if (n.type === 'VariableDeclaration') return;
      if (n.type === 'Identifier' && n.name === name) used = true;
      if (n.type === 'AssemblyCall' || n.type === 'AssemblyLocalDefinition' || n.type === 'AssemblyAssignment') {
        if (ctx.text(n).includes(name!)) used = true;
      }
      forEachChild(n, visit);
    };
    if (body) visit(body);
    return used ? { checked: true, discarded: false } : { checked: false, discarded: false };
  }

  // Records who holds power. `msg.sender == owner` names a role; `msg.sender ==
  // channels[id].party` only asks whether the caller is that entry's participant,
  // so values reached through an index are not roles, while a mapping keyed by the
  // sender itself (`admins[msg.sender]`) is.
  function authority(e: ASTNode): true {
    const x = unparen(e);
    const keyedBySender = x.type === 'IndexAccess' && !!x.index && isSender(unparen(x.index));
    const b = baseIdentifier(x);
    if (b && (keyedBySender || !some(x, (n) => n.type === 'IndexAccess'))) authorityNames.add(b.name);
    return true;
  }

  function containsSenderCheck(cond: ASTNode | null | undefined, inModifier = false): boolean {
    if (!cond) return false;
    const e = unparen(cond);
    if (e.type === 'BinaryOperation') {
      if (e.operator === '&&' || e.operator === '||') {
        // Both sides are looked at so that every authority they name is recorded.
        const left = containsSenderCheck(e.left, inModifier);
        const right = containsSenderCheck(e.right, inModifier);
        return left || right;
      }
      if (e.operator === '==' || e.operator === '!=') {
        const l = unparen(e.left);
        const r = unparen(e.right);
        const who = (a: ASTNode) => isSender(a) || isMember(a, 'tx', 'origin');
        if (who(l) && !who(r) && !isLiteralish(r)) return authority(r);
        if (who(r) && !who(l) && !isLiteralish(l)) return authority(l);
        // `isOwner[msg.sender] == true`
        if ((isSenderIndex(l) && isBoolLit(r)) || (isSenderIndex(r) && isBoolLit(l))) return authority(isSenderIndex(l) ? l : r);
        // In a modifier, `owners[msg.sender] != 0` gates on membership: modifiers exist to gate.
        if (inModifier && (isSenderIndex(l) || isSenderIndex(r)) && (isLiteralish(l) || isLiteralish(r))) return authority(isSenderIndex(l) ? l : r);
      }
      return false;
    }
    if (e.type === 'UnaryOperation' && e.operator === '!') return containsSenderCheck(e.subExpression, inModifier);
    if (isSenderIndex(e)) return authority(e);
    if (e.type === 'FunctionCall') {
      const { callee } = calleeOf(e);
      const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberAccess' ? callee.memberName : '';
      if (/^_?(is|has|check|can|only|auth)/i.test(name) && (e.arguments.some((a) => isSender(unparen(a))) || /owner|admin|auth/i.test(name))) return true;
    }
    return false;
  }

  function isSenderIndex(e: ASTNode): boolean {
    const x = unparen(e);
    return x.type === 'IndexAccess' && !!x.index && isSender(unparen(x.index));
  }

  // Transitive closures.
  const reachCache = new Map<FunctionInfo, Set<FunctionInfo>>();
  const reachable = (fn: FunctionInfo): Set<FunctionInfo> => {
    let r = reachCache.get(fn);
    if (r) return r;
    r = new Set([fn]);
    const stack = [fn];
    while (stack.length) {
      const f = stack.pop()!;
      for (const m of f.modifiers) if (m.target && !r.has(m.target)) (r.add(m.target), stack.push(m.target));
      for (const ic of f.internalCalls) if (!r.has(ic.target)) (r.add(ic.target), stack.push(ic.target));
    }
    reachCache.set(fn, r);
    return r;
  };
  const writesOf = (fn: FunctionInfo) => {
    const s = new Set<string>();
    for (const f of reachable(fn)) for (const k of f.writes.keys()) s.add(k);
    return s;
  };
  const readsOf = (fn: FunctionInfo) => {
    const s = new Set<string>();
    for (const f of reachable(fn)) for (const k of f.reads) s.add(k);
    return s;
  };

  const protCache = new Map<FunctionInfo, boolean>();
  const isProtected = (fn: FunctionInfo): boolean => {
    const cached = protCache.get(fn);
    if (cached !== undefined) return cached;
    protCache.set(fn, false);
    let p = fn.senderCheck;
    for (const m of fn.modifiers) {
      if (p) break;
      if (m.target) p = isProtected(m.target);
      else p = AUTH_MODIFIER.test(m.name);
    }
    for (const ic of fn.internalCalls) {
      if (p) break;
      // A helper that checks the sender, such as `_checkOwner()`, protects its caller.
      if (CHECK_CALL.test(ic.target.name) || /^_?(check|only|require|auth|assert)/i.test(ic.target.name)) p = isProtected(ic.target);
    }
    for (const uc of fn.unresolvedCalls) {
      if (p) break;
      if (CHECK_CALL.test(uc.name)) p = true;
    }
    protCache.set(fn, p);
    return p;
  };

  const isGuarded = (fn: FunctionInfo): boolean => {
    for (const m of fn.modifiers) {
      if (GUARD_MODIFIER.test(m.name)) return true;
      if (m.target && isLockModifier(m.target)) return true;
    }
    return fn.kind === 'modifier' ? false : isLockBody(fn);
  };

  // A lock flag: a state variable checked in a condition and written before `_`.
  function isLockModifier(m: FunctionInfo): boolean {
    const body = m.node.body;
    if (!body) return false;
    const stmts = body.statements as ASTNode[];
    const place = stmts.findIndex((s) => s.type === 'ExpressionStatement' && isIdent(s.expression as ASTNode, '_'));
    if (place < 0) return false;
    const checked = new Set<string>();
    for (const s of stmts.slice(0, place)) {
      const cond = s.type === 'IfStatement' ? s.condition : s.type === 'ExpressionStatement' && s.expression ? requireCondition(s.expression as ASTNode) : undefined;
      if (cond) for (const id of identifiersIn(cond)) if (m.contract.stateVars.has(id)) checked.add(id);
    }
    for (const s of stmts.slice(0, place)) {
      if (s.type === 'ExpressionStatement' && isAssignment(s.expression as ASTNode)) {
        const b = baseIdentifier((s.expression as N<'BinaryOperation'>).left);
        if (b && checked.has(b.name)) return true;
      }
    }
    return false;
  }

  function isLockBody(fn: FunctionInfo): boolean {
    // The same shape written inline at the top of a function.
    const body = fn.node.body;
    if (!body || body.statements.length < 2) return false;
    const [first, second] = body.statements as ASTNode[];
    const cond = first.type === 'IfStatement' ? first.condition : first.type === 'ExpressionStatement' && first.expression ? requireCondition(first.expression as ASTNode) : undefined;
    if (!cond || second.type !== 'ExpressionStatement' || !isAssignment(second.expression as ASTNode)) return false;
    const b = baseIdentifier((second.expression as N<'BinaryOperation'>).left);
    if (!b || !fn.contract.stateVars.has(b.name)) return false;
    const v = fn.contract.stateVars.get(b.name)!;
    return v.type === 'bool' && identifiersIn(cond).includes(b.name);
  }

  // Callers of each function or modifier, for walking the call graph upwards.
  const callers = new Map<FunctionInfo, FunctionInfo[]>();
  const addCaller = (callee: FunctionInfo, caller: FunctionInfo) => {
    let list = callers.get(callee);
    if (!list) callers.set(callee, (list = []));
    list.push(caller);
  };
  for (const f of functions) {
    for (const ic of f.internalCalls) addCaller(ic.target, f);
    for (const m of f.modifiers) if (m.target) addCaller(m.target, f);
  }
  const entryCache = new Map<FunctionInfo, FunctionInfo[]>();
  const entriesReaching = (fn: FunctionInfo): FunctionInfo[] => {
    let r = entryCache.get(fn);
    if (r) return r;
    const seen = new Set<FunctionInfo>([fn]);
    const stack = [fn];
    while (stack.length > 0) {
      const f = stack.pop()!;
      for (const c of callers.get(f) ?? []) if (!seen.has(c)) (seen.add(c), stack.push(c));
    }
    // In declaration order, as callers expect.
    r = functions.length < seen.size * 4 ? functions.filter((f) => f.isEntry && seen.has(f)) : [...seen].filter((f) => f.isEntry).sort((a, b) => functions.indexOf(a) - functions.indexOf(b));
    entryCache.set(fn, r);
    return r;
  };

  const functionOf = (node: ASTNode): FunctionInfo | undefined => {
    for (let p: ASTNode | undefined = node; p; p = ctx.index.parent(p)) {
      const f = byNode.get(p);
      if (f) return f;
    }
    return undefined;
  };

  const isInLoop = (node: ASTNode, fn: FunctionInfo): boolean => {
    for (let p = ctx.index.parent(node); p && p !== fn.node; p = ctx.index.parent(p)) {
      if (p.type === 'ForStatement' || p.type === 'WhileStatement' || p.type === 'DoWhileStatement') return true;
    }
    return false;
  };

  const openToAnyone = (fn: FunctionInfo): boolean => !isProtected(fn) && entriesReaching(fn).some((e) => !isProtected(e));

  return { authority: authorityNames, contracts, byName, functions, byNode, functionOf, reachable, entriesReaching, writesOf, readsOf, isProtected, openToAnyone, isGuarded, resolve, staticType, contractTypeOf, isInLoop };
}

const BUILTIN_FUNCTIONS = new Set([
  'require', 'assert', 'revert', 'keccak256', 'sha3', 'sha256', 'ripemd160', 'ecrecover', 'addmod', 'mulmod', 'blockhash', 'gasleft',
  'selfdestruct', 'suicide', 'address', 'payable', 'uint', 'uint256', 'int', 'int256', 'bytes', 'bytes32', 'string', 'bool', 'type',
]);

/**
 * A local that refers to storage: declared `storage`, or before 0.5 a `var` or a
 * struct/array local with no location, which the compiler made a storage reference.
 */
export function isStorageRef(v: N<'VariableDeclaration'>): boolean {
  if (v.storageLocation === 'storage') return true;
  if (v.storageLocation) return false;
  const t = v.typeName;
  return !t || (t.type === 'ElementaryTypeName' && t.name === 'var') || t.type === 'UserDefinedTypeName' || t.type === 'ArrayTypeName' || t.type === 'Mapping';
}

function isLiteralish(n: ASTNode): boolean {
  const e = unparen(n);
  if (e.type === 'NumberLiteral' || e.type === 'BooleanLiteral' || e.type === 'StringLiteral' || e.type === 'HexLiteral') return true;
  // `address(0)`
  if (e.type === 'FunctionCall' && e.expression.type === 'ElementaryTypeName' && e.arguments.length === 1) return isLiteralish(e.arguments[0]);
  if (e.type === 'FunctionCall' && isIdent(e.expression, 'address') && e.arguments.length === 1) return isLiteralish(e.arguments[0]);
  return false;
}

function isBoolLit(n: ASTNode): boolean {
  return unparen(n).type === 'BooleanLiteral';
}

function identifiersIn(n: ASTNode): string[] {
  const out: string[] = [];
  const visit = (x: ASTNode) => {
    if (x.type === 'Identifier') out.push(x.name);
    forEachChild(x, visit);
  };
  visit(n);
  return out;
}

function makeFunction(node: N<'FunctionDefinition'> | N<'ModifierDefinition'>, c: ContractInfo): FunctionInfo {
  const params = new Map<string, ASTNode>();
  for (const p of node.parameters ?? []) if (p.name) params.set(p.name, p);
  const locals = new Map<string, ASTNode>();
  if (node.type === 'FunctionDefinition') {
    for (const p of node.returnParameters ?? []) if (p.name) locals.set(p.name, p);
  }
  if (node.body) collectDecls(node.body, locals);
  let kind: FunctionInfo['kind'] = 'modifier';
  let visibility: FunctionInfo['visibility'] = 'internal';
  let defaultVisibility = false;
  let payable = false;
  let readonly = false;
  if (node.type === 'FunctionDefinition') {
    kind = kindOf(node, c.node);
    const v = node.visibility;
    defaultVisibility = v === 'default';
    visibility = v === 'default' ? (c.kind === 'interface' ? 'external' : 'public') : (v as FunctionInfo['visibility']);
    payable = node.stateMutability === 'payable';
    readonly = node.stateMutability === 'view' || node.stateMutability === 'pure' || node.stateMutability === 'constant';
  }
  const isEntry = node.type === 'FunctionDefinition' && kind !== 'constructor' && (visibility === 'public' || visibility === 'external') && c.kind !== 'library' && c.kind !== 'interface' && !!node.body;
  return {
    node,
    contract: c,
    name: node.name ?? '',
    kind,
    visibility,
    defaultVisibility,
    isEntry,
    payable,
    readonly,
    params,
    locals,
    modifiers: [],
    internalCalls: [],
    unresolvedCalls: [],
    externalCalls: [],
    reads: new Set(),
    writes: new Map(),
    events: [],
    selfdestructs: [],
    senderCheck: false,
  };
}
