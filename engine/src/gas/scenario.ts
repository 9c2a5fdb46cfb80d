/**
 * What the program model says about measuring a contract: which constructor
 * addresses stand for the deployer (an owner or an admin), which state each
 * function reads and writes (so that another function can set it up first),
 * which state bounds its loops (so that the loop can be measured at two
 * sizes), and which functions call other contracts (they need an external
 * system, answered here by a stub).
 *
 * Everything is decided from what the code does with a value, through the
 * program model of `facts/`, never from names: a constructor parameter is an
 * owner when it is stored where the code compares the caller, or keys a role
 * table the code checks the caller against, directly, through an internal
 * call, or through a base constructor (`Ownable(initialOwner)`).
 */
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import path from 'node:path';
import { parse } from '../parse';
import { createFactContext } from '../analyze';
import { Project } from '../project';
import { programFact, type ContractInfo, type FunctionInfo, type Program } from '../facts/program';
import { subtree } from '../facts/ast-index';
import { baseIdentifier, isAssignment, unparen, writesIn } from '../facts/ast-util';

type N<T extends ASTNode['type']> = Extract<ASTNode, { type: T }>;

/** What an address parameter stands for. */
export type AddressRole = 'owner' | 'contract' | 'account';

export interface FunctionFacts {
  /** State read, through internal calls and modifiers. */
  reads: Set<string>;
  /** State written (pushes and pops included), through internal calls and modifiers. */
  writes: Set<string>;
  /** State whose size or value bounds a loop the function runs (`i < items.length`, `i < count`). */
  loops: Set<string>;
  /** The function calls another contract (not itself): it needs an external system. */
  external: boolean;
  /** Only the contract itself may call it (`msg.sender == address(this)` on every path). */
  selfOnly?: boolean;
  /** Per parameter: what an address parameter stands for. */
  roles: Array<AddressRole | undefined>;
}

export interface ContractFacts {
  constructorRoles: Array<AddressRole | undefined>;
  /** By `name/parameter count`, as the ABI names them (public state variables included). */
  functions: Map<string, FunctionFacts>;
  /** State that caller checks compare against: writing it moves power. */
  authority: Set<string>;
  /** Authority state and state looked up by the caller's address. */
  held: Set<string>;
}

export const factsKey = (name: string, params: number) => `${name}/${params}`;

const projects = new Map<string, Project>();

/**
 * The program model of a file, over its import closure. Projects are kept per
 * root, and parses by content, so a second measurement of the same project
 * parses only what changed.
 */
export function programOf(file: string, text: string, root: string, remappings: readonly string[] = []): Program | undefined {
  try {
    const key = `${root}|${remappings.join(',')}`;
    let project = projects.get(key);
    if (!project) {
      if (projects.size > 8) projects.clear();
      projects.set(key, (project = new Project({ root, remappings })));
    }
    project.setOverlay(file, text);
    const parsed = parse(text);
    const ctx = createFactContext(parsed, path.resolve(file), project);
    return ctx.fact(programFact);
  } catch {
    // The plan only improves the scenarios; measuring goes on without it.
    return undefined;
  }
}

function paramNames(fn: FunctionInfo): string[] {
  const ps = (fn.node as N<'FunctionDefinition'>).parameters ?? [];
  return ps.map((p) => (p as { name?: string | null }).name ?? '');
}

/** `x`, `address(x)`, `payable(x)`, `IThing(x)`: the parameter a value is, seen through conversions. */
function paramIn(program: Program, e: ASTNode | null | undefined, names: ReadonlySet<string>): string | undefined {
  if (!e) return undefined;
  const x = unparen(e);
  if (x.type === 'Identifier' && names.has(x.name)) return x.name;
  // An element of an array parameter (`owners[i]`) stands for the parameter.
  if (x.type === 'IndexAccess' && unparen(x.base).type === 'Identifier') return paramIn(program, x.base, names);
  if (x.type === 'FunctionCall' && x.arguments.length === 1) {
    const c = x.expression;
    const conversion = c.type === 'ElementaryTypeName' || (c.type === 'Identifier' && (c.name === 'address' || c.name === 'payable' || program.byName.has(c.name)));
    if (conversion) return paramIn(program, x.arguments[0], names);
  }
  return undefined;
}

const CONTRACT_TYPE = (program: Program, t: ASTNode | null | undefined): boolean => !!t && t.type === 'UserDefinedTypeName' && ['contract', 'interface'].includes(program.byName.get(t.namePath.split('.').pop()!)?.kind ?? '');

/**
 * What each named parameter of `fn` is used for: stored as, or keying, state
 * the caller is checked against or looked up in (`owner`, a role table, the
 * caller's balance): the deployer's; called or stored as a contract.
 */
function parameterUses(program: Program, held: ReadonlySet<string>, fn: FunctionInfo, names: readonly string[], depth = 0, seen = new Set<FunctionInfo>()): Map<string, Set<AddressRole>> {
  const out = new Map<string, Set<AddressRole>>();
  if (depth > 6 || seen.has(fn)) return out;
  seen.add(fn);
  // Analyses the body (and what it calls) when it is in another file and was not reached yet.
  program.reachable(fn);
  const wanted = new Set(names.filter(Boolean));
  if (wanted.size === 0) return out;
  const add = (p: string, r: AddressRole) => {
    let s = out.get(p);
    if (!s) out.set(p, (s = new Set()));
    s.add(r);
  };
  const body = (fn.node as N<'FunctionDefinition'>).body;
  for (const n of subtree(body ?? undefined)) {
    if (isAssignment(n)) {
      const a = n as N<'BinaryOperation'>;
      const target = baseIdentifier(a.left);
      const r = target ? program.resolve(fn, target.name) : undefined;
      if (r?.kind !== 'state') continue;
      const stored = paramIn(program, a.right, wanted);
      if (stored && held.has(r.v.name)) add(stored, 'owner');
      if (stored && CONTRACT_TYPE(program, r.v.typeName)) add(stored, 'contract');
      // `roles[ROLE][account] = true`: the parameter keys a table the code checks the caller in.
      for (let y: ASTNode = unparen(a.left); y.type === 'IndexAccess' || y.type === 'MemberAccess'; y = unparen(y.type === 'IndexAccess' ? y.base : y.expression)) {
        const key = y.type === 'IndexAccess' ? paramIn(program, y.index, wanted) : undefined;
        if (key && held.has(r.v.name)) add(key, 'owner');
      }
    }
  }
  for (const call of fn.externalCalls) {
    const t = paramIn(program, call.target, wanted);
    if (t && call.kind === 'high-level') add(t, 'contract');
  }
  const forward = (target: FunctionInfo, args: readonly ASTNode[]) => {
    const inner = paramNames(target);
    const mapped: string[] = [];
    args.forEach((arg, i) => {
      const p = paramIn(program, arg, wanted);
      if (p && inner[i]) mapped[i] = inner[i];
    });
    if (mapped.length === 0) return;
    const got = parameterUses(program, held, target, inner.map((x, i) => (mapped[i] ? x : '')), depth + 1, seen);
    args.forEach((arg, i) => {
      const p = paramIn(program, arg, wanted);
      for (const r of got.get(inner[i]) ?? []) if (p) add(p, r);
    });
  };
  for (const c of fn.internalCalls) forward(c.target, c.node.arguments);
  // A constructor's base-constructor calls: `constructor(address o) Ownable(o)`.
  if (fn.kind === 'constructor') {
    for (const m of (fn.node as N<'FunctionDefinition'>).modifiers ?? []) {
      const base = program.byName.get(m.name);
      const ctor = base?.functions.find((f) => f.kind === 'constructor');
      if (ctor && m.arguments) forward(ctor, m.arguments);
    }
  }
  seen.delete(fn);
  return out;
}

const isMsgSender = (x: ASTNode) => x.type === 'MemberAccess' && x.memberName === 'sender' && x.expression.type === 'Identifier' && x.expression.name === 'msg';

/**
 * State looked up by the caller's address (`balances[msg.sender]`, and
 * through helpers such as `hasRole(role, _msgSender())` whose parameter
 * carries the caller): what the deployer holds when a constructor keys it
 * with a parameter.
 */
function senderKeyed(program: Program, entries: readonly FunctionInfo[]): Set<string> {
  const fns = new Set<FunctionInfo>();
  for (const e of entries) for (const f of program.reachable(e)) fns.add(f);
  for (const f of [...fns]) for (const m of f.modifiers) if (m.target) for (const g of program.reachable(m.target)) fns.add(g);
  const carriers = new Map<FunctionInfo, Set<string>>();
  const returnsSender = new Map<FunctionInfo, boolean>();
  const isSender = (fn: FunctionInfo, e: ASTNode, depth = 0): boolean => {
    const x = unparen(e);
    if (isMsgSender(x)) return true;
    if (x.type === 'Identifier') return carriers.get(fn)?.has(x.name) ?? false;
    if (x.type !== 'FunctionCall' || x.arguments.length > 0 || depth > 3) return false;
    const target = fn.internalCalls.find((c) => c.node === x)?.target;
    if (!target) return false;
    let known = returnsSender.get(target);
    if (known === undefined) {
      returnsSender.set(target, false);
      const rets = subtree((target.node as N<'FunctionDefinition'>).body ?? undefined).filter((n): n is N<'ReturnStatement'> => n.type === 'ReturnStatement' && !!n.expression);
      known = rets.length > 0 && rets.every((r) => isSender(target, r.expression!, depth + 1));
      returnsSender.set(target, known);
    }
    return known;
  };
  for (let pass = 0, changed = true; changed && pass < 4; pass++) {
    changed = false;
    for (const f of fns) {
      // `address owner = _msgSender();` makes a local that carries the caller.
      for (const n of subtree((f.node as N<'FunctionDefinition'>).body ?? undefined)) {
        if (n.type !== 'VariableDeclarationStatement' || n.variables.length !== 1 || !n.initialValue || !isSender(f, n.initialValue)) continue;
        const name = (n.variables[0] as { name?: string } | null)?.name;
        if (!name) continue;
        let set = carriers.get(f);
        if (!set) carriers.set(f, (set = new Set()));
        if (!set.has(name)) (set.add(name), (changed = true));
      }
      for (const c of f.internalCalls) {
        const inner = paramNames(c.target);
        c.node.arguments.forEach((a, i) => {
          if (!inner[i] || !isSender(f, a)) return;
          let set = carriers.get(c.target);
          if (!set) carriers.set(c.target, (set = new Set()));
          if (!set.has(inner[i])) (set.add(inner[i]), (changed = true));
        });
      }
    }
  }
  const out = new Set<string>();
  for (const f of fns) {
    for (const n of subtree((f.node as N<'FunctionDefinition'>).body ?? undefined)) {
      if (n.type !== 'IndexAccess' || !n.index || !isSender(f, n.index)) continue;
      const b = baseIdentifier(n.base);
      const r = b ? program.resolve(f, b.name) : undefined;
      if (r?.kind === 'state') out.add(r.v.name);
    }
  }
  return out;
}

function roleOf(uses: Set<AddressRole> | undefined): AddressRole | undefined {
  if (!uses) return undefined;
  if (uses.has('owner')) return 'owner';
  if (uses.has('contract')) return 'contract';
  return undefined;
}

/** State read in loop conditions of `fn` (a storage array's length or a stored count). */
function loopBounds(program: Program, fn: FunctionInfo): Set<string> {
  const out = new Set<string>();
  for (const n of subtree((fn.node as N<'FunctionDefinition'>).body ?? undefined)) {
    const cond = n.type === 'ForStatement' ? n.conditionExpression : n.type === 'WhileStatement' || n.type === 'DoWhileStatement' ? n.condition : undefined;
    if (!cond) continue;
    for (const x of subtree(cond)) {
      if (x.type !== 'Identifier') continue;
      const r = program.resolve(fn, x.name);
      if (r?.kind === 'state' && !r.v.constant && !r.v.immutable) out.add(r.v.name);
    }
  }
  return out;
}

function writesPlus(program: Program, fn: FunctionInfo): Set<string> {
  const out = new Set(program.writesOf(fn));
  // `.push()` and `.pop()` change an array without an assignment.
  for (const g of program.reachable(fn)) {
    for (const w of writesIn((g.node as N<'FunctionDefinition'>).body ?? undefined)) {
      if (!w.name) continue;
      const r = program.resolve(g, w.name);
      if (r?.kind === 'state') out.add(r.v.name);
    }
  }
  return out;
}

function externalIn(program: Program, fn: FunctionInfo): boolean {
  for (const g of program.reachable(fn)) {
    for (const c of g.externalCalls) {
      if (c.kind !== 'high-level' && c.kind !== 'delegatecall' && c.kind !== 'staticcall') continue;
      const t = unparen(c.target);
      if (t.type === 'Identifier' && t.name === 'this') continue;
      return true;
    }
  }
  return false;
}

/** The facts of one deployable contract (by name) of the program's file. */
export function contractFacts(program: Program, name: string): ContractFacts | undefined {
  const c: ContractInfo | undefined = program.contracts.find((x) => x.name === name) ?? program.byName.get(name);
  if (!c) return undefined;
  const entries = program.entriesOf(c);
  // Deciding who may call each entry fills in the authority state (`owner`, role tables).
  for (const e of entries) program.isProtected(e);
  const held = new Set([...program.authority, ...senderKeyed(program, entries)]);
  const ctor = c.lineage.map((x) => x.functions.find((f) => f.kind === 'constructor')).find((f) => !!f);
  let constructorRoles: Array<AddressRole | undefined> = [];
  if (ctor && ctor.contract === c) {
    const names = paramNames(ctor);
    const uses = parameterUses(program, held, ctor, names);
    constructorRoles = names.map((n) => roleOf(uses.get(n)));
    // A parameter of a contract type is a contract whatever is done with it.
    const ps = (ctor.node as N<'FunctionDefinition'>).parameters ?? [];
    ps.forEach((p, i) => {
      if (!constructorRoles[i] && CONTRACT_TYPE(program, (p as { typeName?: ASTNode }).typeName)) constructorRoles[i] = 'contract';
    });
  }
  const functions = new Map<string, FunctionFacts>();
  for (const e of entries) {
    const names = paramNames(e);
    const uses = parameterUses(program, held, e, names);
    const loops = new Set<string>();
    for (const g of program.reachable(e)) for (const s of loopBounds(program, g)) loops.add(s);
    const facts: FunctionFacts = { reads: new Set(program.readsOf(e)), writes: writesPlus(program, e), loops, external: externalIn(program, e), roles: names.map((n) => roleOf(uses.get(n))) };
    if (program.selfOnly(e)) facts.selfOnly = true;
    functions.set(factsKey(e.name, names.length), facts);
  }
  // Public state variables: their getters read them.
  for (const [name, v] of c.stateVars) {
    if (v.visibility !== 'public') continue;
    const key = factsKey(name, getterParams(v.typeName));
    if (!functions.has(key)) functions.set(key, { reads: new Set([name]), writes: new Set(), loops: new Set(), external: false, roles: [] });
  }
  return { constructorRoles, functions, authority: new Set(program.authority), held };
}

/** How many parameters a public state variable's getter takes (one per mapping key and array index). */
function getterParams(t: ASTNode | null): number {
  let n = 0;
  for (let x = t; x; ) {
    if (x.type === 'Mapping') {
      n++;
      x = x.valueType as ASTNode;
    } else if (x.type === 'ArrayTypeName') {
      n++;
      x = x.baseTypeName as ASTNode;
    } else break;
  }
  return n;
}
