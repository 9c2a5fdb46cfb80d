/**
 * Whose storage a contract's state variables are, and who else can see them,
 * decided by what the code does, never by names.
 *
 * A contract is treated as upgradeable (its storage lives in a proxy, so its
 * layout must never change) when it or a contract that derives from it:
 * - is initialised by a one-time function instead of a constructor: an entry
 *   function guarded by a one-shot check (`program.isOneShot`) while no
 *   constructor of its lineage stores anything but that guard;
 * - runs other code in its own storage: a `delegatecall` (in Solidity or in
 *   assembly) to an address other than itself;
 * - reserves storage it never uses: a fixed-size array state variable that no
 *   function reads or writes (a storage gap kept for later versions).
 */
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineFact, type FactContext, type NodeOf } from '../rules/framework';
import { subtree } from './ast-index';
import { isIdent, unparen } from './ast-util';
import { programFact, type ContractInfo, type FunctionInfo, type Program } from './program';

/** The model's record of a contract declaration (of this file or of its closure). */
function infoOf(program: Program, contract: NodeOf<'ContractDefinition'>): ContractInfo | undefined {
  return program.contracts.find((c) => c.node === contract) ?? program.allContracts.find((c) => c.node === contract);
}

/** The contracts whose storage holds `c`'s variables: `c` and every contract of the model deriving from it. */
function storageFamily(program: Program, c: ContractInfo): ContractInfo[] {
  return [c, ...program.allContracts.filter((d) => d !== c && d.lineage.includes(c))];
}

/** `this` or `address(this)`. */
function isSelf(e: ASTNode): boolean {
  const x = unparen(e);
  if (isIdent(x, 'this')) return true;
  return x.type === 'FunctionCall' && x.arguments.length === 1 && (x.expression.type === 'ElementaryTypeName' || x.expression.type === 'Identifier') && (x.expression as { name: string }).name === 'address' && isIdent(unparen(x.arguments[0]), 'this');
}

/**
 * What the questions below learn of one analysis's program model, asked for many contracts that
 * share bases (a file of many contracts would otherwise read the same bodies once per contract).
 */
interface Memo {
  /** The function's own body delegates to another address. */
  delegates: Map<FunctionInfo, boolean>;
  initialisedOnce: Map<ContractInfo, boolean>;
  delegatesElsewhere: Map<ContractInfo, boolean>;
  storageGap: Map<ContractInfo, boolean>;
  /** State any function of the model reads or writes. */
  used?: Set<string>;
}
const decisions = defineFact('upgradeable-decisions', (): Memo => ({ delegates: new Map(), initialisedOnce: new Map(), delegatesElsewhere: new Map(), storageGap: new Map() }));

function once<K>(memo: Map<K, boolean>, key: K, decide: () => boolean): boolean {
  let v = memo.get(key);
  if (v === undefined) memo.set(key, (v = decide()));
  return v;
}

function delegatesItself(memo: Memo, g: FunctionInfo): boolean {
  return once(memo.delegates, g, () => {
    if (g.externalCalls.some((x) => (x.kind === 'delegatecall' || x.kind === 'callcode') && !isSelf(x.target))) return true;
    for (const n of subtree(g.node.body)) {
      if (n.type !== 'InlineAssemblyStatement' || !n.range) continue;
      if (/\b(delegatecall|callcode)\s*\(/.test(g.file.text.slice(n.range[0], n.range[1] + 1))) return true;
    }
    return false;
  });
}

function delegatesElsewhere(program: Program, memo: Memo, fns: FunctionInfo[]): boolean {
  // The functions reached from one entry are mostly those reached from the others: each is read once.
  const checked = new Set<FunctionInfo>();
  for (const f of fns) {
    for (const g of program.reachable(f)) {
      if (checked.has(g)) continue;
      checked.add(g);
      if (delegatesItself(memo, g)) return true;
    }
  }
  return false;
}

function initialisedOnce(program: Program, c: ContractInfo): boolean {
  const fns = c.lineage.flatMap((l) => l.functions);
  const initializers = fns.filter((f) => f.isEntry && f.kind === 'function' && program.isOneShot(f));
  if (initializers.length === 0) return false;
  const guard = new Set(initializers.flatMap((f) => [...program.oneShotKeys(f)]));
  // A constructor that stores state (immutables included) sets the contract up itself; one that
  // only closes the initializer (the guard) is there to keep the implementation from being initialised.
  return fns.filter((f) => f.kind === 'constructor').every((ctor) => [...program.writesOf(ctor)].every((k) => guard.has(k)));
}

function hasStorageGap(program: Program, memo: Memo, c: ContractInfo): boolean {
  const vars = [...c.stateVars.values()].filter((v) => !v.constant && !v.immutable && v.typeName?.type === 'ArrayTypeName' && (v.typeName as NodeOf<'ArrayTypeName'>).length);
  if (vars.length === 0) return false;
  if (!memo.used) {
    memo.used = new Set<string>();
    for (const d of program.allContracts) {
      for (const f of d.functions) {
        for (const k of program.readsOf(f)) memo.used.add(k);
        for (const k of program.writesOf(f)) memo.used.add(k);
      }
    }
  }
  const used = memo.used;
  return vars.some((v) => !used.has(v.name) && !(v.node as NodeOf<'VariableDeclaration'>).expression);
}

/**
 * Why `contract`'s storage layout must not change (it is, or is part of, a
 * contract deployed behind a proxy), in words; undefined when nothing in the
 * code says so.
 */
export function upgradeableReason(ctx: FactContext, contract: NodeOf<'ContractDefinition'>): string | undefined {
  // Asked by several rules for the same contracts: decided once per contract and file.
  const memo = ctx.fact(upgradeableMemo);
  if (!memo.has(contract)) memo.set(contract, decideUpgradeable(ctx, contract));
  return memo.get(contract);
}

const upgradeableMemo = defineFact('upgradeable-reasons', () => new Map<NodeOf<'ContractDefinition'>, string | undefined>());

function decideUpgradeable(ctx: FactContext, contract: NodeOf<'ContractDefinition'>): string | undefined {
  const program = ctx.fact(programFact);
  const memo = ctx.fact(decisions);
  const c = infoOf(program, contract);
  if (!c) return undefined;
  for (const d of storageFamily(program, c)) {
    const who = d === c ? contract.name : `${d.name}, which derives from ${contract.name},`;
    if (once(memo.initialisedOnce, d, () => initialisedOnce(program, d))) return `${who} is set up by a one-time initializer instead of a constructor, as a contract behind a proxy is`;
    if (once(memo.delegatesElsewhere, d, () => delegatesElsewhere(program, memo, d.lineage.flatMap((l) => l.functions)))) return `${who} runs other code on its storage with delegatecall, as a proxy does`;
    if (d.lineage.some((l) => once(memo.storageGap, l, () => hasStorageGap(program, memo, l)))) return `${who} reserves storage slots it never uses, as upgradeable contracts do`;
  }
  return undefined;
}

/**
 * Why code other than `contract`'s own may name one of its state variables
 * (so that changing how it is declared can break that code), or undefined
 * when none can: a private variable, or an internal one of a contract that no
 * contract of the project derives from.
 */
export function visibleBeyond(ctx: FactContext, contract: NodeOf<'ContractDefinition'>, decl: NodeOf<'VariableDeclaration'>): string | undefined {
  if (decl.visibility === 'private') return undefined;
  const program = ctx.fact(programFact);
  const c = infoOf(program, contract);
  const derived = c ? program.allContracts.filter((d) => d !== c && d.lineage.includes(c)) : [];
  const name = decl.name ?? 'it';
  if (derived.length > 0) {
    const d = derived[0];
    const where = d.file === c!.file ? '' : ` (in ${d.file.unit})`;
    return `${d.name}${where} derives from ${contract.name} and can assign ${name}`;
  }
  if (decl.visibility === 'public') return `${name} is public, so a contract deriving from ${contract.name} in another file may assign it`;
  if (contract.kind === 'abstract') return `${contract.name} is abstract, so the contracts deriving from it may assign ${name}`;
  // Without a project, the files that may derive from this one are unknown.
  if (!ctx.project) return `files that may derive from ${contract.name} and assign ${name} were not analysed`;
  return undefined;
}
