/**
 * The program model: one semantic model of a file and everything it imports.
 *
 * Declarations come from the file's whole import closure (contracts,
 * interfaces, libraries, free functions, modifiers, state variables, structs,
 * enums, user-defined value types, `using … for`, including `global`).
 * Inheritance is C3-linearised as solc does it; internal calls follow virtual
 * dispatch; every call is classified by what it is (internal, library, external
 * to a `view`/`pure` function, external state-changing, low-level, ETH
 * transfer), with the callee's declaration when it is known. Access control and
 * reentrancy locks are decided by what the code checks and writes, never by
 * names.
 *
 * Rules report on this file: `contracts` and `functions` are the file's own;
 * everything reachable from them (bases and libraries in other files) is in
 * the model too, with `file` saying where it lives.
 */
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineFact, type FactContext } from '../rules/framework';
import type { SourceFile } from '../project';
import { forEachChild, subtree } from './ast-index';
import { allowsBelow } from '../parse/pragma';
import { baseIdentifier, calleeOf, hashInputs, isAssignment, isIdent, isMember, requireCondition, stripAddressCasts, typeNameOf, unparen } from './ast-util';
import { typedCallDecision, typedModelOf } from './typed';

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
  visibility: string;
}

export interface UsingFor {
  /** The library's functions attached, or the listed free/library functions. */
  functions: FunctionInfo[];
  /** The type they are attached to, as written (`*` for every type). */
  type: string;
}

export interface ContractInfo {
  node: N<'ContractDefinition'>;
  name: string;
  kind: string;
  /** The file that declares it. */
  file: SourceFile;
  /** Declared in the file being analysed. */
  local: boolean;
  /** C3 linearisation: this contract, then its bases, most derived first. */
  lineage: ContractInfo[];
  /** Names of bases (direct or inherited) whose declarations are not in the import closure. */
  externalBases: string[];
  /** State variables by name, including inherited ones; the most derived wins. */
  stateVars: Map<string, StateVar>;
  /** Functions and modifiers declared in this contract. */
  functions: FunctionInfo[];
  /** Every function visible in this contract (own and inherited, most derived first). */
  allFunctions: FunctionInfo[];
  /** Modifiers by name, own and inherited; the most derived wins. */
  modifiers: Map<string, FunctionInfo>;
  events: Set<string>;
  /** Struct, enum and user type names declared here. */
  localTypes: Set<string>;
  /** `using … for` directives in this contract and its bases. */
  usingFor: UsingFor[];
}

export type ExternalCallKind = 'call' | 'delegatecall' | 'staticcall' | 'callcode' | 'send' | 'transfer' | 'high-level';

/** What a call does at the EVM level. */
export type CallKind =
  | 'internal'
  | 'library'
  | 'external-static'
  | 'external'
  | 'low-level'
  | 'transfer'
  | 'creation';

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
  /** The called function's declaration, for a high-level call whose target type is known. */
  callee?: FunctionInfo;
  /** The callee is `view` or `pure` (a STATICCALL: it cannot change state or re-enter to change it). */
  static: boolean;
  /** The contract or interface type of the target, when known. */
  targetType?: ContractInfo;
  /** The name of the target's type as written, even when its declaration is not in the closure. */
  targetTypeName?: string;
}

export interface ModifierUse {
  node: N<'ModifierInvocation'>;
  name: string;
  target?: FunctionInfo;
}

export interface FunctionInfo {
  node: N<'FunctionDefinition'> | N<'ModifierDefinition'>;
  /** The declaring contract; for a free function, a pseudo-contract of its file. */
  contract: ContractInfo;
  file: SourceFile;
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
  /** Internal calls (including library and `super` calls); a virtual call lists every override it may reach. */
  internalCalls: Array<{ node: N<'FunctionCall'>; target: FunctionInfo; via?: 'virtual' | 'super' }>;
  /** Internal calls by name whose declaration is not in the import closure. */
  unresolvedCalls: Array<{ node: N<'FunctionCall'>; name: string }>;
  externalCalls: ExternalCall[];
  /** Contract creations (`new C(...)`). */
  creations: N<'NewExpression'>[];
  /** State variables read, and written (with the writing nodes), directly in this body. */
  reads: Set<string>;
  writes: Map<string, ASTNode[]>;
  events: ASTNode[];
  selfdestructs: N<'FunctionCall'>[];
  /** A check of the caller against stored state dominates this body (see `isProtected`). */
  senderCheck: boolean;
  /** Whether the body has been analysed (functions of other files are analysed when reached). */
  analysed: boolean;
}

export interface Program {
  /** Contracts declared in this file. */
  contracts: ContractInfo[];
  /** Contracts by name: this file's first, then the closure's. */
  byName: Map<string, ContractInfo>;
  /** Every contract of the import closure. */
  allContracts: ContractInfo[];
  /** Functions and modifiers declared in this file. */
  functions: FunctionInfo[];
  byNode: Map<ASTNode, FunctionInfo>;
  /** The function or modifier that contains a node. */
  functionOf(node: ASTNode): FunctionInfo | undefined;
  /**
   * The state a storage-pointer expression of `fn` names: a field of namespaced storage
   * (`$.balances[a]`, `_layout().balances[a]`) as the pseudo-variable `_layout().balances`, or the
   * state variable a getter's pointer points into (`_position(id).size`: `positions`).
   */
  pointerName(fn: FunctionInfo, expr: ASTNode): string | undefined;
  /**
   * `expr` in `fn` (an address, through conversions) is this contract's own address whenever
   * `entry` reaches `fn`: `address(this)`, or a parameter that every call of `fn` within the
   * entry's reach fills so (`_safeTransferFrom(owner, address(this), id)` reaching a receiver hook
   * called on `to`). A callback made there runs this contract's own code.
   */
  boundToSelf(entry: FunctionInfo, fn: FunctionInfo, expr: ASTNode): boolean;
  /**
   * `expr`, evaluated in `fn`, is the account that called: `msg.sender` (or `tx.origin`), a
   * conversion or an unchanged local copy of it, or a call to an internal function every
   * return of which is one (`_msgSender()`, through `super` and bases too).
   */
  isCaller(fn: FunctionInfo, expr: ASTNode): boolean;
  /** Functions and modifiers reachable from `fn` through internal calls and modifiers, including `fn`. */
  reachable(fn: FunctionInfo): Set<FunctionInfo>;
  /** Entry functions from which `fn` can be reached (including `fn` itself if it is one). */
  entriesReaching(fn: FunctionInfo): FunctionInfo[];
  /** State variables written by `fn`, through internal calls and modifiers. */
  writesOf(fn: FunctionInfo): Set<string>;
  readsOf(fn: FunctionInfo): Set<string>;
  /**
   * Every path into `fn`'s body passes a check of the caller against stored state. With a
   * `site` (a node of `fn`), also true when that site runs only inside a loop over a collection
   * whose every element a loop before it checked against the caller (`for (…; i < xs.length; ++i)
   * require(allowed[msg.sender][xs[i].target]);` then a loop over the same `xs`, here or in an
   * internal function handed `xs` unchanged).
   */
  isProtected(fn: FunctionInfo, site?: ASTNode): boolean;
  /**
   * Any account can run `fn`: it is unprotected and some unprotected entry point reaches it.
   * With a `site` (a node of `fn`), entries whose per-element caller checks cover that site
   * (see `isProtected`) do not count.
   */
  openToAnyone(fn: FunctionInfo, site?: ASTNode): boolean;
  /** The entries through which any account runs `fn` (and `site` in it, when given): empty when `openToAnyone` is false. */
  openEntries(fn: FunctionInfo, site?: ASTNode): FunctionInfo[];
  /** `fn` is guarded against reentrancy by a lock: state checked and then set before the body runs. */
  isGuarded(fn: FunctionInfo): boolean;
  /** This file's functions and every function of other files they (or this file's contracts' entries) reach. */
  inScope: FunctionInfo[];
  /** Where a node of `fn` shows in this file: itself, or the call here through which `fn` is reached. */
  siteIn(fn: FunctionInfo, node: ASTNode): ASTNode | undefined;
  /** The condition of `require`/`assert`, or of a helper call that reverts unless its first argument holds. */
  requireLike(call: ASTNode): ASTNode | undefined;
  /** Only the contract itself may call `fn` (`msg.sender == address(this)` on every path). */
  selfOnly(fn: FunctionInfo): boolean;
  /**
   * Only trusted accounts run `fn`: the deployer (a constructor), the contract itself, or a
   * role (a modifier that compares the caller with an account or role table in storage, not
   * with a per-item record such as the owner of one deposit).
   */
  privileged(fn: FunctionInfo): boolean;
  /** `fn` can run once: storage is checked and set before its body and never reset (an initializer). */
  isOneShot(fn: FunctionInfo): boolean;
  /** The storage locations of `fn`'s one-time guard. */
  oneShotKeys(fn: FunctionInfo): Set<string>;
  /** Storage locations `fn` stores to, through what it calls (state names, `ptr:`/`slot:` keys). */
  storeKeysOf(fn: FunctionInfo): Set<string>;
  /** Every path through `fn` reverts: it leaves no state and moves no funds. */
  alwaysReverts(fn: FunctionInfo): boolean;
  /**
   * A low-level call or delegatecall into this contract's own code (`address(this)`, or an
   * immutable every constructor sets to it) whose calldata names the function
   * (`abi.encodeCall(this.f, …)`, `abi.encodeWithSelector(this.f.selector, …)`,
   * `abi.encodeWithSignature("f(…)", …)`, or an interface's `f` the contract implements):
   * the functions it may run. Undefined when the target or the function is not known.
   */
  selfCallTargets(call: ExternalCall): FunctionInfo[] | undefined;
  /**
   * The functions an internal call of `fn` runs when the code executes as part of the
   * deployed contract `context`: a virtual call resolves in `context`'s C3 order, and
   * `super` to the next base after `fn`'s contract in that order. Without a context (or
   * when `context` does not inherit `fn`'s contract), every target the call may reach.
   */
  targetsIn(fn: FunctionInfo, call: ASTNode, context?: ContractInfo): FunctionInfo[];
  /** `expr` in `fn` is always zero (a literal, or a parameter every internal caller fills with zero). */
  zeroValue(fn: FunctionInfo, expr: ASTNode): boolean;
  /** Running this statement of `fn` reverts on every path (its effects never survive). */
  stmtReverts(fn: FunctionInfo, stmt: ASTNode): boolean;
  /** An address fixed at deployment (`this`, a constant or immutable, a getter of one), never the caller's choice. */
  fixedAddress(fn: FunctionInfo, expr: ASTNode): boolean;
  /** An address whose code the source pins: `this`, or a CREATE2 address with a constant init-code hash (see `pinnedCode`). */
  pinnedCode(fn: FunctionInfo, expr: ASTNode): boolean;
  /** The contract whose code sits at an address because this source created it there (`new C()`, `create2` of `type(C).creationCode`, an immutable set to one), or undefined. */
  createdCode(fn: FunctionInfo, expr: ASTNode): ContractInfo | undefined;
  /** A call into code this source created whose function, and all it reaches, calls nothing out (see `quietCall`): it cannot re-enter. */
  quietCall(call: ExternalCall): boolean;
  /** A high-level call to a contract the deployer or a role chose (see `trustedCallee`), of a function that is not a token transfer able to run hooks. */
  trustedCallee(call: ExternalCall): boolean;
  /** The function reverts unless the address is in a table only a role maintains (an allowlist of modules, pools, integrations). */
  allowlisted(fn: FunctionInfo, expr: ASTNode): boolean;
  /** The local, parameter or state variable a name refers to inside `fn`. */
  resolve(fn: FunctionInfo, name: string): { kind: 'local' | 'param'; decl: ASTNode } | { kind: 'state'; v: StateVar } | undefined;
  /** The declared type of an expression where it can be told from declarations. */
  staticType(fn: FunctionInfo | undefined, expr: ASTNode): ASTNode | string | undefined;
  /** The name of a contract or interface type an expression has, if it is one. */
  contractTypeOf(fn: FunctionInfo | undefined, expr: ASTNode): string | undefined;
  /** The declaration of a contract or interface type an expression has, when it is in the closure. */
  contractOf(fn: FunctionInfo | undefined, expr: ASTNode): ContractInfo | undefined;
  /** The kind of a call, as the EVM runs it. */
  callKind(call: N<'FunctionCall'>): CallKind | undefined;
  isInLoop(node: ASTNode, fn: FunctionInfo): boolean;
  /** The entry functions of a contract: its own and inherited public/external functions, after overriding. */
  entriesOf(c: ContractInfo): FunctionInfo[];
  /** Names of the state that caller checks compare against or look up (`owner`, `admins`): who holds power. */
  authority: Set<string>;
  /** Some import of the closure could not be resolved: declarations may be missing. */
  incomplete: boolean;
}

/** `address(x)`, `payable(x)`, `uint160(x)`, `bytes32(x)`: conversions the parser gives as calls of an identifier. */
const ELEMENTARY_CONVERSION = /^(address|payable|bool|u?int\d*|bytes\d+)$/;
const ADDRESS_MEMBERS = new Set(['call', 'delegatecall', 'staticcall', 'callcode', 'send', 'transfer']);
/** Objects of builtin members; none of them is a call to another contract. */
const BUILTIN_OBJECTS = new Set(['msg', 'block', 'tx', 'abi', 'this', 'super', 'type', 'bytes', 'string', 'address']);
const BUILTIN_FUNCTIONS = new Set([
  'require', 'assert', 'revert', 'keccak256', 'sha3', 'sha256', 'ripemd160', 'ecrecover', 'addmod', 'mulmod', 'blockhash', 'gasleft',
  'selfdestruct', 'suicide', 'address', 'payable', 'uint', 'uint256', 'int', 'int256', 'bytes', 'bytes32', 'string', 'bool', 'type',
]);

function kindOf(node: N<'FunctionDefinition'>, contract: N<'ContractDefinition'> | undefined): FunctionInfo['kind'] {
  if (node.isConstructor || (contract && node.name !== null && node.name === contract.name)) return 'constructor';
  if (node.isReceiveEther) return 'receive';
  if (node.isFallback || (contract && (node.name === null || node.name === ''))) return 'fallback';
  return 'function';
}

function collectDecls(node: ASTNode, into: Map<string, ASTNode>): void {
  const visit = (n: ASTNode) => {
    if (n.type === 'VariableDeclaration' && n.name) into.set(n.name, n);
    forEachChild(n, visit);
  };
  visit(node);
}

const lastName = (namePath: string) => namePath.split('.').pop()!;

/** The program model of the file and its import closure. */
export const programFact = defineFact<Program>('program', (ctx) => buildProgram(ctx));

function buildProgram(ctx: FactContext): Program {
  /** The file may be built by a compiler older than 0.5.0, which calls view/pure functions with CALL. */
  const staticBefore05 = allowsBelow(ctx.solc, '0.5.0');
  const closure = ctx.closure;
  const mainFile = closure[0];
  const allContracts: ContractInfo[] = [];
  const contracts: ContractInfo[] = [];
  const byName = new Map<string, ContractInfo>();
  const byNode = new Map<ASTNode, FunctionInfo>();
  const functions: FunctionInfo[] = [];
  const structs = new Map<string, N<'StructDefinition'>>();
  const typeNames = new Set<string>();
  const errorNames = new Set<string>();
  const freeFunctions = new Map<string, FunctionInfo[]>();
  const fileConstants = new Map<string, StateVar>();
  const globalUsing: UsingFor[] = [];
  const fileUsing = new Map<SourceFile, UsingFor[]>();
  const pendingAliases: Array<[string, string]> = [];
  const incomplete = closure.some((f) => f.imports.some((i) => !i.resolved)) || (mainFile.imports.length === 0 && mainFile.parsed.ast.children.some((c) => c.type === 'ImportDirective'));

  const newContract = (node: N<'ContractDefinition'>, file: SourceFile): ContractInfo => ({
    node,
    name: node.name,
    kind: node.kind,
    file,
    local: file === mainFile,
    lineage: [],
    externalBases: [],
    stateVars: new Map(),
    functions: [],
    allFunctions: [],
    modifiers: new Map(),
    events: new Set(),
    localTypes: new Set(),
    usingFor: [],
  });

  // Declarations, this file first so that its names win.
  const pseudo = new Map<SourceFile, ContractInfo>();
  for (const file of closure) {
    for (const s of file.index.ofType('StructDefinition')) if (!structs.has(s.name)) structs.set(s.name, s);
    for (const e of file.index.ofType('EnumDefinition')) typeNames.add(e.name);
    for (const u of file.index.ofType('TypeDefinition')) typeNames.add(u.name);
    for (const s of file.index.ofType('StructDefinition')) typeNames.add(s.name);
    // An error is constructed (`revert Unauthorized()`), never called.
    for (const e of file.index.ofType('CustomErrorDefinition')) errorNames.add(e.name);
    for (const node of file.index.ofType('ContractDefinition')) {
      const c = newContract(node, file);
      allContracts.push(c);
      if (file === mainFile) contracts.push(c);
      if (!byName.has(node.name)) byName.set(node.name, c);
    }
    // `import {A as B} from "x"`: B names A.
    for (const child of file.parsed.ast.children) {
      if (child.type !== 'ImportDirective') continue;
      for (const [orig, alias] of child.symbolAliases ?? []) if (alias && !byName.has(alias)) (pendingAliases.push([alias, orig]));
    }
  }
  for (const [alias, orig] of pendingAliases) {
    const c = byName.get(orig);
    if (c && !byName.has(alias)) byName.set(alias, c);
  }

  // C3 linearisation. Solidity lists bases from "most base-like" to "most derived".
  const linearise = (c: ContractInfo, visiting = new Set<ContractInfo>()): ContractInfo[] => {
    if (c.lineage.length > 0) return c.lineage;
    if (visiting.has(c)) return [c];
    visiting.add(c);
    const bases = c.node.baseContracts.map((b) => byName.get(lastName(b.baseName.namePath))).filter((b): b is ContractInfo => !!b && b !== c);
    const seqs: ContractInfo[][] = [...bases.reverse().map((b) => [...linearise(b, visiting)]), [...bases]];
    const out: ContractInfo[] = [c];
    for (;;) {
      const live = seqs.filter((s) => s.length > 0);
      if (live.length === 0) break;
      let head: ContractInfo | undefined;
      for (const s of live) {
        const cand = s[0];
        if (!live.some((t) => t.indexOf(cand) > 0)) {
          head = cand;
          break;
        }
      }
      // Not linearisable (solc rejects it): fall back to depth-first order.
      if (!head) head = live[0][0];
      if (!out.includes(head)) out.push(head);
      for (const s of live) {
        const i = s.indexOf(head);
        if (i === 0) s.shift();
      }
      for (const s of live) if (s[0] === head) s.shift();
    }
    visiting.delete(c);
    c.lineage = out;
    return out;
  };
  for (const c of allContracts) {
    linearise(c);
    const ext = new Set<string>();
    for (const l of c.lineage) for (const b of l.node.baseContracts) if (!byName.has(lastName(b.baseName.namePath))) ext.add(b.baseName.namePath);
    c.externalBases = [...ext];
  }
  /** The contracts that derive from each contract, in the closure's order (virtual dispatch asks for them at every call). */
  const derivedFrom = new Map<ContractInfo, ContractInfo[]>();
  for (const d of allContracts) {
    for (const b of d.lineage) {
      if (b === d) continue;
      let list = derivedFrom.get(b);
      if (!list) derivedFrom.set(b, (list = []));
      if (!list.includes(d)) list.push(d);
    }
  }

  // Own members.
  const allFns: FunctionInfo[] = [];
  const addFunction = (fn: FunctionInfo) => {
    allFns.push(fn);
    byNode.set(fn.node, fn);
    if (fn.file === mainFile) functions.push(fn);
  };
  for (const c of allContracts) {
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
            visibility: (v as { visibility?: string }).visibility ?? 'default',
          });
        }
      } else if (sub.type === 'EventDefinition') c.events.add(sub.name);
      else if (sub.type === 'StructDefinition' || sub.type === 'EnumDefinition') c.localTypes.add(sub.name);
      else if (sub.type === 'FunctionDefinition' || sub.type === 'ModifierDefinition') {
        const fn = makeFunction(sub, c, c.file);
        c.functions.push(fn);
        addFunction(fn);
        if (sub.type === 'ModifierDefinition') c.modifiers.set(sub.name, fn);
      }
    }
  }
  // Free functions, file-level constants and `using … for` at file level.
  for (const file of closure) {
    let holder: ContractInfo | undefined;
    const holderOf = () => {
      if (!holder) {
        holder = newContract({ type: 'ContractDefinition', name: '', kind: 'file', baseContracts: [], subNodes: [], range: [0, 0] } as unknown as N<'ContractDefinition'>, file);
        holder.lineage = [holder];
        pseudo.set(file, holder);
      }
      return holder;
    };
    for (const child of file.parsed.ast.children as ASTNode[]) {
      if (child.type === 'FunctionDefinition') {
        const h = holderOf();
        const fn = makeFunction(child, h, file);
        h.functions.push(fn);
        addFunction(fn);
        let list = freeFunctions.get(fn.name);
        if (!list) freeFunctions.set(fn.name, (list = []));
        list.push(fn);
      } else if (child.type === 'FileLevelConstant') {
        const fc = child as unknown as { name: string; typeName: ASTNode; initialValue: ASTNode };
        if (!fileConstants.has(fc.name)) {
          fileConstants.set(fc.name, { name: fc.name, node: child, decl: child as never, contract: holderOf(), typeName: fc.typeName, type: typeNameOf(fc.typeName), constant: true, immutable: false, initialized: true, visibility: 'internal' });
        }
      }
    }
  }
  const usingOf = (u: N<'UsingForDeclaration'>): UsingFor => {
    const fns: FunctionInfo[] = [];
    if (u.libraryName) {
      const lib = byName.get(lastName(u.libraryName));
      if (lib) fns.push(...lib.functions.filter((f) => f.kind !== 'modifier'));
    }
    for (const name of u.functions ?? []) {
      const parts = name.split('.');
      if (parts.length > 1) {
        const lib = byName.get(parts[parts.length - 2]);
        fns.push(...(lib?.functions.filter((f) => f.name === parts[parts.length - 1]) ?? []));
      } else fns.push(...(freeFunctions.get(name) ?? []));
    }
    return { functions: fns, type: u.typeName ? typeNameOf(u.typeName) : '*' };
  };
  for (const file of closure) {
    for (const child of file.parsed.ast.children as ASTNode[]) {
      if (child.type !== 'UsingForDeclaration') continue;
      const u = usingOf(child);
      if ((child as { isGlobal?: boolean }).isGlobal) globalUsing.push(u);
      else {
        let list = fileUsing.get(file);
        if (!list) fileUsing.set(file, (list = []));
        list.push(u);
      }
    }
  }
  for (const c of allContracts) for (const sub of c.node.subNodes as ASTNode[]) if (sub.type === 'UsingForDeclaration') c.usingFor.push(usingOf(sub));

  // Inherited members, most derived first.
  for (const c of allContracts) {
    for (const base of c.lineage.slice(1)) {
      for (const [k, v] of base.stateVars) if (!c.stateVars.has(k) && v.contract === base) c.stateVars.set(k, v);
      for (const [k, m] of base.modifiers) if (!c.modifiers.has(k) && m.contract === base) c.modifiers.set(k, m);
      for (const e of base.events) c.events.add(e);
    }
    // `using` directives are not inherited in Solidity ≥0.7, but were before; keeping them is harmless for lookup.
    const own = [...c.usingFor];
    for (const base of c.lineage.slice(1)) own.push(...base.usingFor);
    c.usingFor = own;
    for (const l of c.lineage) c.allFunctions.push(...l.functions.filter((f) => f.kind !== 'modifier'));
  }

  const contractByNode = new Map<ASTNode, ContractInfo>();
  for (const c of allContracts) contractByNode.set(c.node, c);

  const isLibrary = (name: string) => byName.get(name)?.kind === 'library';

  const resolve: Program['resolve'] = (fn, name) => {
    const local = fn.locals.get(name);
    if (local) return { kind: 'local', decl: local };
    const p = fn.params.get(name);
    if (p) return { kind: 'param', decl: p };
    const v = fn.contract.stateVars.get(name) ?? fileConstants.get(name);
    if (v) return { kind: 'state', v };
    return undefined;
  };

  /** The function a call by name reaches from `c`: overloads by argument count, most derived first. */
  const lookupFunction = (c: ContractInfo, name: string, argc: number): FunctionInfo | undefined => {
    const named = c.allFunctions.filter((f) => f.name === name);
    if (named.length === 0) return undefined;
    return named.find((f) => (f.node as N<'FunctionDefinition'>).parameters.length === argc) ?? named[0];
  };

  const returnTypeOf = (f: FunctionInfo | undefined): ASTNode | undefined => {
    if (!f || f.node.type !== 'FunctionDefinition') return undefined;
    const r = f.node.returnParameters ?? [];
    return r.length === 1 ? ((r[0] as N<'VariableDeclaration'>).typeName ?? undefined) : undefined;
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
    if (e.type === 'FunctionCall') {
      const { callee } = calleeOf(e);
      if (callee.type === 'Identifier') {
        const name = callee.name;
        // A conversion such as `IERC20(token)` or `Bank(addr)`.
        const c = byName.get(name);
        if (c && e.arguments.length === 1 && (!fn || !lookupFunction(fn.contract, name, 1))) return c.kind === 'library' ? undefined : name;
        if (name === 'address' || name === 'payable') return 'address';
        if (fn) {
          const target = lookupFunction(fn.contract, name, e.arguments.length) ?? freeFunctions.get(name)?.[0];
          if (target) return returnTypeOf(target);
        }
        // A type whose declaration is outside the closure (an unresolved import).
        if (!c && !typeNames.has(name) && /^[A-Z]/.test(name) && e.arguments.length === 1 && (incomplete || !ctx.project) && !fn?.contract.events.has(name)) return name;
        return undefined;
      }
      if (callee.type === 'MemberAccess') {
        const owner = contractOf(fn, callee.expression);
        if (owner) {
          const f = lookupFunction(owner, callee.memberName, e.arguments.length);
          if (f) return returnTypeOf(f);
          const getter = owner.stateVars.get(callee.memberName);
          if (getter?.typeName) return getterValueType(getter.typeName);
        }
      }
      return undefined;
    }
    if (e.type === 'MemberAccess') {
      const t = staticType(fn, e.expression);
      const name = t && typeof t !== 'string' && t.type === 'UserDefinedTypeName' ? lastName(t.namePath) : undefined;
      const struct = name ? structs.get(name) : undefined;
      const member = struct?.members.find((m) => m.name === e.memberName);
      if (member?.typeName) return member.typeName;
      if (isMember(e, 'msg', 'sender') || isMember(e, 'tx', 'origin')) return 'address';
      return undefined;
    }
    if (e.type === 'ElementaryTypeName') return e.name;
    return undefined;
  };

  const contractTypeOf: Program['contractTypeOf'] = (fn, expr) => {
    const t = staticType(fn, expr);
    if (t === undefined) return undefined;
    const name = typeof t === 'string' ? t : t.type === 'UserDefinedTypeName' ? t.namePath : undefined;
    if (!name) return undefined;
    const short = lastName(name);
    if (typeNames.has(short) || isLibrary(short)) return undefined;
    if (byName.has(short)) return short;
    // A type whose declaration the closure lacks: only an unresolved import explains it,
    // and then a value of that type used as a call target is another contract.
    return incomplete || !ctx.project ? (/^[A-Z_]/.test(short) ? short : undefined) : undefined;
  };

  const contractOf = (fn: FunctionInfo | undefined, expr: ASTNode): ContractInfo | undefined => {
    const name = contractTypeOf(fn, expr);
    return name ? byName.get(name) : undefined;
  };

  /** The `using` functions attached to the type of `object` with this name (the overload taking the object and `argc` more arguments, when there is one). */
  const attached = (fn: FunctionInfo, object: ASTNode, member: string, argc?: number): FunctionInfo | undefined => {
    const lists = [fn.contract.usingFor, fileUsing.get(fn.file) ?? [], globalUsing];
    let t: string | undefined;
    let typeKnown = false;
    for (const list of lists) {
      for (const u of list) {
        const named = u.functions.filter((x) => x.name === member);
        const f = (argc === undefined ? undefined : named.find((x) => (x.node.parameters ?? []).length === argc + 1)) ?? named[0];
        if (!f) continue;
        if (u.type === '*') return f;
        if (!typeKnown) {
          const st = staticType(fn, object);
          t = st === undefined ? undefined : typeof st === 'string' ? st : typeNameOf(st);
          typeKnown = true;
        }
        if (t === undefined || lastName(t) === lastName(u.type) || (t.startsWith('address') && u.type.startsWith('address')) || (/^uint(256)?$/.test(t) && /^uint(256)?$/.test(u.type))) return f;
      }
    }
    return undefined;
  };

  const authorityNames = new Set<string>();
  /** Getter calls already followed by `authority`, by call (each call passes its own keys). */
  const gettersSeen = new Set<ASTNode>();
  const callKinds = new Map<ASTNode, CallKind>();
  // The compiler's declarations as this model's records, for calls the deep tier typed.
  const typedModel = typedModelOf(allFns, allContracts);

  /**
   * What a call returning a storage reference points into: the state variable its every return
   * is rooted at (`return positions[id];`), or, for namespaced storage (ERC-7201: a struct at a
   * slot set in assembly, `$.slot := SLOT`), the pseudo-variable prefix `getter()`, whose fields
   * are then named `getter().field`. Undefined for any other call.
   */
  const storageTargets = new Map<FunctionInfo, { state: string } | { prefix: string } | null>();
  const storageTarget = (fn: FunctionInfo, e: ASTNode): { state: string } | { prefix: string } | undefined => {
    const x = unparen(e);
    if (x.type !== 'FunctionCall') return undefined;
    const callee = x.expression;
    let f: FunctionInfo | undefined;
    if (callee.type === 'Identifier') f = lookupFunction(fn.contract, callee.name, x.arguments.length) ?? freeFunctions.get(callee.name)?.[0];
    else if (callee.type === 'MemberAccess' && callee.expression.type === 'Identifier' && !resolve(fn, callee.expression.name)) {
      const named = byName.get(callee.expression.name);
      if (named && (named.kind === 'library' || fn.contract.lineage.includes(named))) f = lookupFunction(named, callee.memberName, x.arguments.length);
    }
    if (!f || f.node.type !== 'FunctionDefinition') return undefined;
    const known = storageTargets.get(f);
    if (known !== undefined) return known ?? undefined;
    let out: { state: string } | { prefix: string } | null = null;
    storageTargets.set(f, null);
    const rets = (f.node.returnParameters ?? []) as Array<N<'VariableDeclaration'>>;
    if (rets.length === 1 && rets[0].storageLocation === 'storage' && f.node.body) {
      // Each return: rooted at a state variable, or another such getter's pointer (`return Lib.layout();`).
      const targets = returnsOf(f).map((r) => {
        const b = baseIdentifier(r);
        if (b) return resolve(f!, b.name)?.kind === 'state' ? `state:${b.name}` : undefined;
        const t = storageTarget(f!, r);
        return t ? ('state' in t ? `state:${t.state}` : `prefix:${t.prefix}`) : undefined;
      });
      const agreed = new Set(targets);
      const only = agreed.size === 1 ? [...agreed][0] : undefined;
      if (targets.length > 0 && only) out = only.startsWith('state:') ? { state: only.slice(6) } : { prefix: only.slice(7) };
      else if (some(f.node.body, (n) => n.type === 'InlineAssemblyStatement' || n.type === 'AssemblyAssignment')) out = { prefix: `${f.name}()` };
    }
    storageTargets.set(f, out);
    return out ?? undefined;
  };

  const boundToSelf = (entry: FunctionInfo, fn: FunctionInfo, expr: ASTNode, seen: Set<FunctionInfo>): boolean => {
    let e = unparen(expr);
    // `IReceiver(to)`, `payable(to)`, `address(to)`: conversions keep the address.
    while (e.type === 'FunctionCall' && e.arguments.length === 1 && (e.expression.type === 'ElementaryTypeName' || (e.expression.type === 'Identifier' && (e.expression.name === 'payable' || e.expression.name === 'address' || byName.has(e.expression.name))))) e = unparen(e.arguments[0]);
    if (isSelf(e)) return true;
    if (e.type !== 'Identifier' || fn === entry || seen.has(fn) || seen.size > 8) return false;
    const at = ((fn.node.parameters ?? []) as Array<N<'VariableDeclaration'>>).findIndex((p) => p.name === e.name);
    if (at < 0 || resolve(fn, e.name)?.kind !== 'param') return false;
    seen.add(fn);
    let calls = 0;
    for (const g of reachable(entry)) {
      for (const c of g.internalCalls) {
        if (c.target !== fn) continue;
        calls++;
        const { callee } = calleeOf(c.node);
        // `x.f(a)` through `using … for`: the object is the first argument.
        const args = callee.type === 'MemberAccess' && (fn.node.parameters ?? []).length === c.node.arguments.length + 1 && !byName.has((callee.expression as { name?: string }).name ?? '') ? [callee.expression, ...c.node.arguments] : c.node.arguments;
        const arg = args[at];
        if (!arg || !boundToSelf(entry, g, arg, seen)) return false;
      }
    }
    seen.delete(fn);
    return calls > 0;
  };

  /** Each analysed function's locals that point into namespaced storage, with their pseudo-variable prefix. */
  const namespacedLocals = new Map<FunctionInfo, Map<string, string>>();
  /**
   * `p.field…` (`p` a local pointing into namespaced storage) or `getter().field…`: the
   * pseudo-variable `getter().field`; a getter's pointer into a state variable: that variable.
   */
  const pointerNameIn = (fn: FunctionInfo, e: ASTNode): string | undefined => {
    let t = unparen(e);
    let field: string | undefined;
    while (t.type === 'IndexAccess' || t.type === 'MemberAccess') {
      if (t.type === 'MemberAccess') field = t.memberName;
      t = unparen(t.type === 'IndexAccess' ? t.base : t.expression);
    }
    if (t.type === 'Identifier') {
      const prefix = namespacedLocals.get(fn)?.get(t.name);
      return prefix && field && resolve(fn, t.name)?.kind === 'local' ? `${prefix}.${field}` : undefined;
    }
    const target = storageTarget(fn, t);
    if (!target) return undefined;
    if ('state' in target) return target.state;
    return field ? `${target.prefix}.${field}` : undefined;
  };

  const analyseBody = (fn: FunctionInfo): void => {
    if (fn.analysed) return;
    fn.analysed = true;
    const c = fn.contract;
    const file = fn.file;
    for (const m of (fn.node as N<'FunctionDefinition'>).modifiers ?? []) {
      const target = c.modifiers.get(m.name);
      // A constructor's "modifiers" may be base-constructor calls.
      if (!target && byName.has(m.name)) continue;
      fn.modifiers.push({ node: m, name: m.name, target });
    }
    const storageAlias = new Map<string, string>();
    /** Locals pointing into namespaced storage, with the prefix of the pseudo-variables their fields are. */
    const namespaced = new Map<string, string>();
    namespacedLocals.set(fn, namespaced);
    const pointerName = (e: ASTNode): string | undefined => pointerNameIn(fn, e);
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
      const through = pointerName(t);
      if (through && (!base || namespaced.has(base.name))) return addWrite(through, node);
      if (!base) return;
      const r = resolve(fn, base.name);
      if (r?.kind === 'state') addWrite(base.name, node);
      else if (r?.kind === 'local' && storageAlias.has(base.name) && t !== base) addWrite(storageAlias.get(base.name)!, node);
    };

    const addInternal = (call: N<'FunctionCall'>, target: FunctionInfo, virtualIn?: ContractInfo, via?: 'virtual' | 'super') => {
      const virtual = !!virtualIn && target.node.type === 'FunctionDefinition';
      fn.internalCalls.push({ node: call, target, via: virtual ? 'virtual' : via });
      callKinds.set(call, target.contract.kind === 'library' && (target.visibility === 'public' || target.visibility === 'external') ? 'library' : 'internal');
      // Virtual dispatch: in a contract that derives from the caller's, an override runs instead.
      if (!virtual) return;
      for (const d of derivedFrom.get(virtualIn!) ?? []) {
        const o = lookupFunction(d, target.name, call.arguments.length);
        if (o && o !== target && !fn.internalCalls.some((x) => x.node === call && x.target === o)) fn.internalCalls.push({ node: call, target: o, via: 'virtual' });
      }
    };

    const handleCall = (call: N<'FunctionCall'>, inLoop: boolean) => {
      const { callee, options } = calleeOf(call);
      // Skip the inner halves of the old `x.call.value(v)(d)` chain; the outer call is handled.
      if (call.expression.type === 'MemberAccess' && (call.expression.memberName === 'value' || call.expression.memberName === 'gas')) {
        const inner = call.expression.expression;
        if (inner.type === 'MemberAccess' && ADDRESS_MEMBERS.has(inner.memberName)) return;
        if (inner.type === 'MemberAccess' && contractTypeOf(fn, inner.expression)) return;
      }
      // Where the deep tier compiled this file, the compiler's types say what the call is.
      const typed = typedCallDecision(ctx, file, call, typedModel);
      if (typed) {
        if (typed.as === 'internal') return addInternal(call, typed.target, typed.virtual && c.kind !== 'file' && c.lineage.includes(typed.target.contract) ? c : undefined);
        if (typed.as === 'external') return recordExternal(call, typed.kind, typed.member, typed.object, options, inLoop, typed.extra);
        if (typed.as === 'event') fn.events.push(call);
        else if (typed.as === 'selfdestruct') fn.selfdestructs.push(call);
        return;
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
        if (target) return addInternal(call, target, c.kind === 'file' ? undefined : c);
        const free = freeFunctions.get(name);
        if (free) return addInternal(call, free.find((f) => (f.node as N<'FunctionDefinition'>).parameters.length === call.arguments.length) ?? free[0]);
        if (errorNames.has(name) || file.index.parent(call)?.type === 'RevertStatement') return;
        if (!byName.has(name) && !typeNames.has(name) && !BUILTIN_FUNCTIONS.has(name)) fn.unresolvedCalls.push({ node: call, name });
        return;
      }
      if (callee.type === 'NewExpression') {
        fn.creations.push(callee);
        callKinds.set(call, 'creation');
        return;
      }
      if (callee.type !== 'MemberAccess') return;
      const member = callee.memberName;
      const object = unparen(callee.expression);
      if (isIdent(object, 'super')) {
        const at = c.lineage.indexOf(c);
        const base = c.lineage.slice(at + 1).map((b) => b.functions.find((f) => f.name === member && (f.node as N<'FunctionDefinition'>).parameters.length === call.arguments.length) ?? b.functions.find((f) => f.name === member)).find(Boolean);
        if (base) addInternal(call, base, undefined, 'super');
        return;
      }
      if (object.type === 'Identifier' && !resolve(fn, object.name)) {
        const named = byName.get(object.name);
        if (named && (named.kind === 'library' || c.lineage.includes(named))) {
          // `Lib.f()` or `Base.f()`: code run in this contract's context.
          const target = lookupFunction(named, member, call.arguments.length);
          if (target) addInternal(call, target);
          return;
        }
        if (typeNames.has(object.name) || named) return; // `T.wrap(x)`, `I.f.selector`, enum members
      }
      if (isIdent(object, 'this')) {
        const target = lookupFunction(c, member, call.arguments.length);
        if (target) {
          const stat = !!target && target.readonly;
          recordExternal(call, 'high-level', member, object, options, inLoop, { callee: target, static: stat, targetType: c, targetTypeName: c.name });
        }
        return;
      }
      const lib = attached(fn, object, member, call.arguments.length);
      if (lib) return addInternal(call, lib);
      let kind: ExternalCallKind | undefined;
      const typeName = contractTypeOf(fn, object);
      if (member === 'call' || member === 'delegatecall' || member === 'staticcall' || member === 'callcode') kind = member;
      else if (member === 'send' && call.arguments.length === 1 && !typeName) kind = 'send';
      else if (member === 'transfer' && call.arguments.length === 1 && !typeName) kind = 'transfer';
      else if (object.type === 'Identifier' && BUILTIN_OBJECTS.has(object.name) && !resolve(fn, object.name)) kind = undefined;
      else if (typeName) kind = 'high-level';
      if (!kind) return;
      if (kind !== 'high-level') {
        recordExternal(call, kind, member, object, options, inLoop, { static: kind === 'staticcall' });
        return;
      }
      const target = typeName ? byName.get(typeName) : undefined;
      let decl = target ? lookupFunction(target, member, call.arguments.length) : undefined;
      let stat = !!decl && decl.readonly;
      if (!decl && target) {
        // A public state variable's getter is a view function.
        for (const l of target.lineage) if (l.stateVars.get(member)?.contract === l) stat = true;
      }
      if (decl && !decl.node) decl = undefined;
      recordExternal(call, kind, member, object, options, inLoop, { callee: decl, static: stat, targetType: target, targetTypeName: typeName });
    };

    const recordExternal = (call: N<'FunctionCall'>, kind: ExternalCallKind, member: string, object: ASTNode, options: Record<string, ASTNode>, inLoop: boolean, extra: Pick<ExternalCall, 'callee' | 'static' | 'targetType' | 'targetTypeName'>) => {
      // solc emits STATICCALL for view and pure functions from 0.5.0; before, they were plain CALLs that can re-enter.
      if (extra.static && kind === 'high-level' && staticBefore05) extra = { ...extra, static: false };
      const value = kind === 'send' || kind === 'transfer' ? call.arguments[0] : options.value;
      callKinds.set(call, kind === 'high-level' ? (extra.static ? 'external-static' : 'external') : kind === 'send' || kind === 'transfer' ? 'transfer' : 'low-level');
      // Whether the result is used is decided once the whole body is known (see below).
      fn.externalCalls.push({ node: call, fn, kind, member, target: object, value, options, checked: false, discarded: false, inLoop, ...extra });
    };

    const handle = (n: ASTNode, inLoop: boolean) => {
      switch (n.type) {
        case 'Identifier': {
          const r = resolve(fn, n.name);
          if (r?.kind === 'state') fn.reads.add(n.name);
          break;
        }
        case 'MemberAccess': {
          // A field read through a pointer into namespaced storage, or from a getter of a pointer.
          const x = unparen(n.expression);
          if ((x.type === 'Identifier' && namespaced.has(x.name)) || x.type === 'FunctionCall') {
            const name = pointerName(n);
            if (name) fn.reads.add(name);
          }
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
              } else if (v.name && v.storageLocation === 'storage') {
                // `Layout storage $ = _layout();`: a pointer a function returns.
                const target = storageTarget(fn, n.initialValue);
                if (target && 'state' in target) storageAlias.set(v.name, target.state);
                else if (target) namespaced.set(v.name, target.prefix);
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
        case 'InlineAssemblyStatement':
          // sstore in assembly is a write we cannot name; record it under a pseudo-variable.
          if (/\bsstore\s*\(/.test(file.text.slice(n.range![0], n.range![1] + 1))) addWrite('<assembly>', n);
          break;
        default:
          break;
      }
    };
    const visit = (n: ASTNode, inLoop: boolean) => {
      const loop = n.type === 'ForStatement' || n.type === 'WhileStatement' || n.type === 'DoWhileStatement';
      handle(n, inLoop);
      forEachChild(n, (ch) => visit(ch, inLoop || loop));
    };
    if (fn.node.type === 'FunctionDefinition') {
      for (const m of fn.node.modifiers ?? []) for (const a of m.arguments ?? []) visit(a as ASTNode, false);
    }
    if (fn.node.body) visit(fn.node.body, false);
    for (const x of fn.externalCalls) {
      const use = resultUse(x.node, fn, x.kind === 'high-level');
      // transfer has no result to check: it reverts by itself when the payment fails.
      x.checked = x.kind === 'transfer' || use.checked;
      x.discarded = use.discarded;
    }
    // Reach what this body reaches, wherever it is declared.
    for (const m of fn.modifiers) if (m.target) analyseBody(m.target);
    for (const ic of fn.internalCalls) analyseBody(ic.target);
  };

  function resultUse(call: N<'FunctionCall'>, fn: FunctionInfo, highLevel = false): { checked: boolean; discarded: boolean } {
    const index = fn.file.index;
    let child: ASTNode = call;
    let parent = index.parent(call);
    while (parent && parent.type === 'TupleExpression' && parent.components.length === 1) {
      child = parent;
      parent = index.parent(parent);
    }
    if (!parent || parent.type === 'ExpressionStatement') return { checked: false, discarded: true };
    let name: string | undefined;
    if (parent.type === 'VariableDeclarationStatement') {
      const first = parent.variables[0] as N<'VariableDeclaration'> | null;
      // `(, int24 tick, ) = pool.slot0()`: the values kept are the ones wanted. For a
      // low-level call the first value is the success flag, and leaving it out ignores it.
      if (!first) return parent.variables.some(Boolean) ? { checked: highLevel, discarded: false } : { checked: false, discarded: true };
      name = first.name ?? undefined;
    } else if (isAssignment(parent) && (parent as N<'BinaryOperation'>).right === child) {
      const left = unparen((parent as N<'BinaryOperation'>).left);
      if (left.type === 'TupleExpression') {
        const first = left.components[0] as ASTNode | null;
        if (!first) return left.components.some(Boolean) ? { checked: highLevel, discarded: false } : { checked: false, discarded: true };
        if (first.type === 'Identifier') name = first.name;
        else return { checked: true, discarded: false };
      } else if (left.type === 'Identifier') name = left.name;
      else return { checked: true, discarded: false };
    } else return { checked: true, discarded: false };
    if (!name) return { checked: false, discarded: true };
    // A named return value hands the result to the caller.
    if (fn.node.type === 'FunctionDefinition' && (fn.node.returnParameters ?? []).some((p) => p.name === name)) return { checked: true, discarded: false };
    return variableDecides(fn, name) ? { checked: true, discarded: false } : { checked: false, discarded: false };
  }

  /**
   * Whether a variable holding a call's success decides anything: it is read in
   * a require/assert, the condition of an `if` that does something on failure,
   * a return, a call argument or an assignment that is itself read. Reading it
   * only in `ok || true`, an empty `if`, or an `if` that only counts or logs does
   * not handle the failure.
   */
  function variableDecides(fn: FunctionInfo, name: string, depth = 0): boolean {
    analyseBody(fn);
    const body = fn.node.body;
    if (!body) return false;
    const file = fn.file;
    let decided = false;
    const mentions = (n: ASTNode | null | undefined): boolean => {
      if (!n) return false;
      let found = false;
      const v = (x: ASTNode) => {
        if (found) return;
        if (x.type === 'Identifier' && x.name === name) found = true;
        forEachChild(x, v);
      };
      v(n);
      return found;
    };
    const visit = (n: ASTNode) => {
      if (decided) return;
      switch (n.type) {
        case 'IfStatement':
          if (mentions(n.condition) && (handles(n.trueBody) || handles(n.falseBody))) decided = true;
          break;
        case 'WhileStatement':
        case 'DoWhileStatement':
          if (mentions(n.condition)) decided = true;
          break;
        case 'ForStatement':
          if (mentions(n.conditionExpression as ASTNode)) decided = true;
          break;
        case 'ReturnStatement':
          if (mentions(n.expression)) decided = true;
          break;
        case 'FunctionCall': {
          // Passed to a helper: decided when the helper's parameter decides (a helper that only counts does not).
          const targets = fn.internalCalls.filter((c) => c.node === n).map((c) => c.target);
          n.arguments.forEach((a, i) => {
            if (decided || !mentions(a)) return;
            if (targets.length === 0 || depth >= 3) return void (decided = true);
            for (const t of targets) {
              const p = (t.node.parameters ?? [])[i]?.name;
              if (!p || unparen(a).type !== 'Identifier' || variableDecides(t, p, depth + 1)) decided = true;
            }
          });
          break;
        }
        case 'Conditional':
          if (mentions(n.condition)) decided = true;
          break;
        case 'BinaryOperation':
          if (isAssignment(n)) {
            const left = unparen(n.left);
            if (!(left.type === 'Identifier' && left.name === name) && left.type !== 'TupleExpression' && mentions(n.right)) decided = true;
          }
          break;
        case 'VariableDeclarationStatement':
          if (n.initialValue && mentions(n.initialValue) && !isTrivialOr(n.initialValue)) decided = true;
          break;
        case 'InlineAssemblyStatement':
          if (new RegExp(`\\b${name.replace(/\$/g, '\\$')}\\b`).test(file.text.slice(n.range![0], n.range![1] + 1))) decided = true;
          break;
        default:
          break;
      }
      forEachChild(n, visit);
    };
    visit(body);
    return decided;
  }

  /** `x || true`: always true whatever x is. */
  function isTrivialOr(e: ASTNode): boolean {
    const x = unparen(e);
    return x.type === 'BinaryOperation' && x.operator === '||' && (unparen(x.left).type === 'BooleanLiteral' || unparen(x.right).type === 'BooleanLiteral');
  }

  /** A branch handles a failure when it reverts, returns, or changes control or value flow beyond counting. */
  function handles(s: ASTNode | null | undefined): boolean {
    if (!s) return false;
    let does = false;
    const visit = (n: ASTNode) => {
      if (does) return;
      // Emitting an event reports the failure to whoever watches: a decision, unlike a bare counter.
      if (n.type === 'EmitStatement') does = true;
      if (n.type === 'RevertStatement' || n.type === 'ThrowStatement' || n.type === 'ReturnStatement' || n.type === 'BreakStatement' || n.type === 'ContinueStatement' || n.type === 'FunctionCall') does = true;
      // Inline assembly that ends the call (`revert(p, n)` bubbling the callee's error, `return(p, n)`) decides too.
      else if (n.type === 'InlineAssemblyStatement' && yulHalts(n.body)) does = true;
      else if (n.type === 'BinaryOperation' && isAssignment(n)) {
        // `failures++`-style counters do not handle; other assignments (a refund owed, a flag) do.
        if (!(n.operator === '+=' || n.operator === '-=') || unparen(n.right).type !== 'NumberLiteral') does = true;
      }
      forEachChild(n, visit);
    };
    visit(s);
    return does;
  }

  for (const fn of allFns) if (fn.file === mainFile) analyseBody(fn);

  // ---- Who may call: a check of the caller against stored state that dominates the body.

  /** `msg.sender`, `tx.origin`, or a call to an internal function that returns `msg.sender`. */
  const senderFns = new Map<FunctionInfo, boolean>();
  /** Parameters that hold the caller, in a helper called as `_checkRole(role, msg.sender)`. */
  const bound = new Map<FunctionInfo, Set<string>>();
  const isSenderExpr = (fn: FunctionInfo, e: ASTNode, depth = 0): boolean => {
    const x = unparen(e);
    if (isMember(x, 'msg', 'sender') || isMember(x, 'tx', 'origin')) return true;
    if (x.type === 'Identifier' && bound.get(fn)?.has(x.name)) return true;
    // A local copy of the caller (`address sender = _msgSender();`), never assigned again.
    if (x.type === 'Identifier' && depth < 4 && resolve(fn, x.name)?.kind === 'local') {
      const init = localInit(fn, x.name);
      return !!init && !reassignedLocal(fn, x.name) && isSenderExpr(fn, init, depth + 1);
    }
    // `payable(msg.sender)`, `address(msg.sender)`: a conversion keeps the account.
    if (x.type === 'FunctionCall' && x.arguments.length === 1 && (isIdent(x.expression, 'payable') || isIdent(x.expression, 'address') || (x.expression.type === 'ElementaryTypeName' && x.expression.name === 'address'))) return isSenderExpr(fn, x.arguments[0], depth);
    if (x.type === 'FunctionCall' && x.arguments.length === 0 && depth < 4) {
      let targets: FunctionInfo[] = [];
      if (x.expression.type === 'Identifier') {
        const f = lookupFunction(fn.contract, x.expression.name, 0) ?? freeFunctions.get(x.expression.name)?.[0];
        if (f) targets = [f];
      } else if (x.expression.type === 'MemberAccess') {
        // `super._msgSender()`, `Base._msgSender()`: the internal call the model resolved.
        analyseBody(fn);
        targets = fn.internalCalls.filter((c) => c.node === x).map((c) => c.target);
      }
      return targets.length > 0 && targets.every((f) => returnsSender(f, depth));
    }
    return false;
  };
  /** Every value `f` returns is the caller. */
  const returnsSender = (f: FunctionInfo, depth: number): boolean => {
    const known = senderFns.get(f);
    if (known !== undefined) return known;
    senderFns.set(f, false);
    const rets = returnsOf(f);
    const r = rets.length > 0 && rets.every((ret) => isSenderExpr(f, ret, depth + 1));
    senderFns.set(f, r);
    return r;
  };

  /** A local assigned again after its declaration (`x = …`, `(x, y) = …`). */
  const reassignedLocal = (fn: FunctionInfo, name: string): boolean =>
    !!fn.node.body &&
    some(fn.node.body, (n) => {
      if (!isAssignment(n)) return false;
      const l = unparen((n as N<'BinaryOperation'>).left);
      if (l.type === 'Identifier') return l.name === name;
      return l.type === 'TupleExpression' && l.components.some((c) => !!c && unparen(c as ASTNode).type === 'Identifier' && (unparen(c as ASTNode) as N<'Identifier'>).name === name);
    });

  /** Whether an expression's value comes from storage (state, a getter, a lookup) rather than from the caller's input. */
  const fromStorage = (fn: FunctionInfo, e: ASTNode, depth = 0): boolean => {
    const x = unparen(e);
    if (isSenderExpr(fn, x)) return false;
    // A constant address (`Addresses.MESSENGER`, a literal): fixed by the source, not the caller.
    if (x.type === 'NumberLiteral' || (x.type === 'MemberAccess' && fixedAddress(fn, x))) return true;
    switch (x.type) {
      case 'Identifier': {
        const r = resolve(fn, x.name);
        if (r?.kind === 'state') return true;
        // A reference into storage (`OwnableStorage storage $ = _getOwnableStorage();`, the
        // namespaced storage of ERC-7201, or a pointer to a state variable): what is read
        // through it is stored state, whichever slot it names.
        if ((r?.kind === 'local' || r?.kind === 'param') && (r.decl as N<'VariableDeclaration'>).storageLocation === 'storage') return true;
        // A local copy of stored state (`address pending = pendingOwner;`), never assigned again.
        if (r?.kind !== 'local' || depth > 4 || !fn.node.body) return false;
        const init = localInit(fn, x.name);
        return !!init && !reassignedLocal(fn, x.name) && fromStorage(fn, init, depth + 1);
      }
      case 'IndexAccess':
      case 'MemberAccess':
        return fromStorage(fn, x.type === 'IndexAccess' ? x.base : x.expression, depth);
      case 'FunctionCall': {
        const { callee } = calleeOf(x);
        // A conversion `address(owner)` keeps its argument's origin.
        if (callee.type === 'ElementaryTypeName' || (callee.type === 'Identifier' && (byName.has(callee.name) || ELEMENTARY_CONVERSION.test(callee.name)) && x.arguments.length === 1)) return x.arguments.length === 1 && fromStorage(fn, x.arguments[0], depth);
        if (callee.type === 'Identifier') {
          const f = lookupFunction(fn.contract, callee.name, x.arguments.length) ?? freeFunctions.get(callee.name)?.[0];
          if (!f) return fn.unresolvedCalls.some((u) => u.node === x) || incomplete;
          // A function returning a storage reference (`_getOwnableStorage()`): what is read through it is stored.
          const rets = f.node.type === 'FunctionDefinition' ? ((f.node.returnParameters ?? []) as Array<N<'VariableDeclaration'>>) : [];
          if (rets.length > 0 && rets.every((p) => p.storageLocation === 'storage')) return true;
          // A getter left to the deriving contract (`function entryPoint() public view virtual returns (IEntryPoint);`):
          // its value is fixed by whoever deploys, not chosen by the caller.
          if (!f.node.body) return x.arguments.length === 0;
          if (depth > 4) return false;
          analyseBody(f);
          if (returnsOf(f).some((r) => fromStorage(f, r, depth + 1)) || readsStorage(f)) return true;
          // A getter taking nothing that loads a slot in assembly (`a := sload(slot)`, the slot a
          // constant of a library, say): the caller picks neither the slot nor what it holds.
          return x.arguments.length === 0 && [...reachable(f)].some((g) => !!g.node.body && some(g.node.body, (n) => n.type === 'AssemblyCall' && n.functionName === 'sload'));
        }
        if (callee.type === 'MemberAccess') {
          // A getter of another contract held in state: `registry.owner()`.
          return fromStorage(fn, callee.expression, depth) || !!contractTypeOf(fn, callee.expression);
        }
        return false;
      }
      default:
        return false;
    }
  };

  const readsStorage = (f: FunctionInfo): boolean => {
    for (const g of reachable(f)) if (g.reads.size > 0) return true;
    return false;
  };

  /**
   * Whether proceeding past `cond` (when it has the given truth value) requires
   * the caller to be an account recorded in storage.
   */
  const guardCondition = (fn: FunctionInfo, cond: ASTNode, mustBe: boolean, depth = 0): boolean => {
    const e = unparen(cond);
    if (depth > 6) return false;
    if (e.type === 'UnaryOperation' && e.operator === '!') return guardCondition(fn, e.subExpression, !mustBe, depth + 1);
    if (e.type === 'BinaryOperation') {
      if (e.operator === '&&') {
        // Both hold: either one gating is enough. Neither holds (for an if-revert): both must gate.
        return mustBe ? guardCondition(fn, e.left, true, depth + 1) || guardCondition(fn, e.right, true, depth + 1) : guardCondition(fn, e.left, false, depth + 1) && guardCondition(fn, e.right, false, depth + 1);
      }
      if (e.operator === '||') {
        return mustBe ? guardCondition(fn, e.left, true, depth + 1) && guardCondition(fn, e.right, true, depth + 1) : guardCondition(fn, e.left, false, depth + 1) || guardCondition(fn, e.right, false, depth + 1);
      }
      if (e.operator === '==' || e.operator === '!=') {
        const equal = e.operator === '==' ? mustBe : !mustBe;
        const l = unparen(e.left);
        const r = unparen(e.right);
        const ls = isSenderExpr(fn, l);
        const rs = isSenderExpr(fn, r);
        if (ls !== rs) {
          const other = ls ? r : l;
          if (equal && fromStorage(fn, other)) return authority(fn, other);
          // Only the contract itself: `msg.sender == address(this)` (calls made through `this` or a self-call batch).
          if (equal && isSelf(other)) return true;
          return false;
        }
        // `roles[msg.sender] == true`, `owners[msg.sender] != 0`
        const lk = senderKeyed(fn, l);
        const rk = senderKeyed(fn, r);
        if (lk || rk) {
          const other = lk ? r : l;
          const lit = unparen(other);
          if (lit.type === 'BooleanLiteral') return authority(fn, lk ? l : r) && (lit.value === equal);
          if (isLiteralish(other)) return authority(fn, lk ? l : r) && !equal;
          return authority(fn, lk ? l : r);
        }
      }
      return false;
    }
    if (mustBe && senderKeyed(fn, e)) return authority(fn, e);
    if (mustBe && e.type === 'Identifier') return sessionFlag(fn, e.name);
    if (e.type === 'FunctionCall' && mustBe) {
      // `hasRole(ROLE, msg.sender)`, `isOwner(msg.sender)`, `registry.isAdmin(msg.sender)`: a lookup of the caller in stored state.
      if (e.arguments.some((a) => isSenderExpr(fn, a))) {
        const { callee } = calleeOf(e);
        if (callee.type === 'Identifier') {
          const f = lookupFunction(fn.contract, callee.name, e.arguments.length) ?? freeFunctions.get(callee.name)?.[0];
          if (!f) return incomplete;
          analyseBody(f);
          const looksUp = readsStorage(f) || f.externalCalls.length > 0;
          // The table the helper reads holds power when it is keyed by the caller and fixed keys.
          if (looksUp) authority(fn, e);
          return looksUp;
        }
        if (callee.type === 'MemberAccess') return fromStorage(fn, callee.expression) || !!contractTypeOf(fn, callee.expression);
      }
      // `isOwner()` with no argument: a helper comparing the caller itself.
      const { callee } = calleeOf(e);
      if (callee.type === 'Identifier' && e.arguments.length === 0) {
        const f = lookupFunction(fn.contract, callee.name, 0);
        if (f && depth < 4 && !f.node.body) {
          // A hook left to the deriving contract (`function _canSetOwner() internal view virtual
          // returns (bool);`): the implementations decide; with none in the files analysed, the
          // check is given the benefit of the doubt, as a modifier whose declaration is missing is.
          const impls = (derivedFrom.get(f.contract) ?? []).map((d) => lookupFunction(d, callee.name, 0)).filter((g): g is FunctionInfo => !!g && !!g.node.body);
          if (impls.length === 0) return true;
          return impls.every((g) => returnsOf(g).some((r) => guardCondition(g, r, true, depth + 1)));
        }
        if (f && depth < 4) return returnsOf(f).some((r) => guardCondition(f, r, true, depth + 1));
      }
    }
    return false;
  };

  /** `admins[msg.sender]`, `roles[role][msg.sender]`, `members[msg.sender].active`. */
  const senderKeyed = (fn: FunctionInfo, e: ASTNode): boolean => {
    const x = unparen(e);
    if (x.type === 'MemberAccess') return senderKeyed(fn, x.expression);
    if (x.type !== 'IndexAccess' || !x.index) return false;
    if (isSenderExpr(fn, x.index) || hashesSender(fn, x.index)) return fromStorage(fn, x.base);
    return senderKeyed(fn, x.base);
  };
  /** `keccak256(abi.encode(role, msg.sender))`: a key derived from the caller (and other keys), as a flattened role table uses. */
  const hashesSender = (fn: FunctionInfo, e: ASTNode): boolean => !!hashInputs(e)?.some((a) => isSenderExpr(fn, a));

  // Whether guard checks record who holds power. The per-site questions (`coveredIn`) are asked
  // lazily, by whichever rule asks first: they record nothing, so `authority` (and what
  // `privileged` derives from it) does not depend on which rules ran. The cached answers they
  // reach (`isProtected`, `protectedWith`, `sessionFlag`) always record, as when asked directly.
  let recording = true;
  const recordingOn = <T>(f: () => T, on = true): T => {
    const saved = recording;
    recording = on;
    try {
      return f();
    } finally {
      recording = saved;
    }
  };

  // Records who holds power: `msg.sender == owner` names a role; an entry reached
  // through an index (`channels[id].party`) only asks whether the caller is that
  // entry's participant, while a mapping keyed by the sender itself is a role.
  function authority(fn: FunctionInfo, e: ASTNode, args?: Map<string, [FunctionInfo, ASTNode]>): true {
    if (!recording) return true;
    const x = unparen(e);
    const b = baseIdentifier(x);
    const indexes: ASTNode[] = [];
    for (let y: ASTNode = x; y.type === 'IndexAccess' || y.type === 'MemberAccess'; y = unparen(y.type === 'IndexAccess' ? y.base : y.expression)) if (y.type === 'IndexAccess' && y.index) indexes.push(unparen(y.index));
    // Role tables are keyed by the caller and by fixed keys (`roles[ADMIN][msg.sender]`, or
    // `roles[msg.sig][msg.sender]`: the function's own selector), not by a caller-chosen id.
    const fixedKey = (i: ASTNode, f: FunctionInfo = fn, depth = 0): boolean => {
      if (isSenderExpr(f, i) || isLiteralish(i) || isMember(i, 'msg', 'sig')) return true;
      if (i.type !== 'Identifier') return false;
      // A getter's parameter: the key its caller passed in.
      const passed = f === fn ? args?.get(i.name) : undefined;
      if (passed && depth < 2) return fixedKey(unparen(passed[1]), passed[0], depth + 1);
      const r = resolve(f, i.name);
      return r?.kind === 'state' && (r.v.constant || r.v.immutable);
    };
    const bySender = indexes.every((i) => fixedKey(i));
    // A field of namespaced storage (`$._owner`) holds power as a state variable does.
    const through = pointerNameIn(fn, x);
    if (through && (indexes.length === 0 || bySender)) authorityNames.add(through);
    else if (b && (indexes.length === 0 || bySender)) authorityNames.add(b.name);
    if (x.type === 'FunctionCall') {
      const { callee } = calleeOf(x);
      // A getter: the state it returns holds the power (`owner()` → `_owner`).
      if (callee.type === 'Identifier') {
        const f = lookupFunction(fn.contract, callee.name, x.arguments.length);
        if (f && f !== fn && !gettersSeen.has(x)) {
          gettersSeen.add(x);
          const passed = new Map<string, [FunctionInfo, ASTNode]>();
          (f.node.parameters ?? []).forEach((p, i) => {
            const name = (p as N<'VariableDeclaration'>).name;
            if (name && x.arguments[i]) passed.set(name, [fn, x.arguments[i]]);
          });
          analyseBody(f);
          for (const r of returnsOf(f)) authority(f, r, passed);
        }
      }
    }
    return true;
  }

  /**
   * The statements that run first on every path: a body's top-level statements, before any branch returns.
   * `tail`: nothing of the function runs after these statements (they end its body).
   */
  const gatesIn = (fn: FunctionInfo, stmts: readonly ASTNode[], stopAt?: (s: ASTNode) => boolean, tail = false): boolean => {
    for (let i = 0; i < stmts.length; i++) {
      const s = stmts[i];
      if (stopAt?.(s)) return false;
      if (statementGuards(fn, s, tail && i === stmts.length - 1)) return true;
      // A branch that may leave the function early ends what dominates.
      if (s.type === 'ReturnStatement') return false;
    }
    return false;
  };

  const statementGuards = (fn: FunctionInfo, s: ASTNode, tail = false): boolean => {
    if (s.type === 'ExpressionStatement' && s.expression) {
      const ex = s.expression as ASTNode;
      const req = requireCondition(ex) ?? (ex.type === 'FunctionCall' ? requireLike(ex) : undefined);
      if (req) return guardCondition(fn, req, true);
      if (ex.type === 'FunctionCall') {
        const { callee } = calleeOf(ex);
        // An internal helper that itself gates: `_checkOwner()`, `_requireAdmin()`. A virtual
        // declaration without a body never runs: the overrides that implement it do.
        const all = fn.internalCalls.filter((c) => c.node === ex).map((c) => c.target);
        const implemented = all.filter((t) => !!t.node.body);
        const targets = implemented.length > 0 ? implemented : all;
        if (targets.length > 0) {
          const senderArgs = ex.arguments.map((a, i) => (isSenderExpr(fn, a) ? i : -1)).filter((i) => i >= 0);
          if (targets.every((t) => protectedWith(t, senderArgs))) return true;
          // Authorised by signature instead of by caller: the helper recovers signers (ecrecover or ERC-1271).
          return targets.every((t) => verifiesSignatures(t));
        }
        if (callee.type === 'Identifier' && fn.unresolvedCalls.some((u) => u.node === ex)) return false;
        // `registry.checkCaller(msg.sender)`: another contract decides.
        if (ex.arguments.some((a) => isSenderExpr(fn, a)) && callee.type === 'MemberAccess' && contractTypeOf(fn, callee.expression)) return true;
      }
      return false;
    }
    if (s.type === 'IfStatement') {
      // In a modifier, the placeholder in one branch: `if (msg.sender == admin) _; else _fallback();`
      if (fn.kind === 'modifier') {
        if (hasPlaceholder(s.trueBody) && !hasPlaceholder(s.falseBody) && guardCondition(fn, s.condition, true)) return true;
        if (s.falseBody && hasPlaceholder(s.falseBody) && !hasPlaceholder(s.trueBody) && guardCondition(fn, s.condition, false)) return true;
      }
      // Every way past the statement checks the caller, and at least one checks it for real. A way
      // is checked when taking it requires a recorded caller (`if (msg.sender != owner) revert …;`
      // past its else) or its branch gates on its own (a local owner, a fixed messenger relaying
      // the owner's message; `if (msg.sender != relay) { <check of relay.owner()> }`). It passes
      // unchecked when its branch stops with nothing done (a revert undoes what ran; a bare
      // `return;`), or, with no branch, when nothing runs after the statement
      // (`if (msg.sender == owner) { … }` at the end of an entry: the body runs only for the owner).
      const stops = (b: ASTNode): boolean => {
        if (!isAbort(b)) return false;
        const stmts = b.type === 'Block' ? (b.statements as ASTNode[]) : [b];
        return stmts[stmts.length - 1].type !== 'ReturnStatement' || stmts.length === 1;
      };
      const checks = (branch: ASTNode | null | undefined, taken: boolean): boolean => guardCondition(fn, s.condition, taken) || (!!branch && statementGuards(fn, branch, tail));
      const passes = (branch: ASTNode | null | undefined, taken: boolean): boolean => checks(branch, taken) || (branch ? stops(branch) : tail);
      return passes(s.trueBody, true) && passes(s.falseBody, false) && (checks(s.trueBody, true) || checks(s.falseBody, false));
    }
    if (s.type === 'Block' || s.type === 'UncheckedStatement') {
      const stmts = (s.type === 'Block' ? s.statements : (s.block as N<'Block'>).statements) as ASTNode[];
      return gatesIn(fn, stmts, undefined, tail);
    }
    return false;
  };

  /** `t` gates its caller when the arguments at `senderArgs` hold the caller. */
  const boundCache = new Map<string, boolean>();
  const boundIds = new Map<FunctionInfo, number>();
  const protectedWith = (t: FunctionInfo, senderArgs: number[]): boolean => recordingOn(() => protectedWithImpl(t, senderArgs));
  const protectedWithImpl = (t: FunctionInfo, senderArgs: number[]): boolean => {
    const names = senderArgs.map((i) => (t.node.parameters ?? [])[i]?.name).filter((n): n is string => !!n);
    // A helper gates its caller when it returns only for a checked caller: unlike an entry
    // (`isProtected`), falling off its end is not the end of the call.
    if (!boundIds.has(t)) boundIds.set(t, boundIds.size);
    const key = `${boundIds.get(t)}:${names.join(',')}`;
    const cached = boundCache.get(key);
    if (cached !== undefined) return cached;
    boundCache.set(key, false);
    const saved = bound.get(t);
    bound.set(t, new Set(names));
    analyseBody(t);
    let p = false;
    for (const m of t.modifiers) if (!m.target || isProtected(m.target)) p = true;
    if (!p && t.node.body) p = gatesIn(t, t.node.body.statements as ASTNode[]);
    if (saved) bound.set(t, saved);
    else bound.delete(t);
    boundCache.set(key, p);
    return p;
  };

  const sigCache = new Map<FunctionInfo, boolean>();
  const verifiesSignatures = (t: FunctionInfo): boolean => {
    const cached = sigCache.get(t);
    if (cached !== undefined) return cached;
    let r = false;
    for (const f of reachable(t)) {
      if (f.externalCalls.some((c) => c.member === 'isValidSignature')) r = true;
      if (!r && f.node.body && some(f.node.body, (n) => n.type === 'FunctionCall' && isIdent(n.expression, 'ecrecover'))) r = true;
      if (r) break;
    }
    sigCache.set(t, r);
    return r;
  };

  const selfOnly = (fn: FunctionInfo): boolean => {
    const body = fn.node.body;
    if (!body) return false;
    const selfCheck = (cond: ASTNode, mustBe: boolean): boolean => {
      const e = unparen(cond);
      if (e.type === 'UnaryOperation' && e.operator === '!') return selfCheck(e.subExpression, !mustBe);
      if (e.type !== 'BinaryOperation' || (e.operator !== '==' && e.operator !== '!=')) return false;
      if ((e.operator === '==') !== mustBe) return false;
      return (isSenderExpr(fn, e.left) && isSelf(e.right)) || (isSenderExpr(fn, e.right) && isSelf(e.left));
    };
    const firstOf = (stmts: readonly ASTNode[]): boolean => {
      for (const st of stmts) {
        if (st.type === 'ExpressionStatement' && st.expression) {
          const req = requireCondition(st.expression as ASTNode) ?? requireLike(st.expression as ASTNode);
          if (req && selfCheck(req, true)) return true;
          const targets = fn.internalCalls.filter((c) => c.node === st.expression).map((c) => c.target);
          if (targets.length > 0 && targets.every((t) => t !== fn && selfOnly(t))) return true;
        }
        if (st.type === 'IfStatement' && isAbort(st.trueBody) && selfCheck(st.condition, false)) return true;
        if (st.type === 'ReturnStatement') return false;
      }
      return false;
    };
    for (const m of fn.modifiers) if (m.target && m.target !== fn && selfOnly(m.target)) return true;
    return firstOf(body.statements as ASTNode[]);
  };

  /**
   * A stored flag that is true only while a caller-checked call runs: only modifiers set it,
   * to true before the placeholder and back to false after it, and every function using such
   * a modifier checks its caller (a relay that validates who sent the message, then runs the
   * admin call on itself). Requiring the flag admits only calls made inside that window.
   */
  const sessionCache = new Map<StateVar, boolean>();
  const sessionFlag = (fn: FunctionInfo, name: string): boolean => recordingOn(() => sessionFlagImpl(fn, name));
  const sessionFlagImpl = (fn: FunctionInfo, name: string): boolean => {
    const r = resolve(fn, name);
    if (r?.kind !== 'state' || r.v.type !== 'bool' || r.v.constant || r.v.immutable) return false;
    const v = r.v;
    const cached = sessionCache.get(v);
    if (cached !== undefined) return cached;
    sessionCache.set(v, false);
    const setters = new Set<FunctionInfo>();
    let ok = true;
    for (const f of allFns) {
      if (!f.node.body || !f.contract.lineage.includes(v.contract)) continue;
      for (const n of subtree(f.node.body)) {
        if (!isAssignment(n) || !isIdent(unparen((n as N<'BinaryOperation'>).left), name)) continue;
        const rhs = unparen((n as N<'BinaryOperation'>).right);
        if (rhs.type === 'BooleanLiteral' && !rhs.value) continue;
        if (f.kind !== 'modifier' || rhs.type !== 'BooleanLiteral' || (n as N<'BinaryOperation'>).operator !== '=') ok = false;
        else setters.add(f);
      }
    }
    if (!ok || setters.size === 0) return false;
    for (const m of setters) {
      // Set before the placeholder, cleared after it.
      const stmts = (m.node.body?.statements ?? []) as ASTNode[];
      const at = stmts.findIndex((st) => st.type === 'ExpressionStatement' && isIdent(st.expression as ASTNode, '_'));
      if (at < 0) return false;
      const clears = stmts.slice(at + 1).some((st) => some(st, (n) => isAssignment(n) && isIdent(unparen((n as N<'BinaryOperation'>).left), name) && unparen((n as N<'BinaryOperation'>).right).type === 'BooleanLiteral'));
      if (!clears) return false;
      // Read from the declarations, so that only the users' bodies are analysed.
      const users = allFns.filter((f) => f.kind !== 'modifier' && f.contract.lineage.includes(m.contract) && ((f.node as N<'FunctionDefinition'>).modifiers ?? []).some((u) => f.contract.modifiers.get(u.name) === m));
      if (users.length === 0) return false;
      for (const u of users) {
        analyseBody(u);
        const byOther = u.modifiers.some((x) => x.target && x.target !== m && isProtected(x.target));
        if (!byOther && !(u.node.body && gatesIn(u, u.node.body.statements as ASTNode[], undefined, true))) return false;
      }
    }
    sessionCache.set(v, true);
    return true;
  };

  const protCache = new Map<FunctionInfo, boolean>();
  const isProtected = (fn: FunctionInfo): boolean => (protCache.get(fn) ?? recordingOn(() => isProtectedImpl(fn)));
  const isProtectedImpl = (fn: FunctionInfo): boolean => {
    const cached = protCache.get(fn);
    if (cached !== undefined) return cached;
    protCache.set(fn, false);
    analyseBody(fn);
    let p = false;
    for (const m of fn.modifiers) {
      // A modifier whose declaration the closure lacks (an unresolved import) is given the benefit of the doubt.
      if (!m.target) p = true;
      else if (isProtected(m.target)) p = true;
      if (p) break;
    }
    if (!p && fn.node.body) {
      const stmts = fn.node.body.statements as ASTNode[];
      p = fn.kind === 'modifier' ? gatesIn(fn, stmts, (s) => s.type === 'ExpressionStatement' && isIdent(s.expression as ASTNode, '_')) : gatesIn(fn, stmts, undefined, true);
    }
    fn.senderCheck = p;
    protCache.set(fn, p);
    return p;
  };

  // ---- Per-element caller checks: a check of the caller inside a loop over every element of
  // a collection covers what the function later does per element of that same collection.

  /**
   * The parameter a `for` loop walks by one from 0 to its `length` (`for (uint i; i < xs.length; ++i)`,
   * the length cached in a local, the step in the header or as the body's last statement), and
   * the counter's name; undefined for any other loop.
   */
  const loopCache = new Map<ASTNode, { counter: string; coll: string } | null>();
  const loopOver = (fn: FunctionInfo, loop: N<'ForStatement'>): { counter: string; coll: string } | undefined => {
    const known = loopCache.get(loop);
    if (known !== undefined) return known ?? undefined;
    loopCache.set(loop, null);
    let counter: string | undefined;
    const init = loop.initExpression as ASTNode | null;
    const declared = init?.type === 'VariableDeclarationStatement' && init.variables.length === 1 ? (init.variables[0] as N<'VariableDeclaration'> | null) : undefined;
    if (init?.type === 'VariableDeclarationStatement' && declared?.name) {
      const v = init.initialValue ? unparen(init.initialValue) : undefined;
      if (!v || (v.type === 'NumberLiteral' && /^0+$/.test(v.number))) counter = declared.name;
    } else if (init?.type === 'ExpressionStatement' && init.expression && isAssignment(init.expression as ASTNode)) {
      const a = init.expression as N<'BinaryOperation'>;
      const l = unparen(a.left);
      const r = unparen(a.right);
      if (a.operator === '=' && l.type === 'Identifier' && r.type === 'NumberLiteral' && /^0+$/.test(r.number) && resolve(fn, l.name)?.kind === 'local') counter = l.name;
    }
    if (!counter) return undefined;
    // The bound: `i < xs.length`, `xs.length > i`, or a local holding `xs.length` and never assigned again.
    const cond = loop.conditionExpression ? unparen(loop.conditionExpression as ASTNode) : undefined;
    if (cond?.type !== 'BinaryOperation' || (cond.operator !== '<' && cond.operator !== '>')) return undefined;
    const [c, bound] = cond.operator === '<' ? [unparen(cond.left), unparen(cond.right)] : [unparen(cond.right), unparen(cond.left)];
    if (!isIdent(c, counter)) return undefined;
    const lengthOf = (e: ASTNode, depth = 0): string | undefined => {
      const x = unparen(e);
      if (x.type === 'MemberAccess' && x.memberName === 'length' && unparen(x.expression).type === 'Identifier') {
        const name = (unparen(x.expression) as N<'Identifier'>).name;
        return resolve(fn, name)?.kind === 'param' ? name : undefined;
      }
      if (x.type === 'Identifier' && depth === 0 && resolve(fn, x.name)?.kind === 'local' && !reassignedLocal(fn, x.name)) {
        const i = localInit(fn, x.name);
        return i ? lengthOf(i, 1) : undefined;
      }
      return undefined;
    };
    const coll = lengthOf(bound);
    if (!coll) return undefined;
    // The step: `i++`, `++i`, `i += 1` in the header, or as the body's last statement (`unchecked { ++i; }`).
    const isStep = (e: ASTNode | null | undefined): boolean => {
      if (!e) return false;
      const x = unparen(e);
      if (x.type === 'UnaryOperation') return x.operator === '++' && isIdent(unparen(x.subExpression), counter!);
      if (x.type !== 'BinaryOperation' || !isIdent(unparen(x.left), counter!)) return false;
      const r = unparen(x.right);
      if (x.operator === '+=') return r.type === 'NumberLiteral' && r.number === '1';
      if (x.operator !== '=' || r.type !== 'BinaryOperation' || r.operator !== '+') return false;
      const [a, b] = [unparen(r.left), unparen(r.right)];
      return (isIdent(a, counter!) && b.type === 'NumberLiteral' && b.number === '1') || (isIdent(b, counter!) && a.type === 'NumberLiteral' && a.number === '1');
    };
    const stepStmt = (s: ASTNode | undefined): ASTNode | undefined => {
      if (!s) return undefined;
      if (s.type === 'ExpressionStatement') return isStep(s.expression as ASTNode) ? (s.expression as ASTNode) : undefined;
      const inner = s.type === 'UncheckedStatement' ? (s.block as N<'Block'>).statements : s.type === 'Block' ? s.statements : undefined;
      return inner && inner.length === 1 ? stepStmt(inner[0] as ASTNode) : undefined;
    };
    const headerStep = loop.loopExpression ? ((loop.loopExpression as N<'ExpressionStatement'>).expression as ASTNode | null) : null;
    const bodyStmts = bodyOf(loop.body as ASTNode);
    const step = headerStep ? (isStep(headerStep) ? headerStep : undefined) : stepStmt(bodyStmts[bodyStmts.length - 1]);
    if (!step) return undefined;
    // The counter moves only by that step: no other write to it in the body.
    if (subtree(loop.body as ASTNode).some((n) => n !== step && writesCounter(n, counter!))) return undefined;
    const r = { counter, coll };
    loopCache.set(loop, r);
    return r;
  };
  const bodyOf = (s: ASTNode): ASTNode[] => (s.type === 'Block' ? (s.statements as ASTNode[]) : s.type === 'UncheckedStatement' ? ((s.block as N<'Block'>).statements as ASTNode[]) : [s]);
  const writesCounter = (n: ASTNode, counter: string): boolean => {
    if (isAssignment(n)) {
      const l = unparen((n as N<'BinaryOperation'>).left);
      return isIdent(l, counter) || (l.type === 'TupleExpression' && l.components.some((c) => !!c && isIdent(unparen(c as ASTNode), counter)));
    }
    return n.type === 'UnaryOperation' && (n.operator === '++' || n.operator === '--' || n.operator === 'delete') && isIdent(unparen(n.subExpression), counter);
  };

  /**
   * Parameter `name` of `fn` holds the caller's collection as given all through the body: no
   * write to it or its elements, not in assembly, and, for a `memory` array (shared by
   * reference), not aliased by a local nor handed to an internal call except to a parameter
   * that keeps it unchanged too. A `calldata` array cannot be written at all.
   */
  const unchangedCache = new Map<string, boolean>();
  const unchangedIds = new Map<FunctionInfo, number>();
  const unchangedParam = (fn: FunctionInfo, name: string, depth = 0): boolean => {
    const decl = fn.params.get(name) as N<'VariableDeclaration'> | undefined;
    const body = fn.node.body;
    if (!decl || !body || decl.typeName?.type !== 'ArrayTypeName') return false;
    if (!unchangedIds.has(fn)) unchangedIds.set(fn, unchangedIds.size);
    const key = `${unchangedIds.get(fn)}:${name}`;
    const known = unchangedCache.get(key);
    if (known !== undefined) return known;
    unchangedCache.set(key, false);
    const r = ((): boolean => {
      const nodes = subtree(body);
      for (const n of nodes) {
        if (isAssignment(n) || (n.type === 'UnaryOperation' && (n.operator === '++' || n.operator === '--' || n.operator === 'delete'))) {
          const t = isAssignment(n) ? (n as N<'BinaryOperation'>).left : (n as N<'UnaryOperation'>).subExpression;
          const targets = unparen(t).type === 'TupleExpression' ? (unparen(t) as N<'TupleExpression'>).components.filter((c): c is ASTNode => !!c) : [t];
          if (targets.some((x) => baseIdentifier(unparen(x))?.name === name)) return false;
        }
        if (n.type === 'InlineAssemblyStatement' && n.range && new RegExp(`(^|[^\\w$])${name.replace(/\$/g, '\\$')}([^\\w$]|$)`).test(fn.file.text.slice(n.range[0], n.range[1] + 1))) return false;
      }
      if (decl.storageLocation === 'calldata') return true;
      if (decl.storageLocation !== 'memory' || depth > 3) return false;
      for (const n of nodes) {
        if (n.type === 'VariableDeclarationStatement' && n.initialValue && some(n.initialValue, (x) => isIdent(x, name)) && n.variables.some((v) => !!v && ((v as N<'VariableDeclaration'>).storageLocation === 'memory' || (v as N<'VariableDeclaration'>).storageLocation === 'storage'))) return false;
        if (isAssignment(n) && some((n as N<'BinaryOperation'>).right, (x) => isIdent(x, name))) return false;
      }
      for (const ic of fn.internalCalls) {
        ic.node.arguments.forEach((a, k) => {
          if (!some(a, (x) => isIdent(x, name))) return;
          const p = (ic.target.node.parameters ?? [])[k] as N<'VariableDeclaration'> | undefined;
          if (!isIdent(unparen(a), name) || !p?.name || ((ic.node as { names?: string[] }).names ?? []).length > 0) throw unchangedFail;
          if (p.storageLocation === 'memory' && !unchangedParam(ic.target, p.name, depth + 1)) throw unchangedFail;
        });
      }
      return true;
    })();
    unchangedCache.set(key, r);
    return r;
  };
  const unchangedFail = new Error('changed');
  const unchanged = (fn: FunctionInfo, name: string): boolean => {
    try {
      return unchangedParam(fn, name);
    } catch (e) {
      if (e !== unchangedFail) throw e;
      return false;
    }
  };

  /**
   * The parameters of `fn` whose every element a loop in the body checks against the caller,
   * each with the index of the top-level statement that holds that loop. The check must run
   * for every element: nothing before it in the loop body skips an element (`continue`,
   * `return`), no `break` ends the loop early, and the loop itself is a top-level statement.
   */
  const elementCache = new Map<FunctionInfo, Map<string, number>>();
  const elementChecks = (fn: FunctionInfo): Map<string, number> => {
    let r = elementCache.get(fn);
    if (r) return r;
    r = new Map();
    elementCache.set(fn, r);
    analyseBody(fn);
    const stmts = (fn.node.body?.statements ?? []) as ASTNode[];
    for (let j = 0; j < stmts.length; j++) {
      const s = stmts[j];
      if (s.type === 'ReturnStatement') break;
      if (s.type === 'ExpressionStatement' && s.expression?.type === 'FunctionCall') {
        // A helper that checks every element of what it is handed (`_checkAll(ops);`): its
        // checks run to the end unless it reverts, since no `return` or modifier can cut them short.
        const call = s.expression as N<'FunctionCall'>;
        const targets = fn.internalCalls.filter((c) => c.node === call).map((c) => c.target);
        if (targets.length === 0 || ((call as { names?: string[] }).names ?? []).length > 0) continue;
        call.arguments.forEach((a, k) => {
          const x = unparen(a);
          if (x.type !== 'Identifier' || r!.has(x.name) || resolve(fn, x.name)?.kind !== 'param') return;
          const helps = targets.every((t) => {
            const p = ((t.node.parameters ?? [])[k] as N<'VariableDeclaration'> | undefined)?.name;
            if (!p || t === fn || t.modifiers.length > 0 || !t.node.body) return false;
            const at = elementChecks(t).get(p);
            return at !== undefined && !(t.node.body.statements as ASTNode[]).slice(0, at + 1).some((st) => some(st, (n) => n.type === 'ReturnStatement'));
          });
          if (helps && unchanged(fn, x.name)) r!.set(x.name, j);
        });
        continue;
      }
      if (s.type !== 'ForStatement') continue;
      const lo = loopOver(fn, s);
      if (!lo || r.has(lo.coll) || some(s.body as ASTNode, (n) => n.type === 'BreakStatement')) continue;
      const skips = (st: ASTNode) => some(st, (n) => n.type === 'ContinueStatement' || n.type === 'ReturnStatement');
      if (gatesIn(fn, bodyOf(s.body as ASTNode), skips) && unchanged(fn, lo.coll)) r.set(lo.coll, j);
    }
    return r;
  };

  /**
   * `site` in `target` runs, when `fn` is entered, only inside an iteration over a collection
   * whose every element was checked against the caller first: a loop over it after the
   * checking loop, in `fn` or in an internal function `fn` hands the same collection to
   * unchanged. Every way from `fn` to `target` must be so covered. `checked` holds the
   * parameters of `fn` its caller already checked (at statement -1: from the start).
   */
  const coveredIn = (fn: FunctionInfo, checked: Map<string, number>, site: ASTNode, target: FunctionInfo, depth = 0): boolean => {
    const body = fn.node.body;
    if (!body || depth > 4) return false;
    analyseBody(fn);
    const all = new Map(checked);
    for (const [p, j] of elementChecks(fn)) if (!all.has(p)) all.set(p, j);
    const index = fn.file.index;
    const topIndex = (n: ASTNode): number => {
      let child = n;
      for (let p = index.parent(n); p; child = p, p = index.parent(p)) if (p === body) return (body.statements as ASTNode[]).indexOf(child);
      return -1;
    };
    const inCheckedLoop = (n: ASTNode): boolean => {
      if (dominated(fn, n)) return true;
      for (let p = index.parent(n); p && p !== body && all.size > 0; p = index.parent(p)) {
        if (p.type !== 'ForStatement') continue;
        const lo = loopOver(fn, p);
        const at = lo ? all.get(lo.coll) : undefined;
        if (at !== undefined && topIndex(p) > at) return true;
      }
      return false;
    };
    // A site outside this body is not this body's to cover.
    if (target === fn) return topIndex(site) >= 0 && inCheckedLoop(site);
    if (fn.modifiers.some((m) => m.target && reachable(m.target).has(target))) return false;
    let ways = 0;
    for (const ic of fn.internalCalls) {
      if (ic.target !== target && !reachable(ic.target).has(target)) continue;
      ways++;
      if (inCheckedLoop(ic.node)) continue;
      // The checked collection handed on as it is, after the checking loop.
      const at = topIndex(ic.node);
      const passed = new Map<string, number>();
      if (((ic.node as { names?: string[] }).names ?? []).length === 0) {
        ic.node.arguments.forEach((a, k) => {
          const x = unparen(a);
          const from = x.type === 'Identifier' ? all.get(x.name) : undefined;
          const p = ((ic.target.node.parameters ?? [])[k] as N<'VariableDeclaration'> | undefined)?.name;
          if (from !== undefined && at > from && p && unchanged(ic.target, p)) passed.set(p, -1);
        });
      }
      if (passed.size === 0 || !coveredIn(ic.target, passed, site, target, depth + 1)) return false;
    }
    return ways > 0;
  };

  /**
   * A caller check dominates `n` inside `fn`'s body: an earlier statement of an enclosing block
   * gates (`for (…) { require(allowed[msg.sender][xs[i]]); xs[i].call{value: v}(""); }`), or
   * `n` sits in the branch of an `if` that only the checked caller enters.
   */
  const dominated = (fn: FunctionInfo, n: ASTNode): boolean => {
    const body = fn.node.body;
    if (!body) return false;
    const index = fn.file.index;
    let child = n;
    for (let p = index.parent(n); p; child = p, p = index.parent(p)) {
      if (p.type === 'Block' || p.type === 'UncheckedStatement') {
        const stmts = bodyOf(p);
        const at = stmts.indexOf(child);
        if (at > 0 && gatesIn(fn, stmts.slice(0, at))) return true;
      } else if (p.type === 'IfStatement') {
        if (p.trueBody === child && guardCondition(fn, p.condition, true)) return true;
        if (p.falseBody === child && guardCondition(fn, p.condition, false)) return true;
      }
      if (p === body) return false;
    }
    return false;
  };

  /** `isProtected(fn)`, or `site` in `fn` runs only for elements checked against the caller. */
  const isProtectedAt = (fn: FunctionInfo, site: ASTNode): boolean => isProtected(fn) || recordingOn(() => coveredIn(fn, new Map(), site, fn), false);

  // ---- Reentrancy locks: storage checked and then set before the body runs.

  /** A key for a storage location a lock uses: a state variable, or a slot expression as written. */
  const lockKeys = (fn: FunctionInfo, e: ASTNode | null | undefined, into: Set<string>, depth = 0): void => {
    if (!e || depth > 4) return;
    const visit = (n: ASTNode) => {
      if (n.type === 'Identifier') {
        const r = resolve(fn, n.name);
        if (r?.kind === 'state' && !r.v.constant) into.add(r.v.name);
        // A local holding a value read from storage: `bool entered = $._entered;`
        else if (r?.kind === 'local') {
          const init = localInit(fn, n.name);
          if (init && !isStorageRef(r.decl as N<'VariableDeclaration'>)) lockKeys(fn, init, into, depth + 1);
        }
      } else if (n.type === 'MemberAccess' && pointerKey(fn, n)) {
        into.add(pointerKey(fn, n)!);
        return;
      } else if (n.type === 'MemberAccess' && (n.memberName === 'value' || n.memberName === 'tload') && n.expression.type === 'FunctionCall') {
        into.add(slotKey(fn, n.expression));
      } else if (n.type === 'FunctionCall' && n.expression.type === 'Identifier') {
        const f = lookupFunction(fn.contract, n.expression.name, n.arguments.length) ?? freeFunctions.get(n.expression.name)?.[0];
        if (f) for (const r of returnsOf(f)) lockKeys(f, r, into, depth + 1);
        if (f && f.node.body && /\btload\s*\(/.test(f.file.text.slice(f.node.body.range![0], f.node.body.range![1]))) into.add('<transient>');
      } else if (n.type === 'FunctionCall' && n.expression.type === 'MemberAccess' && n.expression.memberName === 'tload') {
        into.add(slotKey(fn, n.expression.expression));
      }
      forEachChild(n, visit);
    };
    visit(e);
  };
  const slotKey = (fn: FunctionInfo, e: ASTNode): string => {
    let x = unparen(e);
    // `slot().getUint256Slot()` and `slot().asBoolean()` name the same slot as `slot()`.
    while (x.type === 'FunctionCall' && x.expression.type === 'MemberAccess' && x.arguments.length === 0) x = unparen(x.expression.expression);
    return 'slot:' + fn.file.text.slice(x.range![0], x.range![1] + 1).replace(/\s+/g, '');
  };

  /**
   * The storage a guard condition compares with a fixed value or reads as a flag:
   * `!locked`, `_status != ENTERED`, `$._initialized == 0`, `threshold == 0`,
   * `_entered()` (through what it returns and through locals). A comparison of
   * two moving values (`balance >= amount`) is no one-time or lock condition.
   */
  const guardKeys = (fn: FunctionInfo, cond: ASTNode, into: Set<string>, depth = 0): void => {
    if (depth > 6) return;
    const e = unparen(cond);
    if (e.type === 'UnaryOperation' && e.operator === '!') return guardKeys(fn, e.subExpression, into, depth + 1);
    if (e.type === 'BinaryOperation') {
      if (e.operator === '&&' || e.operator === '||') {
        guardKeys(fn, e.left, into, depth + 1);
        guardKeys(fn, e.right, into, depth + 1);
        return;
      }
      if (e.operator === '==' || e.operator === '!=') {
        if (fixedValue(fn, e.right)) lockKeys(fn, e.left, into);
        else if (fixedValue(fn, e.left)) lockKeys(fn, e.right, into);
      }
      return;
    }
    if (e.type === 'Identifier') {
      const r = resolve(fn, e.name);
      if (r?.kind === 'state') return void lockKeys(fn, e, into);
      if (r?.kind === 'local') {
        const init = localInit(fn, e.name);
        if (init) guardKeys(fn, init, into, depth + 1);
      }
      return;
    }
    if (e.type === 'MemberAccess' || e.type === 'IndexAccess') return void lockKeys(fn, e, into);
    if (e.type === 'FunctionCall') {
      if (e.expression.type === 'MemberAccess' && e.expression.memberName === 'tload') return void into.add(slotKey(fn, e.expression.expression));
      if (e.expression.type === 'Identifier' && e.arguments.length === 0) {
        const f = lookupFunction(fn.contract, e.expression.name, 0) ?? freeFunctions.get(e.expression.name)?.[0];
        if (f) for (const r of returnsOf(f)) guardKeys(f, r, into, depth + 1);
        if (f && f.node.body && /\btload\s*\(/.test(f.file.text.slice(f.node.body.range![0], f.node.body.range![1]))) into.add('<transient>');
      }
    }
  };

  /** A literal, a constant, an immutable or `type(T).max`: a value the caller cannot move. */
  const fixedValue = (fn: FunctionInfo, e: ASTNode): boolean => {
    const x = unparen(e);
    if (isLiteralish(x)) return true;
    if (x.type === 'Identifier') {
      const r = resolve(fn, x.name);
      return r?.kind === 'state' && (r.v.constant || r.v.immutable);
    }
    if (x.type === 'MemberAccess' && x.expression.type === 'FunctionCall' && isIdent(x.expression.expression, 'type')) return true;
    return false;
  };

  /**
   * An address no caller can choose: `this`, a constant or immutable (through
   * conversions such as `IWETH(weth)` or `payable(x)`), or a parameterless getter
   * that returns one (`_WETH()`). Deployment fixes it, not the caller.
   */
  const fixedAddress = (fn: FunctionInfo, e: ASTNode, depth = 0): boolean => {
    const x = unparen(e);
    if (isIdent(x, 'this')) return true;
    if (x.type === 'Identifier') {
      const r = resolve(fn, x.name);
      return r?.kind === 'state' && (r.v.constant || r.v.immutable);
    }
    // An address literal, or a constant of a named contract or library (`Addresses.BRIDGE`).
    if (x.type === 'NumberLiteral') return true;
    if (x.type === 'MemberAccess' && x.expression.type === 'Identifier' && !resolve(fn, x.expression.name)) {
      const v = byName.get(x.expression.name)?.stateVars.get(x.memberName);
      return !!v && v.constant;
    }
    if (x.type !== 'FunctionCall' || depth > 4) return false;
    const { callee } = calleeOf(x);
    if (callee.type !== 'Identifier') return false;
    // A conversion: `IWETH(weth)`, `address(x)`, `payable(x)`.
    if (x.arguments.length === 1 && (byName.has(callee.name) || callee.name === 'address' || callee.name === 'payable')) return fixedAddress(fn, x.arguments[0], depth + 1);
    if (x.arguments.length !== 0) return false;
    // A virtual getter: every override it may reach must return a fixed address.
    const targets = fn.internalCalls.filter((c) => c.node === x).map((c) => c.target);
    if (targets.length === 0) {
      const f = lookupFunction(fn.contract, callee.name, 0);
      if (f) targets.push(f);
    }
    if (targets.length === 0) return false;
    return targets.every((f) => {
      if (!f.node.body) return false;
      analyseBody(f);
      const rs = returnsOf(f);
      return rs.length > 0 && rs.every((r) => fixedAddress(f, r, depth + 1));
    });
  };

  /**
   * An address whose code the source itself pins, whichever address it is: `this`, or a
   * CREATE2 address whose init-code hash is a constant
   * (`address(uint160(uint256(keccak256(abi.encodePacked(0xff, deployer, salt, INIT_CODE_HASH)))))`:
   * any code there was created from that exact init code), through locals assigned once and
   * internal or library helpers whose parameters the call fills. A token stored from a
   * constructor argument is not pinned: the deployer may choose any token.
   */
  const pinnedCode = (fn: FunctionInfo, e: ASTNode, depth = 0, bind?: Map<string, [FunctionInfo, ASTNode]>): boolean => {
    if (depth > 6) return false;
    const x = unparen(e);
    if (isIdent(x, 'this')) return true;
    if (x.type === 'Identifier') {
      const bound = bind?.get(x.name);
      if (bound && fn.params.has(x.name)) return pinnedCode(bound[0], bound[1], depth + 1);
      const r = resolve(fn, x.name);
      if (r?.kind !== 'local') return false;
      const init = localInit(fn, x.name);
      if (init) return !assignedIn(fn, x.name) && pinnedCode(fn, init, depth + 1, bind);
      // A named return assigned exactly once.
      const sets = assignmentsTo(fn, x.name);
      return sets.length === 1 && pinnedCode(fn, sets[0], depth + 1, bind);
    }
    if (x.type !== 'FunctionCall') return false;
    const { callee } = calleeOf(x);
    if (x.arguments.length === 1 && (callee.type === 'ElementaryTypeName' || (callee.type === 'Identifier' && (byName.has(callee.name) || callee.name === 'address' || callee.name === 'payable')))) return pinnedCode(fn, x.arguments[0], depth, bind);
    if (isIdent(callee, 'keccak256') && x.arguments.length === 1) {
      const packed = unparen(x.arguments[0]);
      if (packed.type !== 'FunctionCall' || !isMember(packed.expression, 'abi', 'encodePacked') || packed.arguments.length !== 4) return false;
      return create2Prefix(packed.arguments[0]) && constantWord(fn, packed.arguments[3], bind);
    }
    const f = fn.internalCalls.find((c) => c.node === x)?.target;
    if (!f?.node.body) return false;
    analyseBody(f);
    const inner = new Map<string, [FunctionInfo, ASTNode]>();
    (f.node.parameters ?? []).forEach((p, i) => {
      const name = (p as N<'VariableDeclaration'>).name;
      if (name && x.arguments[i]) inner.set(name, [fn, x.arguments[i]]);
    });
    const named = ((f.node as N<'FunctionDefinition'>).returnParameters ?? []).map((p) => (p as N<'VariableDeclaration'>).name);
    const rs = returnsOf(f);
    if (rs.length === 0 && named.length === 1 && named[0]) return pinnedCode(f, { type: 'Identifier', name: named[0] } as ASTNode, depth + 1, inner);
    return rs.length > 0 && rs.every((r) => pinnedCode(f, r, depth + 1, inner));
  };

  /**
   * The contract whose code is at an address because this source put it there:
   * `new C(…)`; `create`/`create2` in inline assembly from `type(C).creationCode`;
   * a local assigned once from one of these; an immutable that every constructor
   * sets to one; a conversion of one; an internal getter returning one. Any other
   * address may hold any code, whatever type the source gives it.
   */
  const createdCode = (fn: FunctionInfo, e: ASTNode, depth = 0): ContractInfo | undefined => {
    if (depth > 6) return undefined;
    const x = unparen(e);
    if (x.type === 'Identifier') {
      const r = resolve(fn, x.name);
      if (r?.kind === 'local') {
        const init = localInit(fn, x.name);
        const sets = assignmentsTo(fn, x.name);
        if (init && sets.length === 0) return createdCode(fn, init, depth + 1);
        if (!init && sets.length === 1) return createdCode(fn, sets[0], depth + 1);
        if (!init && sets.length === 0) return assemblyCreated(fn, x.name);
        return undefined;
      }
      if (r?.kind === 'state' && r.v.immutable) {
        let found: ContractInfo | undefined;
        let count = 0;
        for (const c of fn.contract.lineage) {
          for (const ctor of c.functions) {
            if (ctor.kind !== 'constructor') continue;
            for (const v of assignmentsTo(ctor, x.name)) {
              const k = createdCode(ctor, v, depth + 1);
              if (!k || (found && found !== k)) return undefined;
              found = k;
              count++;
            }
          }
        }
        return count > 0 ? found : undefined;
      }
      return undefined;
    }
    if (x.type !== 'FunctionCall') return undefined;
    const { callee } = calleeOf(x);
    if (callee.type === 'NewExpression') {
      const t = callee.typeName;
      return t.type === 'UserDefinedTypeName' ? byName.get(t.namePath.split('.').pop() ?? '') : undefined;
    }
    if (x.arguments.length === 1 && (callee.type === 'ElementaryTypeName' || (callee.type === 'Identifier' && (byName.has(callee.name) || callee.name === 'address' || callee.name === 'payable')))) return createdCode(fn, x.arguments[0], depth + 1);
    // A helper that creates (`Create2.deploy(0, salt, abi.encodePacked(type(C).creationCode, args))`) from C's creation code.
    const targets = fn.internalCalls.filter((c) => c.node === x).map((c) => c.target);
    if (targets.length === 0) return undefined;
    if (targets.every(creates)) {
      const codes = x.arguments.map(creationCodeOf).filter((k): k is ContractInfo => !!k);
      return codes.length === 1 ? codes[0] : undefined;
    }
    // A getter (every override a virtual call may reach) that returns one created contract.
    const ks: Array<ContractInfo | undefined> = [];
    for (const f of targets) {
      if (!f.node.body || (f.node.parameters ?? []).length > 0) return undefined;
      analyseBody(f);
      const named = ((f.node as N<'FunctionDefinition'>).returnParameters ?? []).map((p) => (p as N<'VariableDeclaration'>).name);
      const rs = returnsOf(f);
      const all = rs.length === 0 && named.length === 1 && named[0] ? [{ type: 'Identifier', name: named[0] } as ASTNode] : rs;
      if (all.length === 0) return undefined;
      for (const r of all) ks.push(createdCode(f, r, depth + 1));
    }
    return ks.every((k) => k && k === ks[0]) ? ks[0] : undefined;
  };

  /** `fn`, or something it reaches, creates a contract: `new`, or `create`/`create2` in inline assembly. */
  const createsCache = new Map<FunctionInfo, boolean>();
  const creates = (fn: FunctionInfo): boolean => {
    let answer = createsCache.get(fn);
    if (answer === undefined) {
      answer = [...reachable(fn)].some((g) => g.creations.length > 0 || (!!g.node.body && some(g.node.body, (n) => n.type === 'AssemblyCall' && (n.functionName === 'create' || n.functionName === 'create2'))));
      createsCache.set(fn, answer);
    }
    return answer;
  };

  /** The contract whose creation code an argument is: `type(C).creationCode`, or it followed by encoded constructor arguments. */
  const creationCodeOf = (e: ASTNode): ContractInfo | undefined => {
    let t = unparen(e);
    if (t.type === 'FunctionCall' && isMember(t.expression, 'abi', 'encodePacked') && t.arguments.length > 0) t = unparen(t.arguments[0]);
    if (t.type === 'MemberAccess' && t.memberName === 'creationCode' && t.expression.type === 'FunctionCall' && isIdent(t.expression.expression, 'type') && t.expression.arguments.length === 1) {
      const arg = unparen(t.expression.arguments[0]);
      if (arg.type === 'Identifier') return byName.get(arg.name);
    }
    return undefined;
  };

  /**
   * An address this source just created from code the deployer or a role chose: the result
   * of an internal or library helper that creates, whose code comes from the address
   * arguments it is given (the implementation an EIP-1167 clone delegates to, a contract
   * holding creation code), every one of them fixed at deployment or written only by a role.
   * Bytes handed to such a helper must be encoded here (`abi.encode…`, immutable arguments or
   * constructor arguments), never a raw parameter that could be the code itself; a helper
   * given no address takes its code from those bytes and is not covered.
   */
  const createdFromChosen = (fn: FunctionInfo, e: ASTNode, depth = 0): boolean => {
    if (depth > 6) return false;
    const x = stripAddressCasts(e);
    if (x.type === 'Identifier') {
      const r = resolve(fn, x.name);
      if (r?.kind !== 'local') return false;
      const init = localInit(fn, x.name);
      const sets = assignmentsTo(fn, x.name);
      if (init && sets.length === 0) return createdFromChosen(fn, init, depth + 1);
      return !init && sets.length === 1 && createdFromChosen(fn, sets[0], depth + 1);
    }
    if (x.type !== 'FunctionCall') return false;
    if (x.arguments.length === 1 && x.expression.type === 'Identifier' && byName.has(x.expression.name)) return createdFromChosen(fn, x.arguments[0], depth + 1);
    const targets = fn.internalCalls.filter((c) => c.node === x).map((c) => c.target);
    if (targets.length === 0 || !targets.every(creates)) return false;
    const { callee } = calleeOf(x);
    let chosen = 0;
    for (const f of targets) {
      const params = (f.node.parameters ?? []) as Array<N<'VariableDeclaration'>>;
      // `impl.clone(data)` through `using … for address`: the receiver is the first argument.
      const args = params.length === x.arguments.length + 1 && callee.type === 'MemberAccess' ? [callee.expression, ...x.arguments] : x.arguments;
      if (args.length !== params.length) return false;
      for (let i = 0; i < params.length; i++) {
        const t = params[i].typeName;
        const tn = t?.type === 'ElementaryTypeName' ? t.name : t?.type === 'UserDefinedTypeName' ? 'contract' : '';
        const a = unparen(args[i]);
        if (tn === 'address' || tn === 'address payable' || tn === 'contract') {
          const st = storedIn(fn, a);
          if (!(fixedAddress(fn, a) || (st && writtenByRole(fn.contract, st.v)))) return false;
          chosen++;
        } else if (tn === 'bytes' || tn === 'string') {
          const encoded = a.type === 'FunctionCall' && a.expression.type === 'MemberAccess' && isIdent(a.expression.expression, 'abi') && a.expression.memberName.startsWith('encode');
          if (!encoded && a.type !== 'StringLiteral' && a.type !== 'HexLiteral') return false;
        } else if (!tn) return false;
      }
    }
    return chosen > 0;
  };

  /** `name := create(…)` / `create2(…)` in `fn`'s assembly, whose init code is a local holding `type(C).creationCode`. */
  const assemblyCreated = (fn: FunctionInfo, name: string): ContractInfo | undefined => {
    if (!fn.node.body) return undefined;
    let found: ContractInfo | undefined;
    let other = false;
    const visit = (n: ASTNode) => {
      if ((n.type === 'AssemblyAssignment' || n.type === 'AssemblyLocalDefinition') && (n.names as Array<{ name: string }>).some((id) => id.name === name)) {
        const v = n.expression as ASTNode | null;
        if (v?.type === 'AssemblyCall' && (v.functionName === 'create' || v.functionName === 'create2') && v.arguments.length >= 3) {
          let k: ContractInfo | undefined;
          const scan = (a: ASTNode) => {
            if (a.type === 'AssemblyCall' && a.arguments.length === 0 && !k) {
              const init = localInit(fn, a.functionName);
              const t = init && unparen(init);
              if (t?.type === 'MemberAccess' && t.memberName === 'creationCode' && t.expression.type === 'FunctionCall' && isIdent(t.expression.expression, 'type') && t.expression.arguments.length === 1) {
                const arg = unparen(t.expression.arguments[0]);
                if (arg.type === 'Identifier') k = byName.get(arg.name);
              }
            }
            forEachChild(a, scan);
          };
          scan(v.arguments[1] as ASTNode);
          if (!k || (found && found !== k)) other = true;
          else found = k;
        } else other = true;
      }
      forEachChild(n, visit);
    };
    visit(fn.node.body);
    return other ? undefined : found;
  };

  /**
   * A call into code this source created (`createdCode`) whose function in that
   * contract, and everything it reaches, makes no call that could re-enter: no
   * state-changing external call, no delegatecall, no creation. Such a callee runs
   * only code the model has read, so it cannot call back.
   */
  const quietCall = (call: ExternalCall): boolean => {
    if (call.kind !== 'high-level') return false;
    const k = createdCode(call.fn, call.target);
    if (!k || k.kind === 'interface' || k.externalBases.length > 0) return false;
    const argc = call.node.arguments.length;
    // The implementations the created contract runs: declarations without a body (its interfaces') are not code.
    const named = k.allFunctions.filter((f) => f.name === call.member && f.kind === 'function' && (f.node.parameters ?? []).length === argc);
    const impls = named.filter((f) => !!f.node.body);
    if (impls.length === 0) return false;
    for (const impl of impls) {
      for (const g of reachable(impl)) {
        if (g.unresolvedCalls.length > 0 || g.creations.length > 0) return false;
        for (const c of g.externalCalls) if (!(c.kind === 'staticcall' || c.static || c.kind === 'send' || c.kind === 'transfer')) return false;
      }
    }
    return true;
  };

  /**
   * The callee was chosen by the deployer or a role, not by whoever calls: the
   * target is fixed at deployment (`fixedAddress`), or a state variable that only
   * constructors and privileged functions (`privileged`, or reached only from
   * such entries) write. A re-entry through such a contract needs that chosen
   * code to hand control to someone else. Token transfers are the exception:
   * the standards that run hooks on the sender or the receiver (ERC-777 through
   * the ERC-20 functions, ERC-721 and ERC-1155 safe transfers, ERC-1363) hand
   * control to accounts the caller picks, whoever chose the token. Only
   * high-level calls qualify: a low-level call's calldata can name anything.
   */
  /** Only the deployer, the contract itself or a role can run `fn` (see `Program.privileged`). */
  const publicPrivileged = (fn: FunctionInfo): boolean =>
    fn.kind === 'constructor' ||
    selfOnly(fn) ||
    fn.modifiers.some((m) => !!m.target && (selfOnly(m.target) || (isProtected(m.target) && [...readsOf(m.target)].some((v) => authorityNames.has(v)))));

  /** Run only by the deployer, the contract itself or a role: through a modifier, or a check in its own body against a role (not a per-item record). */
  const byRole = (f: FunctionInfo): boolean => publicPrivileged(f) || (isProtected(f) && [...readsOf(f)].some((v) => authorityNames.has(v)));

  const trustedCallee = (call: ExternalCall): boolean => {
    if (call.kind !== 'high-level') return false;
    const sig = call.callee ? abiSignatureOf(call.callee) : undefined;
    if (sig === undefined) {
      // Without the declaration the ABI name is all that is known: any hook-capable name counts.
      if (HOOK_NAMES.has(call.member)) return false;
    } else if (HOOK_SIGNATURES.has(sig)) return false;
    const fn = call.fn;
    // Code this source created is known: if the called function calls out, it hands control on.
    if (createdCode(fn, call.target) && !quietCall(call)) return false;
    if (fixedAddress(fn, call.target) || createdFromChosen(fn, call.target)) return true;
    const r = storedIn(fn, call.target);
    if (!r) return false;
    const x = { name: r.v.name };
    return writtenByRole(fn.contract, r.v);
  };

  /**
   * A one-shot initializer (it can run once: `isOneShot`) that the deployed contract's own
   * constructor calls: it has run by the time anyone else could call it, so what it wrote
   * was chosen by the deployer. An initializer left for whoever calls first is not covered.
   */
  const initialisedAtDeployment = (deployed: ContractInfo, f: FunctionInfo): boolean => {
    if (!f.isEntry || !isOneShot(f)) return false;
    for (const c of deployed.lineage) {
      for (const ctor of c.functions) {
        if (ctor.kind !== 'constructor') continue;
        analyseBody(ctor);
        if (ctor.internalCalls.some((ic) => ic.target === f)) return true;
      }
    }
    return false;
  };

  /** Every function of the deployed contract that writes `v` is a constructor or run only by a role (directly, or reached only from such entries); and something writes it. */
  const writtenByRoleCache = new Map<ContractInfo, Map<StateVar, boolean>>();
  const writtenByRole = (deployed: ContractInfo, v: StateVar): boolean => {
    let byVar = writtenByRoleCache.get(deployed);
    if (!byVar) writtenByRoleCache.set(deployed, (byVar = new Map()));
    let answer = byVar.get(v);
    if (answer === undefined) byVar.set(v, (answer = writtenByRoleUncached(deployed, v)));
    return answer;
  };
  const writtenByRoleUncached = (deployed: ContractInfo, v: StateVar): boolean => {
    let written = false;
    // Writers in every file of the closure: the deployed contract may be declared in another file.
    for (const f of allFns) {
      if (!f.contract.lineage.includes(v.contract)) continue;
      if (!deployed.lineage.includes(f.contract) && !f.contract.lineage.includes(deployed)) continue;
      // Bodies are analysed on demand: a writer in another file may not have been read yet.
      analyseBody(f);
      if (!f.writes.has(v.name)) continue;
      written = true;
      if (byRole(f) || initialisedAtDeployment(deployed, f)) continue;
      const es = entriesReaching(f).filter((e) => e !== f);
      if (f.isEntry || es.length === 0 || !es.every((e) => byRole(e) || initialisedAtDeployment(deployed, e))) return false;
    }
    return written;
  };

  /**
   * The function reverts unless `expr` is listed in a table only a role maintains:
   * `require(modules[target])`, `if (!allowed[target]) revert …`, `require(registry[target].active)`,
   * `require(pools[target] != address(0))`. The address is then one the role admitted.
   */
  const allowlisted = (fn: FunctionInfo, expr: ASTNode): boolean => {
    const target = stripAddressCasts(expr);
    if (target.type !== 'Identifier' || !fn.node.body) return false;
    const listed = (cond: ASTNode, positive: boolean): boolean => {
      let c = unparen(cond);
      if (c.type === 'UnaryOperation' && c.operator === '!') return listed(c.subExpression, !positive);
      if (c.type === 'BinaryOperation' && c.operator === '&&' && positive) return listed(c.left, true) || listed(c.right, true);
      if (c.type === 'BinaryOperation' && (c.operator === '!=' || c.operator === '==') && (isLiteralish(unparen(c.right)) || isLiteralish(unparen(c.left)))) {
        const lit = isLiteralish(unparen(c.right)) ? unparen(c.right) : unparen(c.left);
        const truthy = lit.type === 'BooleanLiteral' ? lit.value : false;
        const side = lit === unparen(c.right) ? c.left : c.right;
        // `t[x] != 0` / `t[x] == true` hold when listed.
        const holdsWhenListed = c.operator === '!=' ? !truthy : truthy;
        return holdsWhenListed === positive && listed(side, true);
      }
      if (!positive) return false;
      while (c.type === 'MemberAccess') c = unparen(c.expression);
      if (c.type !== 'IndexAccess' || !c.index || !isIdent(unparen(c.index), target.name)) return false;
      const r = storedIn(fn, c.base);
      return !!r && writtenByRole(fn.contract, r.v);
    };
    for (const n of subtree(fn.node.body)) {
      if (n.type === 'FunctionCall') {
        const cond = requireLike(n);
        if (cond && listed(cond, true)) return true;
      }
      if (n.type === 'IfStatement' && isAbort(n.trueBody as ASTNode) && listed(n.condition, false)) return true;
    }
    return false;
  };

  /** The state variable an address is read from: directly, an entry or field of it (`oracles[id]`, `cfg.oracle`), or a local copied once from one. */
  const storedIn = (fn: FunctionInfo, e: ASTNode, depth = 0): { kind: 'state'; v: StateVar } | undefined => {
    if (depth > 6) return undefined;
    const x = stripAddressCasts(e);
    if (x.type === 'IndexAccess') return storedIn(fn, x.base, depth + 1);
    if (x.type === 'MemberAccess') return storedIn(fn, x.expression, depth + 1);
    if (x.type !== 'Identifier') return undefined;
    const r = resolve(fn, x.name);
    if (r?.kind === 'state') return r;
    if (r?.kind === 'local') {
      const init = localInit(fn, x.name);
      return init && !assignedIn(fn, x.name) ? storedIn(fn, init, depth + 1) : undefined;
    }
    return undefined;
  };

  /** `name(type,…)` of a declaration's parameters, for the types an ABI signature of a token function has. */
  const abiSignatureOf = (f: FunctionInfo): string | undefined => {
    const types: string[] = [];
    for (const p of (f.node.parameters ?? []) as Array<N<'VariableDeclaration'>>) {
      const t = p.typeName;
      if (!t) return undefined;
      if (t.type === 'ElementaryTypeName') types.push(t.name === 'uint' ? 'uint256' : t.name === 'address payable' ? 'address' : t.name);
      else if (t.type === 'ArrayTypeName' && t.baseTypeName.type === 'ElementaryTypeName' && !t.length) types.push(`${t.baseTypeName.name === 'uint' ? 'uint256' : t.baseTypeName.name}[]`);
      else if (t.type === 'UserDefinedTypeName' && byName.get(t.namePath.split('.').pop() ?? '')?.kind !== undefined && ['contract', 'interface', 'abstract'].includes(byName.get(t.namePath.split('.').pop() ?? '')!.kind)) types.push('address');
      else return undefined;
    }
    return `${f.name}(${types.join(',')})`;
  };

  /** A literal or constant word (an init-code hash written into the source), through a bound parameter. */
  const constantWord = (fn: FunctionInfo, e: ASTNode, bind?: Map<string, [FunctionInfo, ASTNode]>): boolean => {
    const x = unparen(e);
    if (x.type === 'HexLiteral' || x.type === 'NumberLiteral') return true;
    if (x.type === 'Identifier') {
      const bound = bind?.get(x.name);
      if (bound && fn.params.has(x.name)) return constantWord(bound[0], bound[1]);
      const r = resolve(fn, x.name);
      return r?.kind === 'state' && r.v.constant;
    }
    if (x.type === 'FunctionCall' && x.arguments.length === 1 && x.expression.type === 'ElementaryTypeName') return constantWord(fn, x.arguments[0], bind);
    return false;
  };

  /** The right-hand sides of every assignment to `name` in `fn`'s body. */
  const assignmentsTo = (fn: FunctionInfo, name: string): ASTNode[] => {
    const out: ASTNode[] = [];
    const visit = (n: ASTNode) => {
      if (isAssignment(n) && isIdent((n as N<'BinaryOperation'>).left, name)) out.push((n as N<'BinaryOperation'>).right);
      forEachChild(n, visit);
    };
    if (fn.node.body) visit(fn.node.body);
    return out;
  };
  const assignedIn = (fn: FunctionInfo, name: string): boolean => assignmentsTo(fn, name).length > 0;

  /** The initial value of a local declared alone: `uint64 v = $._initialized;`. */
  const localInitCache = new Map<FunctionInfo, Map<string, ASTNode>>();
  const localInit = (fn: FunctionInfo, name: string): ASTNode | undefined => {
    let m = localInitCache.get(fn);
    if (!m) {
      m = new Map();
      const visit = (n: ASTNode) => {
        if (n.type === 'VariableDeclarationStatement' && n.variables.length === 1 && n.initialValue) {
          const v = n.variables[0] as N<'VariableDeclaration'> | null;
          if (v?.name) m!.set(v.name, n.initialValue);
        }
        forEachChild(n, visit);
      };
      if (fn.node.body) visit(fn.node.body);
      localInitCache.set(fn, m);
    }
    return m.get(name);
  };

  /** `$._initialized` where `$` is a storage pointer a function returned: the slot it names. */
  const pointerKey = (fn: FunctionInfo, e: ASTNode): string | undefined => {
    const x = unparen(e);
    if (x.type !== 'MemberAccess') return undefined;
    const base = unparen(x.expression);
    if (base.type !== 'Identifier') return undefined;
    const r = resolve(fn, base.name);
    if (r?.kind !== 'local' || !isStorageRef(r.decl as N<'VariableDeclaration'>)) return undefined;
    const init = localInit(fn, base.name);
    if (!init) return undefined;
    const b = baseIdentifier(init);
    const origin = b && resolve(fn, b.name)?.kind === 'state' ? b.name : fn.file.text.slice(init.range![0], init.range![1] + 1).replace(/\s+/g, '');
    return `ptr:${origin}.${x.memberName}`;
  };

  /** The storage location an assignment target names, for locks and one-time guards. */
  const writeKey = (fn: FunctionInfo, target: ASTNode): string | undefined => {
    const left = unparen(target);
    const pk = pointerKey(fn, left);
    if (pk) return pk;
    const b = baseIdentifier(left);
    if (b && resolve(fn, b.name)?.kind === 'state') return b.name;
    if (left.type === 'MemberAccess' && left.memberName === 'value' && left.expression.type === 'FunctionCall') return slotKey(fn, left.expression);
    return undefined;
  };

  /** Storage written anywhere in these statements (after a placeholder, say). */
  const writtenIn = (fn: FunctionInfo, stmts: readonly ASTNode[], into: Set<string>, depth = 0): void => {
    const visit = (n: ASTNode) => {
      if (isAssignment(n)) {
        const k = writeKey(fn, (n as N<'BinaryOperation'>).left);
        if (k) into.add(k);
      }
      // What called helpers store (`_nonReentrantAfter()` resets the lock).
      if (n.type === 'FunctionCall' && depth < 4) for (const ic of fn.internalCalls) if (ic.node === n && ic.target.node.body) writtenIn(ic.target, ic.target.node.body.statements as ASTNode[], into, depth + 1);
      if (n.type === 'FunctionCall' && n.expression.type === 'MemberAccess' && n.expression.memberName === 'tstore') into.add(slotKey(fn, n.expression.expression));
      forEachChild(n, visit);
    };
    for (const s of stmts) visit(s);
  };

  /** What running the statements before the placeholder checks (and reverts on) and writes, through internal calls. */
  const lockEffects = (fn: FunctionInfo, stmts: readonly ASTNode[], checked: Set<string>, written: Set<string>, depth = 0): void => {
    if (depth > 4) return;
    const onStmt = (s: ASTNode) => {
      if (s.type === 'IfStatement') {
        if (isAbort(s.trueBody)) guardKeys(fn, s.condition, checked);
        return;
      }
      if (s.type === 'ExpressionStatement' && s.expression) {
        const ex = s.expression as ASTNode;
        const req = requireCondition(ex) ?? requireLike(ex);
        if (req) return guardKeys(fn, req, checked);
        if (isAssignment(ex)) {
          // A plain store; `+=` and friends move a value, they do not set a flag.
          if ((ex as N<'BinaryOperation'>).operator !== '=') return;
          const left = unparen((ex as N<'BinaryOperation'>).left);
          const b = baseIdentifier(left);
          const key = writeKey(fn, left);
          if (key) written.add(key);
          return;
        }
        if (ex.type === 'FunctionCall') {
          if (ex.expression.type === 'MemberAccess' && ex.expression.memberName === 'tstore') {
            written.add(slotKey(fn, ex.expression.expression));
            return;
          }
          for (const ic of fn.internalCalls) {
            if (ic.node !== ex) continue;
            const body = ic.target.node.body;
            if (body) lockEffects(ic.target, body.statements as ASTNode[], checked, written, depth + 1);
          }
        }
        return;
      }
      if (s.type === 'InlineAssemblyStatement') {
        const t = fn.file.text.slice(s.range![0], s.range![1] + 1);
        if (/\btstore\s*\(/.test(t)) written.add('<transient>');
        if (/\bsstore\s*\(/.test(t)) written.add('<assembly>');
      }
    };
    for (const s of stmts) {
      if (s.type === 'ExpressionStatement' && isIdent(s.expression as ASTNode, '_')) break;
      // A flag set after a call out is not a lock: the callee can re-enter before it is set.
      if (callsOut(fn, s)) break;
      onStmt(s);
    }
  };

  /** The statement makes (or reaches through internal calls) an external call that can run other code. */
  const outCache = new Map<FunctionInfo, boolean>();
  const reachesOut = (f: FunctionInfo): boolean => {
    const c = outCache.get(f);
    if (c !== undefined) return c;
    outCache.set(f, false);
    let r = false;
    for (const g of reachable(f)) {
      analyseBody(g);
      if (g.externalCalls.some((x) => !x.static && x.kind !== 'staticcall' && !isIdent(unparen(x.target), 'this'))) r = true;
      if (r) break;
    }
    outCache.set(f, r);
    return r;
  };
  const callsOut = (fn: FunctionInfo, s: ASTNode): boolean => {
    const [a, b] = s.range ?? [0, -1];
    const inside = (n: ASTNode) => !!n.range && n.range[0] >= a && n.range[1] <= b;
    if (fn.externalCalls.some((x) => inside(x.node) && !x.static && x.kind !== 'staticcall' && !isIdent(unparen(x.target), 'this'))) return true;
    return fn.internalCalls.some((ic) => inside(ic.node) && reachesOut(ic.target));
  };

  const lockCache = new Map<FunctionInfo, boolean>();
  const isLock = (m: FunctionInfo): boolean => {
    const cached = lockCache.get(m);
    if (cached !== undefined) return cached;
    const body = m.node.body;
    let r = false;
    if (body) {
      analyseBody(m);
      const checked = new Set<string>();
      const written = new Set<string>();
      lockEffects(m, body.statements as ASTNode[], checked, written);
      for (const k of checked) if (written.has(k)) r = true;
    }
    lockCache.set(m, r);
    return r;
  };

  const isGuarded = (fn: FunctionInfo): boolean => {
    analyseBody(fn);
    for (const m of fn.modifiers) {
      if (!m.target) return true;
      if (isLock(m.target)) return true;
    }
    return fn.kind === 'modifier' ? false : isLock(fn);
  };

  /**
   * A one-time guard: storage checked and then set before the body runs, and
   * never set back (an initializer), in a modifier or at the top of the body.
   */
  const oneShotCache = new Map<FunctionInfo, Set<string>>();
  const oneShotKeys = (fn: FunctionInfo): Set<string> => {
    const cached = oneShotCache.get(fn);
    if (cached) return cached;
    const out = new Set<string>();
    oneShotCache.set(fn, out);
    analyseBody(fn);
    const check = (f: FunctionInfo) => {
      const body = f.node.body;
      if (!body) return;
      const stmts = body.statements as ASTNode[];
      const checked = new Set<string>();
      const written = new Set<string>();
      lockEffects(f, stmts, checked, written);
      const at = stmts.findIndex((st) => st.type === 'ExpressionStatement' && isIdent(st.expression as ASTNode, '_'));
      const after = new Set<string>();
      if (at >= 0) writtenIn(f, stmts.slice(at + 1), after);
      for (const k of checked) if (written.has(k) && !after.has(k)) out.add(k);
    };
    for (const m of fn.modifiers) if (m.target) check(m.target);
    if (fn.kind !== 'modifier') check(fn);
    return out;
  };
  const isOneShot = (fn: FunctionInfo): boolean => oneShotKeys(fn).size > 0;

  /** Storage locations `fn` writes with a plain store, through what it calls (pointer and slot writes included). */
  const storeKeysOf = (fn: FunctionInfo): Set<string> => {
    const out = new Set<string>();
    for (const f of reachable(fn)) if (f.node.body) writtenIn(f, f.node.body.statements as ASTNode[], out);
    return out;
  };

  // ---- Paths.

  /** `this`, or an immutable that every constructor of the contract sets to `address(this)`. */
  const selfAddress = (fn: FunctionInfo, e: ASTNode): boolean => {
    const x = stripAddressCasts(e);
    if (isIdent(x, 'this')) return true;
    if (x.type !== 'Identifier') return false;
    const r = resolve(fn, x.name);
    if (r?.kind !== 'state' || !r.v.immutable) return false;
    let count = 0;
    for (const c of fn.contract.lineage) {
      for (const ctor of c.functions) {
        if (ctor.kind !== 'constructor') continue;
        for (const v of assignmentsTo(ctor, x.name)) {
          if (!isIdent(stripAddressCasts(v), 'this')) return false;
          count++;
        }
      }
    }
    return count > 0;
  };

  const selfCallTargets = (call: ExternalCall): FunctionInfo[] | undefined => {
    if (call.kind !== 'call' && call.kind !== 'delegatecall') return undefined;
    if (!selfAddress(call.fn, call.target)) return undefined;
    const data = call.node.arguments[0] ? unparen(call.node.arguments[0]) : undefined;
    if (data?.type !== 'FunctionCall' || data.expression.type !== 'MemberAccess' || !isIdent(data.expression.expression, 'abi') || data.arguments.length === 0) return undefined;
    const how = data.expression.memberName;
    const first = unparen(data.arguments[0]);
    let name: string | undefined;
    let argc: number | undefined;
    if (how === 'encodeWithSignature' && first.type === 'StringLiteral') {
      const m = /^([A-Za-z_$][\w$]*)\(([^)]*)\)$/.exec(first.value);
      if (m) {
        name = m[1];
        argc = m[2] === '' ? 0 : m[2].split(',').length;
      }
    } else if (how === 'encodeCall' && first.type === 'MemberAccess') name = first.memberName;
    else if (how === 'encodeWithSelector' && first.type === 'MemberAccess' && first.memberName === 'selector' && first.expression.type === 'MemberAccess') name = first.expression.memberName;
    if (!name) return undefined;
    const found = implementationsNamed(call.fn.contract, name, argc);
    return found.length > 0 ? found : undefined;
  };
  /** The implemented functions called `name` that the contract (or one deriving from it) runs. */
  const implementationsNamed = (c: ContractInfo, name: string, argc: number | undefined): FunctionInfo[] => {
    const out: FunctionInfo[] = [];
    for (const d of allContracts) {
      if (d !== c && !d.lineage.includes(c)) continue;
      for (const f of d.allFunctions) {
        if (f.name !== name || f.kind !== 'function' || !f.node.body || !f.isEntry) continue;
        if (argc !== undefined && (f.node.parameters ?? []).length !== argc) continue;
        if (!out.includes(f)) out.push(f);
      }
    }
    return out;
  };

  const revertCache = new Map<FunctionInfo, boolean>();
  const alwaysReverts = (fn: FunctionInfo): boolean => {
    const cached = revertCache.get(fn);
    if (cached !== undefined) return cached;
    revertCache.set(fn, false);
    const body = fn.node.body;
    const r = !!body && fn.kind !== 'modifier' && blockReverts(fn, body.statements as ASTNode[]);
    revertCache.set(fn, r);
    return r;
  };
  const blockReverts = (fn: FunctionInfo, stmts: readonly ASTNode[]): boolean => {
    for (const s of stmts) {
      if (some(s, (n) => n.type === 'ReturnStatement')) return false;
      if (stmtReverts(fn, s)) return true;
    }
    return false;
  };
  const stmtReverts = (fn: FunctionInfo, s: ASTNode): boolean => {
    if (s.type === 'RevertStatement' || s.type === 'ThrowStatement') return true;
    if (s.type === 'ExpressionStatement' && s.expression?.type === 'FunctionCall') {
      const call = s.expression;
      if (isIdent(call.expression, 'revert')) return true;
      const req = requireCondition(call);
      if (req && unparen(req).type === 'BooleanLiteral' && (unparen(req) as N<'BooleanLiteral'>).value === false) return true;
      const targets = fn.internalCalls.filter((c) => c.node === call).map((c) => c.target);
      return targets.length > 0 && targets.every((t) => alwaysReverts(t));
    }
    if (s.type === 'InlineAssemblyStatement') return yulReverts((s as N<'InlineAssemblyStatement'>).body);
    if (s.type === 'Block' || s.type === 'UncheckedStatement') return blockReverts(fn, ((s.type === 'Block' ? s.statements : (s.block as N<'Block'>).statements) as ASTNode[]));
    if (s.type === 'IfStatement') return !!s.falseBody && stmtReverts(fn, s.trueBody) && stmtReverts(fn, s.falseBody);
    return false;
  };

  /**
   * The condition of a call that reverts unless its first argument holds: a helper
   * such as `_require(a >= b, CODE)` whose body is `require(ok)` or `if (!ok) <revert>`.
   */
  const requireLike = (call: ASTNode): ASTNode | undefined => {
    if (call.type !== 'FunctionCall') return undefined;
    const direct = requireCondition(call);
    if (direct) return direct;
    if (call.arguments.length === 0) return undefined;
    const fn = functionOf(call);
    const target = fn?.internalCalls.find((c) => c.node === call)?.target;
    if (!target || !target.node.body) return undefined;
    const p = (target.node.parameters ?? [])[0] as N<'VariableDeclaration'> | undefined;
    if (!p?.name || p.typeName?.type !== 'ElementaryTypeName' || p.typeName.name !== 'bool') return undefined;
    const first = target.node.body.statements[0] as ASTNode | undefined;
    if (!first) return undefined;
    const isParam = (e: ASTNode) => unparen(e).type === 'Identifier' && (unparen(e) as N<'Identifier'>).name === p.name;
    const req = first.type === 'ExpressionStatement' && first.expression ? requireCondition(first.expression as ASTNode) : undefined;
    if (req && isParam(req)) return call.arguments[0];
    if (first.type === 'IfStatement' && !first.falseBody) {
      const c = unparen(first.condition);
      if (c.type === 'UnaryOperation' && c.operator === '!' && isParam(c.subExpression) && (isAbort(first.trueBody) || stmtReverts(target, first.trueBody))) return call.arguments[0];
    }
    return undefined;
  };

  // ---- Reachability.

  const reachCache = new Map<FunctionInfo, Set<FunctionInfo>>();
  function reachable(fn: FunctionInfo): Set<FunctionInfo> {
    let r = reachCache.get(fn);
    if (r) return r;
    analyseBody(fn);
    r = new Set([fn]);
    const stack = [fn];
    while (stack.length) {
      const f = stack.pop()!;
      for (const m of f.modifiers) if (m.target && !r.has(m.target)) (r.add(m.target), stack.push(m.target));
      for (const ic of f.internalCalls) if (!r.has(ic.target)) (r.add(ic.target), stack.push(ic.target));
    }
    reachCache.set(fn, r);
    return r;
  }
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

  // Callers of each function or modifier, for walking the call graph upwards.
  let callers: Map<FunctionInfo, FunctionInfo[]> | undefined;
  const callersOf = () => {
    if (callers) return callers;
    callers = new Map();
    const add = (callee: FunctionInfo, caller: FunctionInfo) => {
      let list = callers!.get(callee);
      if (!list) callers!.set(callee, (list = []));
      list.push(caller);
    };
    for (const f of allFns) {
      if (!f.analysed) continue;
      for (const ic of f.internalCalls) add(ic.target, f);
      for (const m of f.modifiers) if (m.target) add(m.target, f);
    }
    return callers;
  };
  const entryCache = new Map<FunctionInfo, FunctionInfo[]>();
  const entriesReaching = (fn: FunctionInfo): FunctionInfo[] => {
    let r = entryCache.get(fn);
    if (r) return r;
    const cs = callersOf();
    const seen = new Set<FunctionInfo>([fn]);
    const stack = [fn];
    while (stack.length > 0) {
      const f = stack.pop()!;
      for (const c of cs.get(f) ?? []) if (!seen.has(c)) (seen.add(c), stack.push(c));
    }
    // In declaration order, as callers expect.
    r = allFns.length < seen.size * 4 ? allFns.filter((f) => f.isEntry && seen.has(f)) : [...seen].filter((f) => f.isEntry).sort((a, b) => allFns.indexOf(a) - allFns.indexOf(b));
    entryCache.set(fn, r);
    return r;
  };

  /**
   * Code that can run: a public or external function (a library's too), a constructor,
   * receive or fallback, or a function or modifier that such code reaches.
   */
  const liveCache = new Map<FunctionInfo, boolean>();
  const live = (fn: FunctionInfo): boolean => {
    const known = liveCache.get(fn);
    if (known !== undefined) return known;
    liveCache.set(fn, false);
    let r = fn.kind === 'constructor' || fn.kind === 'fallback' || fn.kind === 'receive' || (fn.kind === 'function' && (fn.visibility === 'public' || fn.visibility === 'external'));
    if (!r) for (const c of callersOf().get(fn) ?? []) if (live(c)) (r = true);
    liveCache.set(fn, r);
    return r;
  };

  /**
   * `e` in `fn` is always zero: a literal 0, or a parameter of an internal function that
   * every call site fills with a value that is always zero (`functionCall(t, d)` passing
   * `0` on to `functionCallWithValue(t, d, value)`).
   */
  const zeroValue = (fn: FunctionInfo, e: ASTNode, depth = 0): boolean => {
    const x = unparen(e);
    if (x.type === 'NumberLiteral') return /^(0+|0x0*)$/i.test(x.number);
    if (x.type !== 'Identifier' || depth > 4 || fn.isEntry || fn.kind !== 'function') return false;
    const params = (fn.node.parameters ?? []) as Array<{ name?: string | null }>;
    const i = params.findIndex((p) => p.name === x.name);
    if (i < 0) return false;
    let sites = 0;
    for (const f of allFns) {
      // A site in code nothing runs (an unused overload that forwards its own `value`) decides nothing.
      if (!f.analysed || !live(f)) continue;
      for (const ic of f.internalCalls) {
        if (ic.target !== fn) continue;
        sites++;
        const names = (ic.node as { names?: string[] }).names ?? [];
        const arg = names.length > 0 ? ic.node.arguments[names.indexOf(x.name)] : ic.node.arguments[i];
        if (!arg || !zeroValue(f, arg, depth + 1)) return false;
      }
    }
    return sites > 0;
  };

  const targetsIn = (fn: FunctionInfo, call: ASTNode, context?: ContractInfo): FunctionInfo[] => {
    const all = fn.internalCalls.filter((c) => c.node === call);
    if (all.length === 0 || !context || !context.lineage.includes(fn.contract)) return all.map((c) => c.target);
    const via = all[0].via;
    const argc = (call as N<'FunctionCall'>).arguments?.length ?? 0;
    const name = all[0].target.name;
    const declares = (b: ContractInfo) => b.functions.find((f) => f.kind === 'function' && f.name === name && (f.node as N<'FunctionDefinition'>).parameters.length === argc);
    if (via === 'virtual') {
      // The most derived implementation in the context's order.
      for (const b of context.lineage) {
        const f = declares(b);
        if (f && f.node.body) return [f];
      }
      return all.map((c) => c.target);
    }
    if (via === 'super') {
      const at = context.lineage.indexOf(fn.contract);
      for (const b of context.lineage.slice(at + 1)) {
        const f = declares(b);
        if (f) return f.node.body ? [f] : [];
      }
      return [];
    }
    return all.map((c) => c.target);
  };

  const entriesOf = (c: ContractInfo): FunctionInfo[] => {
    const out: FunctionInfo[] = [];
    const seen = new Set<string>();
    for (const f of c.allFunctions) {
      const key = f.kind === 'function' ? `${f.name}/${(f.node as N<'FunctionDefinition'>).parameters.length}` : f.kind;
      if (seen.has(key)) continue;
      seen.add(key);
      if (f.isEntry) {
        analyseBody(f);
        out.push(f);
      }
    }
    return out;
  };

  const functionOf = (node: ASTNode): FunctionInfo | undefined => {
    const file = ctx.fileOf(node) ?? mainFile;
    for (let p: ASTNode | undefined = node; p; p = file.index.parent(p)) {
      const f = byNode.get(p);
      if (f) {
        analyseBody(f);
        return f;
      }
    }
    return undefined;
  };

  const isInLoop = (node: ASTNode, fn: FunctionInfo): boolean => {
    for (let p = fn.file.index.parent(node); p && p !== fn.node; p = fn.file.index.parent(p)) {
      if (p.type === 'ForStatement' || p.type === 'WhileStatement' || p.type === 'DoWhileStatement') return true;
    }
    return false;
  };

  /**
   * `fn` runs once for the whole contract (an initializer): its one-time flag is a
   * plain slot, not an entry of a mapping or array (`claimed[msg.sender]` allows
   * one run per account, which is not once).
   */
  const runsOnce = (fn: FunctionInfo): boolean => {
    for (const k of oneShotKeys(fn)) {
      const v = fn.contract.stateVars.get(k);
      const t = v?.typeName;
      if (!t || (t.type !== 'Mapping' && t.type !== 'ArrayTypeName')) return true;
    }
    return false;
  };
  // An initializer is not "anyone, any time": whether it can be front-run is unprotected-initializer's question.
  // With a site, an entry whose per-element checks cover it does not count (see `coveredIn`).
  const openEntries = (fn: FunctionInfo, site?: ASTNode): FunctionInfo[] =>
    isProtected(fn) || (site && covers(fn, fn, site)) ? [] : entriesReaching(fn).filter((e) => !isProtected(e) && !runsOnce(e) && !(site && covers(e, fn, site)));
  const covers = (entry: FunctionInfo, fn: FunctionInfo, site: ASTNode): boolean => recordingOn(() => coveredIn(entry, new Map(), site, fn), false);
  const openToAnyone = (fn: FunctionInfo, site?: ASTNode): boolean => openEntries(fn, site).length > 0;

  const callKind = (call: N<'FunctionCall'>): CallKind | undefined => {
    const fn = functionOf(call);
    if (fn) analyseBody(fn);
    return callKinds.get(call);
  };

  // Decide protection for this file's functions now, so `senderCheck` and `authority` are filled in.
  for (const fn of functions) isProtected(fn);
  // Entry points inherited by this file's contracts run here too.
  for (const c of contracts) if (c.kind === 'contract' || c.kind === 'abstract') entriesOf(c);
  const inScope = allFns.filter((f) => f.analysed);
  callers = undefined;

  /**
   * Where a node of `fn` shows in this file: the node itself when it is here, else
   * the first call (or modifier use) in this file through which `fn` is reached.
   */
  const siteIn = (fn: FunctionInfo, node: ASTNode): ASTNode | undefined => {
    if (fn.file === mainFile) return node;
    const cs = callersOf();
    const seen = new Set<FunctionInfo>([fn]);
    let frontier = [fn];
    while (frontier.length > 0) {
      const next: FunctionInfo[] = [];
      for (const f of frontier) {
        for (const c of cs.get(f) ?? []) {
          if (c.file === mainFile) {
            const call = c.internalCalls.find((x) => x.target === f)?.node ?? c.modifiers.find((m) => m.target === f)?.node;
            if (call) return call;
          }
          if (!seen.has(c)) (seen.add(c), next.push(c));
        }
      }
      frontier = next;
    }
    return undefined;
  };

  return {
    authority: authorityNames,
    contracts,
    byName,
    allContracts,
    functions,
    byNode,
    functionOf,
    isCaller: (fn: FunctionInfo, expr: ASTNode) => isSenderExpr(fn, expr),
    pointerName: (fn: FunctionInfo, expr: ASTNode) => pointerNameIn(fn, expr),
    boundToSelf: (entry: FunctionInfo, fn: FunctionInfo, expr: ASTNode) => boundToSelf(entry, fn, expr, new Set()),
    reachable,
    entriesReaching,
    writesOf,
    readsOf,
    isProtected: (fn: FunctionInfo, site?: ASTNode) => (site ? isProtectedAt(fn, site) : isProtected(fn)),
    openToAnyone,
    openEntries,
    privileged: publicPrivileged,
    isGuarded,
    isOneShot,
    inScope,
    siteIn,
    requireLike,
    selfOnly,
    oneShotKeys,
    storeKeysOf,
    alwaysReverts,
    selfCallTargets,
    stmtReverts,
    targetsIn,
    zeroValue,
    fixedAddress,
    pinnedCode: (fn: FunctionInfo, expr: ASTNode) => pinnedCode(fn, expr),
    createdCode: (fn: FunctionInfo, expr: ASTNode) => createdCode(fn, expr),
    quietCall,
    trustedCallee,
    allowlisted,
    resolve,
    staticType,
    contractTypeOf,
    contractOf,
    callKind,
    isInLoop,
    entriesOf,
    incomplete,
  };
}

/** The value type a public state variable's getter returns (a mapping's or array's element). */
function getterValueType(t: ASTNode): ASTNode {
  let x = t;
  while (x.type === 'Mapping' || x.type === 'ArrayTypeName') x = x.type === 'Mapping' ? x.valueType : x.baseTypeName;
  return x;
}

/** `address(this)` or `this`. */
function isSelf(e: ASTNode): boolean {
  const x = unparen(e);
  if (isIdent(x, 'this')) return true;
  return x.type === 'FunctionCall' && x.arguments.length === 1 && (x.expression.type === 'ElementaryTypeName' || isIdent(x.expression, 'address')) && isIdent(unparen(x.arguments[0]), 'this');
}

/** A modifier's `_;` somewhere in a statement. */
function hasPlaceholder(s: ASTNode | null | undefined): boolean {
  if (!s) return false;
  return some(s, (n) => n.type === 'ExpressionStatement' && isIdent(n.expression as ASTNode, '_'));
}

/** The `0xff` that starts a CREATE2 address preimage: `hex'ff'`, `0xff`, `bytes1(0xff)`. */
function create2Prefix(e: ASTNode): boolean {
  const x = unparen(e);
  if (x.type === 'HexLiteral') return /^(hex)?['"]?ff['"]?$/i.test(String((x as { value: string }).value).replace(/^hex/i, ''));
  if (x.type === 'NumberLiteral') return /^0xff$/i.test(x.number);
  if (x.type === 'FunctionCall' && x.arguments.length === 1 && x.expression.type === 'ElementaryTypeName' && x.expression.name === 'bytes1') return create2Prefix(x.arguments[0]);
  return false;
}

/** The expressions a function returns. */
/** Token functions that run hooks on the sender or the receiver, by ABI signature (ERC-777 runs them through the ERC-20 ones too). */
const HOOK_SIGNATURES = new Set([
  'transfer(address,uint256)',
  'transferFrom(address,address,uint256)',
  'safeTransferFrom(address,address,uint256)',
  'safeTransferFrom(address,address,uint256,bytes)',
  'safeTransferFrom(address,address,uint256,uint256,bytes)',
  'safeBatchTransferFrom(address,address,uint256[],uint256[],bytes)',
  'send(address,uint256,bytes)',
  'operatorSend(address,address,uint256,bytes,bytes)',
  'burn(uint256,bytes)',
  'operatorBurn(address,uint256,bytes,bytes)',
  'transferAndCall(address,uint256)',
  'transferAndCall(address,uint256,bytes)',
  'transferFromAndCall(address,address,uint256)',
  'transferFromAndCall(address,address,uint256,bytes)',
  'approveAndCall(address,uint256)',
  'approveAndCall(address,uint256,bytes)',
]);
const HOOK_NAMES = new Set([...HOOK_SIGNATURES].map((s) => s.slice(0, s.indexOf('('))));

function returnsOf(f: FunctionInfo): ASTNode[] {
  const out: ASTNode[] = [];
  const visit = (n: ASTNode) => {
    if (n.type === 'ReturnStatement' && n.expression) out.push(n.expression);
    forEachChild(n, visit);
  };
  if (f.node.body) visit(f.node.body);
  return out;
}

function some(node: ASTNode, pred: (n: ASTNode) => boolean): boolean {
  let found = false;
  const visit = (n: ASTNode) => {
    if (found) return;
    if (pred(n)) {
      found = true;
      return;
    }
    forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/** A Yul block that can end the whole call somewhere: `revert`, `return`, `stop`, `invalid` or `selfdestruct`. */
function yulHalts(block: ASTNode | null | undefined): boolean {
  if (!block) return false;
  return some(block, (n) => n.type === 'AssemblyCall' && ['revert', 'return', 'stop', 'invalid', 'selfdestruct'].includes(n.functionName));
}

/**
 * A Yul block that reverts on every path: a `revert(…)` or `invalid()` reached in
 * sequence, or a `switch` with a default whose every case reverts. A `return(…)`,
 * `stop()`, `leave` or a loop before it ends the answer (false).
 */
function yulReverts(block: ASTNode | null | undefined): boolean {
  if (!block || block.type !== 'AssemblyBlock') return false;
  for (const op of block.operations as ASTNode[]) {
    if (op.type === 'AssemblyCall') {
      if (op.functionName === 'revert' || op.functionName === 'invalid') return true;
      if (op.functionName === 'return' || op.functionName === 'stop' || op.functionName === 'selfdestruct') return false;
    } else if (op.type === 'AssemblyBlock') {
      if (yulReverts(op)) return true;
    } else if (op.type === 'AssemblySwitch') {
      const cases = op.cases as Array<N<'AssemblyCase'>>;
      if (cases.some((c) => c.default) && cases.every((c) => yulReverts(c.block))) return true;
    } else if (op.type === 'AssemblyFor' || (op.type as string) === 'AssemblyLeave' || op.type === 'Break' || op.type === 'Continue') {
      return false;
    }
  }
  return false;
}

function isAbort(stmt: ASTNode | null | undefined): boolean {
  if (!stmt) return false;
  if (stmt.type === 'ThrowStatement' || stmt.type === 'RevertStatement' || stmt.type === 'ReturnStatement') return true;
  if (stmt.type === 'ExpressionStatement' && stmt.expression && (stmt.expression as ASTNode).type === 'FunctionCall') {
    const call = stmt.expression as N<'FunctionCall'>;
    if (call.expression.type === 'Identifier' && call.expression.name === 'revert') return true;
    const req = requireCondition(call);
    if (req && unparen(req).type === 'BooleanLiteral') return true;
  }
  if (stmt.type === 'Block') return stmt.statements.length > 0 && isAbort(stmt.statements[stmt.statements.length - 1] as ASTNode);
  return false;
}

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

/**
 * The variables a function body declares, by name (a later one of a name replacing an earlier
 * one, in the order of first declaration): it depends on the body alone, and a body's nodes do
 * not change once parsed, so an imported file's functions, met again in the closure of every file
 * that imports it, are walked once. Read-only: callers copy what they need.
 */
const bodyDeclsCache = new WeakMap<ASTNode, ReadonlyMap<string, ASTNode>>();
function bodyDecls(body: ASTNode): ReadonlyMap<string, ASTNode> {
  let decls = bodyDeclsCache.get(body);
  if (!decls) {
    const m = new Map<string, ASTNode>();
    collectDecls(body, m);
    bodyDeclsCache.set(body, (decls = m));
  }
  return decls;
}

function makeFunction(node: N<'FunctionDefinition'> | N<'ModifierDefinition'>, c: ContractInfo, file: SourceFile): FunctionInfo {
  const params = new Map<string, ASTNode>();
  for (const p of node.parameters ?? []) if (p.name) params.set(p.name, p);
  const locals = new Map<string, ASTNode>();
  if (node.type === 'FunctionDefinition') {
    for (const p of node.returnParameters ?? []) if (p.name) locals.set(p.name, p);
  }
  if (node.body) for (const [name, decl] of bodyDecls(node.body)) locals.set(name, decl);
  let kind: FunctionInfo['kind'] = 'modifier';
  let visibility: FunctionInfo['visibility'] = 'internal';
  let defaultVisibility = false;
  let payable = false;
  let readonly = false;
  const contractNode = c.kind === 'file' ? undefined : c.node;
  if (node.type === 'FunctionDefinition') {
    kind = kindOf(node, contractNode);
    const v = node.visibility;
    defaultVisibility = v === 'default';
    visibility = v === 'default' ? (c.kind === 'interface' ? 'external' : c.kind === 'file' ? 'internal' : 'public') : (v as FunctionInfo['visibility']);
    payable = node.stateMutability === 'payable';
    readonly = node.stateMutability === 'view' || node.stateMutability === 'pure' || node.stateMutability === 'constant';
  }
  const isEntry = node.type === 'FunctionDefinition' && kind !== 'constructor' && (visibility === 'public' || visibility === 'external') && c.kind !== 'library' && c.kind !== 'interface' && c.kind !== 'file' && !!node.body;
  return {
    node,
    contract: c,
    file,
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
    creations: [],
    reads: new Set(),
    writes: new Map(),
    events: [],
    selfdestructs: [],
    senderCheck: false,
    analysed: false,
  };
}
