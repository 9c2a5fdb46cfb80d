import type { ASTNode, ContractDefinition, FunctionDefinition, VariableDeclaration } from '@solidity-parser/parser/dist/src/ast-types';
import { defineFact, type FactContext, type RuleContext } from '../../framework';
import { localNames, ownStateVars, rootName, subtree, writesIn, type StateVar } from './ast';

/** How one state variable is used across the whole file. */
export interface StateVarUsage {
  sv: StateVar;
  /** Writes outside the declaring contract's constructor (functions, modifiers, other contracts). */
  writesElsewhere: number;
  /** Writes in the declaring contract's constructor. */
  constructorWrites: ASTNode[];
  /** Constructor writes that are not top-level statements of the constructor body. */
  nestedConstructorWrite: boolean;
  /** Reads during construction: in the constructor or in functions it calls. */
  readInConstructor: boolean;
  /** Reads anywhere (outside its own declaration). */
  reads: number;
  /** Named in inline assembly (`x.slot`, `sload`), so its storage is used directly. */
  inAssembly: boolean;
  /** A storage reference is taken to it (`T storage p = x`). */
  storageRef: boolean;
}

/**
 * Names in scope of a function that shadow state variables. Kept per
 * function so that a local `owner` never counts as a write of the state `owner`.
 */
function shadows(fn: ASTNode | undefined, cache: Map<ASTNode, Set<string>>): Set<string> {
  if (!fn) return new Set();
  let s = cache.get(fn);
  if (!s) cache.set(fn, (s = localNames(fn)));
  return s;
}

function enclosingFn(parents: Parents, node: ASTNode): ASTNode | undefined {
  for (let p = parents.get(node); p; p = parents.get(p)) if (p.type === 'FunctionDefinition' || p.type === 'ModifierDefinition') return p;
  return undefined;
}

/** Usage of every state variable of the file, keyed by its declaration. */
export const stateUsageFact = defineFact('gas/state-usage', (ctx: FactContext): Map<VariableDeclaration, StateVarUsage> => {
  const out = new Map<VariableDeclaration, StateVarUsage>();
  // The file's parent links, from the index every rule shares.
  const parents = { get: (n: ASTNode) => ctx.index.parent(n) };
  const contracts = ctx.index.ofType('ContractDefinition');
  const byName = new Map<string, StateVarUsage[]>();
  for (const c of contracts) {
    for (const sv of ownStateVars(c)) {
      const u: StateVarUsage = { sv, writesElsewhere: 0, constructorWrites: [], nestedConstructorWrite: false, readInConstructor: false, reads: 0, inAssembly: false, storageRef: false };
      out.set(sv.decl, u);
      let list = byName.get(sv.decl.name!);
      if (!list) byName.set(sv.decl.name!, (list = []));
      list.push(u);
    }
  }
  const shadowCache = new Map<ASTNode, Set<string>>();
  const usagesFor = (name: string | undefined, node: ASTNode): StateVarUsage[] => {
    if (!name) return [];
    const list = byName.get(name);
    if (!list) return [];
    if (shadows(enclosingFn(parents, node), shadowCache).has(name)) return [];
    return list;
  };

  // Writes anywhere in the file.
  const writeTargets = new Set<ASTNode>();
  for (const w of writesIn(ctx.ast)) {
    const fn = enclosingFn(parents, w.node);
    for (const u of usagesFor(w.name, w.node)) {
      const root = subtreeRoot(w.target);
      if (root) writeTargets.add(root);
      const ctor = fn && fn.type === 'FunctionDefinition' && (fn as FunctionDefinition).isConstructor && contractOf(parents, fn) === u.sv.contract;
      if (ctor) {
        u.constructorWrites.push(w.node);
        const stmt = parents.get(w.node);
        const block = stmt && parents.get(stmt);
        if (!(stmt?.type === 'ExpressionStatement' && block === (fn as FunctionDefinition).body)) u.nestedConstructorWrite = true;
      } else u.writesElsewhere++;
    }
  }

  // Reads, assembly use and storage references.
  for (const n of ctx.index.nodes) {
    if (n.type === 'Identifier') {
      if (writeTargets.has(n)) continue;
      const p = parents.get(n);
      if (p && p.type === 'VariableDeclaration') continue;
      for (const u of usagesFor(n.name, n)) u.reads++;
    } else if (n.type === 'InlineAssemblyStatement') {
      const text = ctx.text(n);
      for (const [name, list] of byName) if (new RegExp(`\\b${name.replace(/\$/g, '\\$')}\\b`).test(text)) for (const u of list) u.inAssembly = true;
    } else if (n.type === 'VariableDeclarationStatement') {
      const storage = n.variables.some((v) => v && (v as VariableDeclaration).storageLocation === 'storage');
      if (storage) for (const u of usagesFor(rootName(n.initialValue), n)) u.storageRef = true;
    }
  }

  // Reads during construction: the constructor and the internal functions it reaches.
  for (const c of contracts) {
    const ctor = c.subNodes.find((s): s is FunctionDefinition => (s as ASTNode).type === 'FunctionDefinition' && (s as FunctionDefinition).isConstructor);
    const reached = reachable(ctx, ctor);
    for (const fn of reached) {
      for (const n of subtree(fn)) {
        if (n.type !== 'Identifier' || writeTargets.has(n)) continue;
        for (const u of usagesFor(n.name, n)) u.readInConstructor = true;
      }
    }
    // Initialisers of other state variables run during construction too.
    for (const sv of ownStateVars(c)) {
      for (const n of subtree(sv.decl.expression as ASTNode)) if (n && n.type === 'Identifier') for (const u of byName.get(n.name) ?? []) u.readInConstructor = true;
    }
  }
  return out;
});

/** Parent lookup, as the shared AST index provides it. */
type Parents = { get(node: ASTNode): ASTNode | undefined };

function subtreeRoot(target: ASTNode): ASTNode | undefined {
  let e: ASTNode | undefined = target;
  while (e && (e.type === 'IndexAccess' || e.type === 'MemberAccess' || e.type === 'IndexRangeAccess')) e = e.type === 'MemberAccess' ? e.expression : e.base;
  return e && e.type === 'Identifier' ? e : undefined;
}

function contractOf(parents: Parents, node: ASTNode): ContractDefinition | undefined {
  for (let p = parents.get(node); p; p = parents.get(p)) if (p.type === 'ContractDefinition') return p;
  return undefined;
}

/** The constructor and the functions and modifiers of the file it may call, by name. */
function reachable(ctx: FactContext, ctor: FunctionDefinition | undefined): ASTNode[] {
  if (!ctor) return [];
  const fns = [...ctx.index.ofType('FunctionDefinition'), ...ctx.index.ofType('ModifierDefinition')];
  const seen = new Set<ASTNode>([ctor]);
  const queue: ASTNode[] = [ctor];
  while (queue.length > 0) {
    const f = queue.shift()!;
    for (const n of subtree(f)) {
      let name: string | undefined;
      if (n.type === 'FunctionCall' && n.expression.type === 'Identifier') name = n.expression.name;
      else if (n.type === 'ModifierInvocation') name = n.name;
      if (!name) continue;
      for (const g of fns) if ((g as { name?: string | null }).name === name && !seen.has(g)) seen.add(g), queue.push(g);
    }
  }
  return [...seen];
}

/** The usage of a state variable, from the shared fact. */
export function usageOf(ctx: RuleContext, decl: VariableDeclaration): StateVarUsage | undefined {
  return ctx.fact(stateUsageFact).get(decl);
}
