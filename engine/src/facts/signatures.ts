/**
 * Signatures recovered by a state-changing function, and whether the function
 * stops the same signature from working twice. Decided from what the code
 * computes, never from names:
 *
 * - a recovery is the `ecrecover` builtin, or the ecrecover precompile (address
 *   1) called by inline assembly, reached from the function directly or
 *   through the helpers it calls (`ECDSA.recover`, `SignatureChecker`, or any
 *   other helper, whatever its name); the signed hash is the value that reaches
 *   the recovery's digest argument, followed back through locals, parameters
 *   and what helpers return;
 * - replay protection is a signed hash that depends on storage the function
 *   changes (a counter it increments), a "used" mark the function writes keyed
 *   by the hash or the signature, a checked one-time mark keyed by part of what
 *   is signed (`claimed[account]`, `usedNonce[nonce]`), or a function that runs
 *   only once.
 */
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineFact, type FactContext, type NodeOf } from '../rules/framework';
import { forEachChild, subtree } from './ast-index';
import { baseIdentifier, calleeOf, isAbort as isAbortStmt, isAssignment, isIdent, isMember, requireCondition, unparen } from './ast-util';
import { isStorageRef, programFact, type FunctionInfo } from './program';
import { boundArguments, definitionsOf, parametersOf, returnedValues, targetsOf, yulNames } from './value-flow';

type Call = NodeOf<'FunctionCall'>;

const MAX_DEPTH = 7;

/** The values an expression is computed from, followed back to the function being judged. */
export interface Leaves {
  /** Parameters of the function being judged. */
  params: Set<string>;
  /** State variables read. */
  storage: Set<string>;
  /** `chainid` (`block.chainid`), `this` (the contract's address), `sender` (`msg.sender`). */
  atoms: Set<string>;
  /** The hashing calls passed through (`keccak256(…)`): the same node means the same value. */
  hashes: Set<ASTNode>;
  /** Part of the value comes from a state-changing call whose body the model does not have (a virtual hook left to a deriving contract, an unresolved helper): it may advance a nonce. */
  opaqueWrite?: boolean;
}

export interface SignatureUse {
  /** Where it shows in the function judged: the `ecrecover`, or the call there that leads to the recovery. */
  site: ASTNode;
  fn: FunctionInfo;
  /** The signed hash is handed in by the caller (a `bytes32` parameter): its contents are not this function's to judge. */
  handedIn: boolean;
  /** The function keeps the signature from being used twice. */
  protected: boolean;
  /** The signed hash binds the chain id and this contract's address. */
  domain: { chainId: boolean; contract: boolean };
  /** Parameters of the judged function that the signed hash is computed from. */
  signed: Set<string>;
  /** The recovered signer is checked against stored state (`owners[signer] != 0`, `signer == owner`) by a revert-on-failure condition: the accounts the contract stores as signers chose what is signed. */
  signerChecked: boolean;
}

interface Frame {
  id: number;
  fn: FunctionInfo;
  /** The call in `up.fn` that runs `fn`. */
  call?: Call;
  up?: Frame;
  depth: number;
}

interface Recovery {
  frame: Frame;
  /** The digest expression, in `frame.fn`. */
  digest: ASTNode;
  /** The signature's parts (`v, r, s` or the signature bytes), in `frame.fn`. */
  signature: ASTNode[];
  /** The `ecrecover` call (or the assembly block calling the precompile). */
  node: ASTNode;
}

export const signaturesFact = defineFact<SignatureUse[]>('signatures', (ctx) => {
  const program = ctx.fact(programFact);
  let frames = 0;
  const newFrame = (fn: FunctionInfo, up?: Frame, call?: Call): Frame => ({ id: ++frames, fn, up, call, depth: up ? up.depth + 1 : 0 });

  const directCache = new Map<FunctionInfo, Array<{ digest: ASTNode; signature: ASTNode[]; node: ASTNode }>>();
  /** `ecrecover(…)` calls and ecrecover-precompile `staticcall`s made directly in a function. */
  const directRecoveries = (fn: FunctionInfo): Array<{ digest: ASTNode; signature: ASTNode[]; node: ASTNode }> => {
    const cached = directCache.get(fn);
    if (cached) return cached;
    const out: Array<{ digest: ASTNode; signature: ASTNode[]; node: ASTNode }> = [];
    directCache.set(fn, out);
    const body = fn.node.body;
    if (!body) return out;
    for (const n of subtree(body)) {
      if (n.type === 'FunctionCall' && isIdent(n.expression, 'ecrecover') && n.arguments.length === 4 && targetsOf(fn, n).length === 0) {
        out.push({ digest: n.arguments[0], signature: n.arguments.slice(1), node: n });
      }
      if (n.type === 'InlineAssemblyStatement') {
        const precompile = subtree(n).some((x) => x.type === 'AssemblyCall' && x.functionName === 'staticcall' && x.arguments.length === 6 && isOne(x.arguments[1] as ASTNode));
        if (!precompile) continue;
        // A hash computed by the assembly itself is beyond what the model follows.
        if (subtree(n).some((x) => x.type === 'AssemblyCall' && x.functionName === 'keccak256')) continue;
        // The Solidity values the assembly lays out for the precompile: the first `bytes32` is the hash.
        // Only what the function was given: a named return the assembly fills is the result.
        const names = [...new Set([...yulNames(n), ...subtree(n).flatMap((x) => (x.type === 'AssemblyMemberAccess' ? yulNames(x).concat(memberBase(x)) : []))])].filter((x) => program.resolve(fn, x)?.kind === 'param');
        const ids = names.map((name) => ({ type: 'Identifier', name }) as ASTNode);
        const at = names.findIndex((x) => {
          const r = program.resolve(fn, x);
          const t = r && r.kind !== 'state' ? (r.decl as NodeOf<'VariableDeclaration'>).typeName : undefined;
          return t?.type === 'ElementaryTypeName' && t.name === 'bytes32';
        });
        if (at >= 0) out.push({ digest: ids[at], signature: ids.filter((_, i) => i !== at), node: n });
      }
    }
    return out;
  };

  const reachCache = new Map<FunctionInfo, boolean>();
  /** Whether a recovery runs somewhere in what `fn` reaches. */
  const reachesRecovery = (fn: FunctionInfo): boolean => {
    let r = reachCache.get(fn);
    if (r === undefined) reachCache.set(fn, (r = [...program.reachable(fn)].some((f) => directRecoveries(f).length > 0)));
    return r;
  };

  /** The leaves of `expr` evaluated in `frame`. */
  const leavesOf = (frame: Frame, expr: ASTNode, out: Leaves, seen = new Set<string>()): Leaves => {
    const walk = (fr: Frame, node: ASTNode): void => {
      const e = unparen(node);
      switch (e.type) {
        case 'Identifier': {
          if (e.name === 'this') return void out.atoms.add('this');
          const key = `${fr.id}:${e.name}`;
          if (seen.has(key)) return;
          seen.add(key);
          const r = program.resolve(fr.fn, e.name);
          if (!r) return;
          if (r.kind === 'state') return void out.storage.add(e.name);
          if (r.kind === 'local') {
            for (const d of definitionsOf(ctx, fr.fn, e.name)) {
              // Assembly computes it from what the function was given.
              if (d === 'assembly') for (const p of parametersOf(fr.fn)) p.name && walk(fr, { type: 'Identifier', name: p.name } as ASTNode);
              else walk(fr, d);
            }
            return;
          }
          if (fr.up && fr.call) {
            const i = parametersOf(fr.fn).findIndex((p) => p.name === e.name);
            const arg = boundArguments(fr.call, fr.fn)[i];
            if (arg) walk(fr.up, arg);
            return;
          }
          out.params.add(e.name);
          return;
        }
        case 'MemberAccess':
          if (isMember(e, 'msg', 'sender') || isMember(e, 'tx', 'origin')) return void out.atoms.add('sender');
          if (isMember(e, 'block', 'chainid')) return void out.atoms.add('chainid');
          return walk(fr, e.expression);
        case 'FunctionCall': {
          const { callee } = calleeOf(e);
          if (isIdent(callee, 'keccak256') || isIdent(callee, 'sha256')) out.hashes.add(e);
          for (const a of e.arguments) walk(fr, a);
          if (callee.type === 'MemberAccess') walk(fr, callee.expression);
          if (fr.depth >= MAX_DEPTH) return;
          const targets = targetsOf(fr.fn, e);
          if (fr.fn.unresolvedCalls.some((u) => u.node === e) || (targets.length > 0 && targets.every((t) => !t.node.body && !t.readonly))) out.opaqueWrite = true;
          for (const t of targets) {
            if (!t.node.body) continue;
            const inner = newFrame(t, fr, e);
            const { expressions, named } = returnedValues(t);
            for (const x of expressions) walk(inner, x);
            for (const n of named) walk(inner, { type: 'Identifier', name: n } as ASTNode);
          }
          return;
        }
        case 'InlineAssemblyStatement':
          return;
        default:
          forEachChild(e, (c) => walk(fr, c));
      }
    };
    walk(frame, expr);
    return out;
  };
  const leaves = (frame: Frame, expr: ASTNode): Leaves => leavesOf(frame, expr, { params: new Set(), storage: new Set(), atoms: new Set(), hashes: new Set() });

  /** Every recovery `top` runs, with the call in `top` that leads to it. */
  const recoveriesOf = (top: FunctionInfo): Array<{ site: ASTNode; recovery: Recovery }> => {
    const out: Array<{ site: ASTNode; recovery: Recovery }> = [];
    const visit = (frame: Frame, site: ASTNode | undefined, stack: Set<FunctionInfo>) => {
      for (const r of directRecoveries(frame.fn)) out.push({ site: site ?? r.node, recovery: { frame, digest: r.digest, signature: r.signature, node: r.node } });
      if (frame.depth >= MAX_DEPTH) return;
      for (const ic of frame.fn.internalCalls) {
        if (stack.has(ic.target) || !reachesRecovery(ic.target)) continue;
        stack.add(ic.target);
        visit(newFrame(ic.target, frame, ic.node), site ?? ic.node, stack);
        stack.delete(ic.target);
      }
    };
    visit(newFrame(top), undefined, new Set([top]));
    return out;
  };

  /** Writes that `fn` (and what it calls) makes, with the frame they are made in. */
  const writesUnder = (frame: Frame, into: Array<{ frame: Frame; node: ASTNode; target: ASTNode; value?: ASTNode; op: string }>, stack = new Set<FunctionInfo>()) => {
    const body = frame.fn.node.body;
    if (body) {
      for (const n of subtree(body)) {
        if (isAssignment(n)) {
          const b = n as NodeOf<'BinaryOperation'>;
          into.push({ frame, node: n, target: b.left, value: b.right, op: b.operator });
        } else if (n.type === 'UnaryOperation' && (n.operator === '++' || n.operator === '--' || n.operator === 'delete')) {
          into.push({ frame, node: n, target: n.subExpression, op: n.operator });
        }
      }
    }
    for (const m of frame.fn.modifiers) if (m.target && !stack.has(m.target)) (stack.add(m.target), writesUnder(newFrame(m.target, frame), into, stack));
    if (frame.depth >= MAX_DEPTH) return;
    for (const ic of frame.fn.internalCalls) {
      if (stack.has(ic.target)) continue;
      stack.add(ic.target);
      writesUnder(newFrame(ic.target, frame, ic.node), into, stack);
      stack.delete(ic.target);
    }
  };

  /**
   * The state a location expression refers to: `used[a][b]` is `used` keyed by `a` and `b`,
   * and through a storage pointer (`Bet storage bet = bets[id]; bet.player`) `bets` keyed by `id`.
   */
  const stateLocation = (fn: FunctionInfo, target: ASTNode): { name: string; keys: ASTNode[] } | undefined => {
    // Namespaced storage (ERC-7201): `_layout().executed[uid]`, the struct a function returns as a
    // storage reference, named by that function and the field taken from it.
    const slot = pointerSlot(fn, target);
    if (slot) return { name: slot, keys: indexKeys(target) };
    const root = baseIdentifier(target);
    if (!root) return undefined;
    const r = program.resolve(fn, root.name);
    if (r?.kind === 'state') return { name: root.name, keys: indexKeys(target) };
    if (r?.kind !== 'local' || !isStorageRef(r.decl as NodeOf<'VariableDeclaration'>)) return undefined;
    const defs = definitionsOf(ctx, fn, root.name);
    if (defs.length !== 1 || defs[0] === 'assembly') return undefined;
    const field = fieldAfterRoot(target);
    const fromCall = field ? storageCall(fn, defs[0]) : undefined;
    if (fromCall) return { name: `${fromCall}().${field}`, keys: indexKeys(target) };
    const inner = baseIdentifier(defs[0]);
    if (!inner || program.resolve(fn, inner.name)?.kind !== 'state') return undefined;
    return { name: inner.name, keys: [...indexKeys(defs[0]), ...indexKeys(target)] };
  };
  /** The internal function a call reaches when every value it returns is a `storage` reference: its name. */
  const storageCall = (fn: FunctionInfo, e: ASTNode): string | undefined => {
    const x = unparen(e);
    if (x.type !== 'FunctionCall') return undefined;
    const t = fn.internalCalls.find((c) => c.node === x)?.target;
    const rets = t && t.node.type === 'FunctionDefinition' ? ((t.node.returnParameters ?? []) as Array<NodeOf<'VariableDeclaration'>>) : [];
    return t && rets.length > 0 && rets.every((p) => p.storageLocation === 'storage') ? t.name : undefined;
  };
  /** `f().field…[k]` with `f` returning a storage reference: `f().field`. */
  const pointerSlot = (fn: FunctionInfo, target: ASTNode): string | undefined => {
    let t = unparen(target);
    let field: string | undefined;
    while (t.type === 'IndexAccess' || t.type === 'MemberAccess') {
      if (t.type === 'MemberAccess') field = t.memberName;
      t = unparen(t.type === 'IndexAccess' ? t.base : t.expression);
    }
    const name = field ? storageCall(fn, t) : undefined;
    return name ? `${name}().${field}` : undefined;
  };

  /**
   * State read by a condition (require, assert, if, a loop or a ternary) in what `fn`
   * reaches; `unset`: state a condition requires to be unset (compared with zero,
   * `address(0)` or `false`, or negated), the check of a one-time mark.
   */
  const conditionReads = (fn: FunctionInfo): { read: Set<string>; unset: Set<string> } => {
    const read = new Set<string>();
    const unset = new Set<string>();
    for (const f of program.reachable(fn)) {
      const body = f.node.body;
      if (!body) continue;
      // A helper's boolean answer is a check its caller acts on (`success = !executed[uid] && …`).
      const rets = f.node.type === 'FunctionDefinition' ? ((f.node.returnParameters ?? []) as Array<NodeOf<'VariableDeclaration'>>) : [];
      const boolRets = rets.filter((p) => p.typeName?.type === 'ElementaryTypeName' && p.typeName.name === 'bool');
      const answersBool = boolRets.length > 0;
      const boolReturns = new Set(boolRets.flatMap((p) => (p.name ? [p.name] : [])));
      for (const n of subtree(body)) {
        let cond = n.type === 'IfStatement' || n.type === 'WhileStatement' || n.type === 'Conditional' ? (n as { condition: ASTNode }).condition : n.type === 'FunctionCall' ? (requireCondition(n) ?? program.requireLike(n)) : undefined;
        if (!cond && answersBool && n.type === 'ReturnStatement' && n.expression) cond = n.expression as ASTNode;
        if (!cond && isAssignment(n) && (n as NodeOf<'BinaryOperation'>).operator === '=') {
          const left = unparen((n as NodeOf<'BinaryOperation'>).left);
          if (left.type === 'Identifier' && boolReturns.has(left.name)) cond = (n as NodeOf<'BinaryOperation'>).right;
        }
        if (!cond) continue;
        for (const x of subtree(cond)) {
          if (x.type === 'Identifier') {
            const loc = stateLocation(f, x);
            if (loc) read.add(loc.name);
          } else if (x.type === 'MemberAccess') {
            const slot = pointerSlot(f, x);
            if (slot) read.add(slot);
          }
          const tested = x.type === 'UnaryOperation' && x.operator === '!' ? [x.subExpression] : x.type === 'BinaryOperation' && (x.operator === '==' || x.operator === '!=') ? (isUnset(x.right) ? [x.left] : isUnset(x.left) ? [x.right] : []) : [];
          for (const t of tested) {
            const loc = stateLocation(f, unparen(t));
            if (loc) unset.add(loc.name);
          }
        }
      }
    }
    return { read, unset };
  };

  /** Whether a state variable's value binds the chain id and the contract (a domain separator set at deployment). */
  const domainOfState = (name: string, fn: FunctionInfo, into: Leaves) => {
    const v = fn.contract.stateVars.get(name);
    if (!v) return;
    const holder = v.contract.functions.find((f) => f.kind === 'constructor') ?? v.contract.functions[0];
    const init = (v.decl as { initialValue?: ASTNode | null }).initialValue;
    if (init && holder) leavesOf(newFrame(holder), init, into);
    for (const f of program.inScope) {
      if (f.kind !== 'constructor') continue;
      for (const w of f.writes.get(name) ?? []) if (isAssignment(w)) leavesOf(newFrame(f), (w as NodeOf<'BinaryOperation'>).right, into);
    }
  };

  /** `fn` writes state (beyond a lock its modifiers check and reset), calls out, sends ETH, creates or destroys. */
  const hasEffects = (fn: FunctionInfo): boolean => {
    // A lock: a flag its modifiers (or the helpers they call) both read and write around the body.
    const lock = new Set<string>();
    if (program.isGuarded(fn)) {
      for (const m of fn.modifiers) {
        if (!m.target) continue;
        const reads = new Set<string>();
        const writes = new Set<string>();
        for (const g of program.reachable(m.target)) {
          for (const r of g.reads) reads.add(r);
          for (const w of g.writes.keys()) writes.add(w);
        }
        for (const w of writes) if (reads.has(w)) lock.add(w);
      }
    }
    for (const g of program.reachable(fn)) {
      if (g.externalCalls.some((c) => !c.static && c.kind !== 'staticcall') || g.creations.length > 0 || g.selfdestructs.length > 0) return true;
      for (const name of g.writes.keys()) if (!lock.has(name)) return true;
    }
    return false;
  };

  /**
   * The address a recovery returns is held by a local (`signer = ecrecover(…)`) that a
   * revert-on-failure condition in the same function looks up in or compares with storage.
   */
  const signerChecked = (r: Recovery): boolean => {
    const f = r.frame.fn;
    const body = f.node.body;
    if (!body || r.node.type !== 'FunctionCall') return false;
    const p = f.file.index.parent(r.node);
    let name: string | undefined;
    if (p && isAssignment(p) && unparen((p as NodeOf<'BinaryOperation'>).left).type === 'Identifier') name = (unparen((p as NodeOf<'BinaryOperation'>).left) as NodeOf<'Identifier'>).name;
    if (p?.type === 'VariableDeclarationStatement' && p.variables.length === 1) name = (p.variables[0] as { name?: string } | null)?.name ?? undefined;
    if (!name) return false;
    const storedLookup = (c: ASTNode): boolean =>
      subtree(c).some((n) => {
        if (n.type === 'IndexAccess' && n.index && isIdent(unparen(n.index), name!)) {
          const b = baseIdentifier(n.base);
          return !!b && program.resolve(f, b.name)?.kind === 'state';
        }
        if (n.type === 'BinaryOperation' && (n.operator === '==' || n.operator === '!=')) {
          const [a, b] = [unparen(n.left), unparen(n.right)];
          const other = isIdent(a, name!) ? b : isIdent(b, name!) ? a : undefined;
          const base = other && baseIdentifier(other);
          return !!base && program.resolve(f, base.name)?.kind === 'state';
        }
        return false;
      });
    for (const n of subtree(body)) {
      if (n.type === 'FunctionCall') {
        const c = program.requireLike(n);
        if (c && storedLookup(c)) return true;
      }
      if (n.type === 'IfStatement' && isAbortStmt(n.trueBody as ASTNode) && storedLookup(n.condition)) return true;
    }
    return false;
  };

  const out: SignatureUse[] = [];
  for (const fn of program.functions) {
    ctx.checkpoint();
    // A view or pure checker changes nothing: replaying its signature gains nothing by
    // itself; the function that acts on the answer is the one judged. Helpers are judged
    // as part of the entry points that call them.
    if (!fn.node.body || fn.readonly || fn.kind === 'modifier' || fn.kind === 'constructor' || fn.contract.kind === 'library' || fn.contract.kind === 'interface') continue;
    // An internal function with no caller here runs only where a contract of another file calls
    // it: that file's analysis judges it as part of its entry points.
    if (!fn.isEntry) continue;
    if (!reachesRecovery(fn)) continue;
    // A function whose only effects are events (and its reentrancy lock) changes nothing a
    // replay could repeat: a second submission only emits the same events again.
    if (!hasEffects(fn)) continue;
    const found = recoveriesOf(fn);
    if (found.length === 0) continue;
    const written = program.writesOf(fn);
    const writes: Array<{ frame: Frame; node: ASTNode; target: ASTNode; value?: ASTNode; op: string }> = [];
    writesUnder(newFrame(fn), writes);
    let checks: { read: Set<string>; unset: Set<string> } | undefined;
    const seenSites = new Set<ASTNode>();
    for (const { site, recovery } of found) {
      const digest = leaves(recovery.frame, recovery.digest);
      const sig = leaves(recovery.frame, { type: 'TupleExpression', isArray: false, components: recovery.signature } as unknown as ASTNode);
      const handedIn =
        digest.params.size > 0 &&
        !digest.atoms.has('sender') &&
        [...digest.params].every((p) => {
          const t = (fn.params.get(p) as NodeOf<'VariableDeclaration'> | undefined)?.typeName;
          return t?.type === 'ElementaryTypeName' && t.name === 'bytes32';
        });
      // The signed hash depends on storage the function changes: a nonce it advances.
      let isProtected = [...digest.storage].some((s) => written.has(s)) || !!digest.opaqueWrite || program.isOneShot(fn);
      if (!isProtected) {
        for (const w of writes) {
          const loc = stateLocation(w.frame.fn, w.target);
          if (!loc || loc.keys.length === 0) continue;
          const key = leaves(w.frame, { type: 'TupleExpression', isArray: false, components: loc.keys } as unknown as ASTNode);
          // A mark keyed by the signed hash itself or by the signature.
          if (shares(key.hashes, digest.hashes) || shares(key.params, sig.params)) {
            isProtected = true;
            break;
          }
          // A one-time mark keyed by part of what is signed, which the function checks first.
          const parts = shares(key.params, digest.params) || (key.atoms.has('sender') && digest.atoms.has('sender'));
          checks ??= conditionReads(fn);
          if (parts && ((isMark(w) && checks.read.has(loc.name)) || checks.unset.has(loc.name))) {
            isProtected = true;
            break;
          }
        }
      }
      const domainLeaves: Leaves = { params: new Set(), storage: new Set(), atoms: new Set(digest.atoms), hashes: new Set() };
      for (const s of digest.storage) domainOfState(s, fn, domainLeaves);
      if (seenSites.has(site)) continue;
      seenSites.add(site);
      out.push({ site, fn, handedIn, protected: isProtected, domain: { chainId: domainLeaves.atoms.has('chainid'), contract: domainLeaves.atoms.has('this') }, signed: new Set(digest.params), signerChecked: signerChecked(recovery) });
    }
  }
  return out;
});

/** Signature recoveries in this file's state-changing functions, with whether each is protected against replay. */
export function signatureUses(ctx: FactContext): SignatureUse[] {
  return ctx.fact(signaturesFact);
}

/** The field taken first from a storage pointer's root: `p.executed[uid]` gives `executed`. */
function fieldAfterRoot(target: ASTNode): string | undefined {
  let t = unparen(target);
  let field: string | undefined;
  while (t.type === 'IndexAccess' || t.type === 'MemberAccess') {
    if (t.type === 'MemberAccess') field = t.memberName;
    t = unparen(t.type === 'IndexAccess' ? t.base : t.expression);
  }
  return t.type === 'Identifier' ? field : undefined;
}

/** The index expressions of a write target: `used[a][b]` gives `a` and `b`. */
function indexKeys(target: ASTNode): ASTNode[] {
  const out: ASTNode[] = [];
  let t = unparen(target);
  for (;;) {
    if (t.type === 'IndexAccess') {
      if (t.index) out.push(t.index);
      t = unparen(t.base);
    } else if (t.type === 'MemberAccess') t = unparen(t.expression);
    else return out;
  }
}

/** A write that records something once: a constant stored, `++`/`--`, `+= 1`, or `delete`. */
function isMark(w: { op: string; value?: ASTNode }): boolean {
  if (w.op === '++' || w.op === '--' || w.op === 'delete') return true;
  if (!w.value) return false;
  const v = unparen(w.value);
  if (w.op === '=') return v.type === 'BooleanLiteral' || v.type === 'NumberLiteral';
  return (w.op === '+=' || w.op === '-=') && v.type === 'NumberLiteral';
}

/** `0`, `false`, `address(0)`: the value of storage never written. */
function isUnset(n: ASTNode): boolean {
  const e = unparen(n);
  if (e.type === 'BooleanLiteral') return !e.value;
  if (e.type === 'NumberLiteral') return /^(0+|0x0+)$/i.test(e.number);
  if (e.type === 'FunctionCall' && e.arguments.length === 1 && (isIdent(e.expression, 'address') || e.expression.type === 'ElementaryTypeName')) return isUnset(e.arguments[0]);
  return false;
}

function shares<T>(a: Set<T>, b: Set<T>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

/** `signature.offset` in Yul: the name of the Solidity variable. */
function memberBase(n: ASTNode): string[] {
  const e = (n as { expression?: ASTNode }).expression;
  return e && e.type === 'Identifier' ? [e.name] : [];
}

function isOne(n: ASTNode): boolean {
  const v = (n as { value?: string }).value ?? (n as { number?: string }).number;
  if (v === undefined) return false;
  try {
    return BigInt(v) === 1n;
  } catch {
    return false;
  }
}
