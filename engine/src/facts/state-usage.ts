/**
 * How each state variable declared in this file is used: where it is written
 * (its contract's constructor or elsewhere), whether it is read while the
 * contract is constructed, named in assembly or referenced as storage. Writes
 * and reads by contracts in other files that derive from the declaring
 * contract count too, as the program model resolves them.
 */
import type { ASTNode, FunctionDefinition, VariableDeclaration } from '@solidity-parser/parser/dist/src/ast-types';
import { defineFact, type FactContext } from '../rules/framework';
import { baseIdentifier, writesIn } from './ast-util';
import { subtree } from './ast-index';
import { ownStateVars } from './declarations';
import { programFact, type FunctionInfo, type StateVar } from './program';

/** How one state variable is used across the file and the contracts that derive from its contract. */
export interface StateVarUsage {
  /** Writes outside the declaring contract's constructor (functions, modifiers, other contracts). */
  writesElsewhere: number;
  /** Writes in the declaring contract's constructor. */
  constructorWrites: ASTNode[];
  /** Constructor writes that are not top-level statements of the constructor body. */
  nestedConstructorWrite: boolean;
  /** Reads during construction: in the constructor or in functions it calls, or in a derived constructor. */
  readInConstructor: boolean;
  /** Named in inline assembly (`x.slot`, `sload`), so its storage is used directly. */
  inAssembly: boolean;
  /** A storage reference is taken to it (`T storage p = x`). */
  storageRef: boolean;
}

/**
 * The state variables of `byName` that an assembly block's text names (as a whole word, as in
 * `x.slot` or `sload(x)`): its words looked up, instead of a search per variable, which a file of
 * many contracts and assembly blocks made quadratic. A name with `$` (not a word character) is
 * searched for as before.
 */
function namedIn<T>(text: string, byName: Map<string, T>): T[] {
  const out: T[] = [];
  const words = new Set(text.match(/\w+/g) ?? []);
  for (const w of words) {
    const hit = byName.get(w);
    if (hit !== undefined) out.push(hit);
  }
  for (const [name, hit] of byName) if (name.includes('$') && new RegExp(`\\b${name.replace(/\$/g, '\\$')}\\b`).test(text)) out.push(hit);
  return out;
}

/** Usage of every state variable of the file, keyed by its declaration. */
export const stateUsageFact = defineFact('state-usage', (ctx: FactContext): Map<VariableDeclaration, StateVarUsage> => {
  const out = new Map<VariableDeclaration, StateVarUsage>();
  const program = ctx.fact(programFact);
  const contracts = ctx.index.ofType('ContractDefinition');
  const byName = new Map<string, Array<{ v: StateVar; u: StateVarUsage }>>();
  for (const c of contracts) {
    for (const v of ownStateVars(ctx, c)) {
      const u: StateVarUsage = { writesElsewhere: 0, constructorWrites: [], nestedConstructorWrite: false, readInConstructor: false, inAssembly: false, storageRef: false };
      out.set(v.node as VariableDeclaration, u);
      let list = byName.get(v.name);
      if (!list) byName.set(v.name, (list = []));
      list.push({ v, u });
    }
  }
  const enclosingFn = (node: ASTNode) => ctx.index.enclosing(node, 'FunctionDefinition', 'ModifierDefinition');
  /** A local, parameter or named return of the enclosing function shadows the state variable. */
  const shadowed = (fn: ASTNode | undefined, name: string): boolean => {
    const info = fn && program.byNode.get(fn);
    return !!info && (info.locals.has(name) || info.params.has(name));
  };
  const usagesFor = (name: string | undefined, node: ASTNode) => (name && !shadowed(enclosingFn(node), name) ? (byName.get(name) ?? []) : []);
  const here = ctx.closure[0];

  // Writes anywhere in the file.
  const writeTargets = new Set<ASTNode>();
  for (const w of writesIn(ctx.ast)) {
    const fn = enclosingFn(w.node);
    for (const { v, u } of usagesFor(w.name, w.node)) {
      const root = baseIdentifier(w.target);
      if (root) writeTargets.add(root);
      const ctor = fn?.type === 'FunctionDefinition' && fn.isConstructor && ctx.index.enclosing(fn, 'ContractDefinition') === v.contract.node;
      if (ctor) {
        u.constructorWrites.push(w.node);
        const stmt = ctx.index.parent(w.node);
        const block = stmt && ctx.index.parent(stmt);
        if (!(stmt?.type === 'ExpressionStatement' && block === fn.body)) u.nestedConstructorWrite = true;
      } else u.writesElsewhere++;
    }
  }

  // Assembly use and storage references.
  for (const n of ctx.index.nodes) {
    if (n.type === 'InlineAssemblyStatement') {
      for (const list of namedIn(ctx.text(n), byName)) for (const { u } of list) u.inAssembly = true;
    } else if (n.type === 'VariableDeclarationStatement') {
      const storage = n.variables.some((v) => v && (v as VariableDeclaration).storageLocation === 'storage');
      if (storage && n.initialValue) for (const { u } of usagesFor(baseIdentifier(n.initialValue)?.name, n)) u.storageRef = true;
    }
  }

  /** The entry of this file's state variable `name` refers to inside `info`, resolved as the compiler would. */
  const entryOf = (info: FunctionInfo, name: string) => {
    const r = program.resolve(info, name);
    return r?.kind === 'state' ? byName.get(name)?.find((e) => e.v === r.v) : undefined;
  };

  // Reads during construction: the constructor, the functions and modifiers it reaches (in any file), and initialisers.
  for (const c of contracts) {
    const ctor = c.subNodes.find((s): s is FunctionDefinition => (s as ASTNode).type === 'FunctionDefinition' && (s as FunctionDefinition).isConstructor);
    const info = ctor && program.byNode.get(ctor);
    for (const f of info ? program.reachable(info) : []) {
      if (f.file !== here) {
        for (const name of f.reads) {
          const e = entryOf(f, name);
          if (e) e.u.readInConstructor = true;
        }
        continue;
      }
      for (const n of subtree(f.node)) {
        if (n.type !== 'Identifier' || writeTargets.has(n)) continue;
        for (const { u } of usagesFor(n.name, n)) u.readInConstructor = true;
      }
    }
    // Initialisers of other state variables run during construction too.
    for (const v of ownStateVars(ctx, c)) {
      for (const n of subtree((v.node as VariableDeclaration).expression)) if (n.type === 'Identifier') for (const { u } of byName.get(n.name) ?? []) u.readInConstructor = true;
    }
  }

  // Contracts in other files that derive from a contract of this file write, read and name its state too.
  for (const d of program.allContracts) {
    if (d.file === here || !d.lineage.some((l) => l.file === here)) continue;
    for (const f of d.functions) {
      const info = program.functionOf(f.node);
      if (!info) continue;
      for (const name of info.writes.keys()) {
        const e = entryOf(info, name);
        if (e) e.u.writesElsewhere++;
      }
      if (info.kind === 'constructor') {
        for (const name of program.readsOf(info)) {
          const e = entryOf(info, name);
          if (e) e.u.readInConstructor = true;
        }
      }
      for (const n of subtree(f.node)) {
        if (n.type !== 'InlineAssemblyStatement') continue;
        for (const list of namedIn(ctx.text(n), byName)) for (const e of list) if (d.lineage.includes(e.v.contract)) e.u.inAssembly = true;
      }
    }
  }
  return out;
});
