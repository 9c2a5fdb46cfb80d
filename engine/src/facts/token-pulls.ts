/**
 * Token pulls: the places where a function moves ERC20 tokens from someone
 * into this contract (`transferFrom(from, address(this), amount)`), however the
 * transfer is made: a high-level call on a contract type whose declaration has
 * the ERC20 `transferFrom(address,address,uint256)` signature, a low-level call
 * whose calldata is built with that selector, inline assembly that writes the
 * selector word before a Yul `call`, or a helper (a library reached through
 * `using … for`, an internal function) that does one of these with its own
 * parameters. Helpers are known by what they do, never by their names.
 *
 * For each pull the fact gives the amount asked for and the token, so a rule
 * can ask whether the amount is credited as received and who chose the token.
 * Whether the contract measures what arrived is answered too: a call of the
 * ERC20 `balanceOf(address)` in the function or anything it reaches. And whose
 * ledger the credit is in: whether every storage write the amount feeds is keyed
 * by the token (a mapping indexed by it, or by an id hashed from values that hold
 * it), decided from how the keys are computed, never from names.
 */
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineFact, type FactContext, type NodeOf } from '../rules/framework';
import { subtree } from './ast-index';
import { calleeOf, hashInputs, isIdent, unparen, writesIn } from './ast-util';
import { programFact, type ExternalCall, type FunctionInfo } from './program';
import { ERC20_SELECTORS, erc20References, abiSignature, literalSelector } from './token-calls';
import { boundArguments, definitionsOf, parametersOf, stripConversions } from './value-flow';

type Call = NodeOf<'FunctionCall'>;

const TRANSFER_FROM = 'transferFrom(address,address,uint256)';
const MAX_DEPTH = 4;

export interface TokenPull {
  /** The call in the function that starts the pull (the transfer itself, or the helper call). */
  site: Call;
  fn: FunctionInfo;
  /** The amount asked for, as the function writes it. */
  amount: ASTNode;
  /** The token, as the function writes it, when known. */
  token?: ASTNode;
}

/** Which parameters of a helper are the token, the receiver and the amount of the pull it makes. */
interface PullShape {
  token?: number;
  to: number;
  amount: number;
}

export interface TokenPulls {
  /** The pulls into this contract made by `fn` (directly or through helpers). */
  pullsIn(fn: FunctionInfo): TokenPull[];
  /** `fn`, or something it reaches, reads an ERC20 `balanceOf(address)`. */
  measuresBalance(fn: FunctionInfo): boolean;
  /**
   * The storage location `target` (the left side of a write in `fn`) is an entry of a mapping or
   * array indexed, at some level, by a key derived from `token`: the token itself (looking through
   * conversions), or a hash of values one of which is the token or holds it (a struct or tuple it is
   * a member of), computed in place, in a local, or by a helper that returns such a hash of its
   * parameter. Storage pointers (`Market storage m = markets[id]`) are followed to what they point at.
   */
  keyedByToken(fn: FunctionInfo, token: ASTNode, target: ASTNode): boolean;
  /**
   * Every storage write in `fn` that the amount (the variable `amount`, or a local computed from
   * it) feeds is keyed by `token` (see `keyedByToken`), there is at least one, and the amount is
   * handed to no internal function (other than the pull at `site`) that writes storage, whose
   * ledger is not looked into.
   */
  creditedOnlyPerToken(fn: FunctionInfo, amount: string, token: ASTNode, site: ASTNode): boolean;
}

export const tokenPullsFact = defineFact<TokenPulls>('token-pulls', (ctx) => {
  const program = ctx.fact(programFact);
  const { functionRef, selector } = erc20References(ctx);

  /** The parameter index an expression is (looking through conversions), or -1. */
  const paramIndex = (fn: FunctionInfo, e: ASTNode | undefined): number => {
    if (!e) return -1;
    const x = stripConversions(ctx, e);
    if (x.type !== 'Identifier') return -1;
    return parametersOf(fn).findIndex((p) => p.name === x.name);
  };

  const isThis = (e: ASTNode | undefined): boolean => !!e && isIdent(stripConversions(ctx, e), 'this');

  /** The arguments of calldata an expression holds: `abi.encodeWithSelector(sel, a, b, c)` and its kin, when the selector is `transferFrom`'s. */
  const transferFromArgs = (fn: FunctionInfo, expr: ASTNode, depth = 0): ASTNode[] | undefined => {
    const e = unparen(expr);
    if (depth > MAX_DEPTH) return undefined;
    if (e.type === 'Identifier') {
      const r = program.resolve(fn, e.name);
      if (r?.kind !== 'local') return undefined;
      for (const d of definitionsOf(ctx, fn, e.name)) {
        if (d === 'assembly') continue;
        const a = transferFromArgs(fn, d, depth + 1);
        if (a) return a;
      }
      return undefined;
    }
    if (e.type !== 'FunctionCall') return undefined;
    const { callee } = calleeOf(e);
    if (callee.type !== 'MemberAccess' || !isIdent(callee.expression, 'abi')) return undefined;
    const args = e.arguments;
    if ((callee.memberName === 'encodeWithSelector' || callee.memberName === 'encodeWithSignature') && args.length === 4) {
      const sig = callee.memberName === 'encodeWithSelector' ? selector(fn, args[0]) : signatureOf(args[0]);
      return sig === TRANSFER_FROM ? args.slice(1) : undefined;
    }
    if (callee.memberName === 'encodeCall' && args.length === 2) {
      const tuple = unparen(args[1]);
      if (tuple.type !== 'TupleExpression' || tuple.components.length !== 3) return undefined;
      return functionRef(fn, args[0]) === TRANSFER_FROM ? (tuple.components as ASTNode[]) : undefined;
    }
    return undefined;
  };

  /** A high-level call of the ERC20 `transferFrom` (by the callee's declared signature). */
  const isHighLevelTransferFrom = (ext: ExternalCall | undefined): boolean => {
    if (!ext || ext.kind !== 'high-level' || ext.node.arguments.length !== 3) return false;
    if (ext.callee) return abiSignature(ctx, ext.callee) === TRANSFER_FROM;
    // The declaration is not in the import closure: the ABI name and arity are all that is known.
    return ext.member === 'transferFrom' && !!ext.targetType && ext.targetType.externalBases.length > 0;
  };

  /** Inline assembly in `fn` that writes the `transferFrom` selector word and makes a Yul `call`. */
  const assemblyTransferFrom = (fn: FunctionInfo): boolean => {
    const body = fn.node.body;
    if (!body) return false;
    for (const block of subtree(body)) {
      if (block.type !== 'InlineAssemblyStatement') continue;
      const nodes = subtree(block);
      if (!nodes.some((n) => n.type === 'AssemblyCall' && n.functionName === 'call' && n.arguments.length === 7)) continue;
      const sig = nodes.map((x) => (x.type === 'HexNumber' || x.type === 'DecimalNumber' || x.type === 'NumberLiteral' ? literalSelector((x as { value?: string; number?: string }).value ?? (x as { number: string }).number, true) : undefined)).find(Boolean);
      if (sig === TRANSFER_FROM) return true;
    }
    return false;
  };

  const shapes = new Map<FunctionInfo, PullShape | null>();
  /** How a helper pulls tokens with its own parameters, or null when it does not. */
  const shapeOf = (g: FunctionInfo, depth = 0): PullShape | null => {
    const known = shapes.get(g);
    if (known !== undefined) return known;
    if (depth > MAX_DEPTH || !g.node.body) return null;
    shapes.set(g, null); // recursion guard
    let found: PullShape | null = null;
    const params = parametersOf(g);
    for (const n of subtree(g.node.body)) {
      if (n.type !== 'FunctionCall') continue;
      const call = n as Call;
      let args: Array<ASTNode | undefined> | undefined;
      let token: ASTNode | undefined;
      const ext = g.externalCalls.find((x) => x.node === call);
      if (isHighLevelTransferFrom(ext)) {
        args = call.arguments;
        token = ext!.target;
      } else {
        if (ext?.kind === 'call' && call.arguments.length === 1) {
          args = transferFromArgs(g, call.arguments[0]);
          token = ext.target;
        } else {
          for (const ic of g.internalCalls) {
            if (ic.node !== call) continue;
            const s = shapeOf(ic.target, depth + 1);
            if (!s) continue;
            const bound = boundArguments(call, ic.target);
            const [to, amount] = [paramIndex(g, bound[s.to]), paramIndex(g, bound[s.amount])];
            if (to >= 0 && amount >= 0) {
              found = { to, amount, token: s.token !== undefined && paramIndex(g, bound[s.token]) >= 0 ? paramIndex(g, bound[s.token]) : undefined };
              break;
            }
          }
          if (found) break;
          continue;
        }
      }
      if (!args) continue;
      const [to, amount] = [paramIndex(g, args[1]), paramIndex(g, args[2])];
      if (to >= 0 && amount >= 0) {
        const t = token ? paramIndex(g, token) : -1;
        found = { to, amount, token: t >= 0 ? t : undefined };
        break;
      }
    }
    // Assembly writes the calldata itself: the parameters line up with the ERC20 call by their
    // types, in its order (an optional token first, then from, to and amount).
    if (!found && assemblyTransferFrom(g)) {
      const kinds = params.map((p) => addressLike(p.typeName) ? 'a' : isUint(p.typeName) ? 'u' : '?').join('');
      if (kinds === 'aaau') found = { token: 0, to: 2, amount: 3 };
      else if (kinds === 'aau') found = { to: 1, amount: 2 };
    }
    shapes.set(g, found);
    return found;
  };

  const addressLike = (t: ASTNode | null | undefined): boolean => {
    if (!t) return false;
    if (t.type === 'ElementaryTypeName') return t.name === 'address' || t.name === 'address payable';
    if (t.type === 'UserDefinedTypeName') return !!program.byName.get(t.namePath.split('.').pop() ?? '') && program.byName.get(t.namePath.split('.').pop() ?? '')!.kind !== 'library';
    return false;
  };

  const pulls = new Map<FunctionInfo, TokenPull[]>();
  const pullsIn = (fn: FunctionInfo): TokenPull[] => {
    const known = pulls.get(fn);
    if (known) return known;
    const out: TokenPull[] = [];
    const body = fn.node.body;
    if (body) {
      for (const n of subtree(body)) {
        if (n.type !== 'FunctionCall') continue;
        const call = n as Call;
        const ext = fn.externalCalls.find((x) => x.node === call);
        if (isHighLevelTransferFrom(ext)) {
          if (isThis(call.arguments[1])) out.push({ site: call, fn, amount: call.arguments[2], token: ext!.target });
          continue;
        }
        if (ext?.kind === 'call' && call.arguments.length === 1) {
          const args = transferFromArgs(fn, call.arguments[0]);
          if (args && isThis(args[1])) out.push({ site: call, fn, amount: args[2], token: ext.target });
          continue;
        }
        for (const ic of fn.internalCalls) {
          if (ic.node !== call) continue;
          const s = shapeOf(ic.target);
          if (!s) continue;
          const bound = boundArguments(call, ic.target);
          if (isThis(bound[s.to]) && bound[s.amount]) {
            out.push({ site: call, fn, amount: bound[s.amount]!, token: s.token !== undefined ? bound[s.token] : undefined });
            break;
          }
        }
      }
    }
    pulls.set(fn, out);
    return out;
  };

  const measuresBalance = (fn: FunctionInfo): boolean => {
    for (const g of program.reachable(fn)) {
      for (const ext of g.externalCalls) {
        if (ext.node.arguments.length !== 1) continue;
        if (ext.kind === 'high-level' && (ext.callee ? abiSignature(ctx, ext.callee) === 'balanceOf(address)' : ext.member === 'balanceOf')) return true;
        if (ext.kind === 'staticcall' || ext.kind === 'call') {
          const data = unparen(ext.node.arguments[0]);
          if (data.type === 'FunctionCall' && data.arguments.length >= 1) {
            const { callee } = calleeOf(data);
            if (callee.type === 'MemberAccess' && isIdent(callee.expression, 'abi') && callee.memberName === 'encodeWithSelector' && selectorIsBalanceOf(g, data.arguments[0])) return true;
          }
        }
      }
    }
    return false;
  };

  const selectorIsBalanceOf = (fn: FunctionInfo, e: ASTNode): boolean => {
    const x = unparen(e);
    if (x.type === 'MemberAccess' && x.memberName === 'selector') {
      const r = unparen(x.expression);
      if (r.type !== 'MemberAccess') return false;
      const owner = program.contractOf(fn, r.expression) ?? (r.expression.type === 'Identifier' ? program.byName.get(r.expression.name) : undefined);
      return !!owner?.allFunctions.some((f) => f.name === r.memberName && abiSignature(ctx, f) === 'balanceOf(address)');
    }
    return false;
  };

  /** Two expressions name the same value: the same variable, member or entry path (conversions looked through). */
  const sameRef = (a: ASTNode, b: ASTNode): boolean => {
    const x = stripConversions(ctx, a);
    const y = stripConversions(ctx, b);
    if (x.type === 'Identifier' && y.type === 'Identifier') return x.name === y.name;
    if (x.type === 'MemberAccess' && y.type === 'MemberAccess') return x.memberName === y.memberName && sameRef(x.expression, y.expression);
    if (x.type === 'IndexAccess' && y.type === 'IndexAccess') return !!x.index && !!y.index && sameRef(x.base, y.base) && sameRef(x.index, y.index);
    return false;
  };

  /** `value` is the token, or a value that holds it: a struct whose member (at any depth) the token is. */
  const holdsToken = (value: ASTNode, token: ASTNode): boolean => {
    for (let t: ASTNode = stripConversions(ctx, token); ; t = unparen((t as NodeOf<'MemberAccess'>).expression)) {
      if (sameRef(value, t)) return true;
      if (t.type !== 'MemberAccess') return false;
    }
  };

  /** A key of `fn` derived from the token: the token, a hash over it, a local given only such values, or a helper's hash of it. */
  const derivedFromToken = (fn: FunctionInfo, key: ASTNode, token: ASTNode, depth = 0): boolean => {
    if (depth > MAX_DEPTH) return false;
    let k = stripConversions(ctx, key);
    // A user-defined value type wraps the value unchanged (`Id.wrap(h)`).
    while (k.type === 'FunctionCall' && k.arguments.length === 1 && k.expression.type === 'MemberAccess' && k.expression.memberName === 'wrap' && k.expression.expression.type === 'Identifier' && !program.resolve(fn, k.expression.expression.name)) k = stripConversions(ctx, k.arguments[0]);
    if (sameRef(k, token)) return true;
    const inputs = hashInputs(k);
    if (inputs) return inputs.some((a) => holdsToken(a, token) || derivedFromToken(fn, a, token, depth + 1));
    if (k.type === 'Identifier') {
      if (program.resolve(fn, k.name)?.kind !== 'local') return false;
      const defs = definitionsOf(ctx, fn, k.name);
      return defs.length > 0 && defs.every((d) => d !== 'assembly' && derivedFromToken(fn, d, token, depth + 1));
    }
    if (k.type === 'FunctionCall') {
      const ic = fn.internalCalls.find((c) => c.node === k);
      if (!ic) return false;
      const bound = boundArguments(k, ic.target);
      const params = parametersOf(ic.target);
      return params.some((p, i) => !!p.name && !!bound[i] && (holdsToken(bound[i]!, token) || derivedFromToken(fn, bound[i]!, token, depth + 1)) && returnsHashOf(ic.target, p.name, depth + 1));
    }
    return false;
  };

  /** Every value `g` returns is a hash over its parameter `param` (in Solidity, or in assembly into a named return). */
  const returnsHashOf = (g: FunctionInfo, param: string, depth: number): boolean => {
    const body = g.node.body;
    if (!body || g.node.type !== 'FunctionDefinition') return false;
    const rets = (g.node.returnParameters ?? []) as Array<NodeOf<'VariableDeclaration'>>;
    if (rets.length !== 1) return false;
    const asParam = { type: 'Identifier', name: param } as ASTNode;
    const values: ASTNode[] = [];
    for (const n of subtree(body)) {
      if (n.type === 'ReturnStatement' && n.expression) values.push(n.expression);
      // Yul keeps no types: a hash written into the named return must read the parameter.
      if (n.type === 'AssemblyAssignment' && rets[0].name && n.names.some((x) => (x as { name?: string }).name === rets[0].name)) {
        const e = n.expression as ASTNode;
        if (e.type !== 'AssemblyCall' || e.functionName !== 'keccak256' || !subtree(e).some((a) => a.type === 'AssemblyCall' && a.functionName === param && a.arguments.length === 0)) return false;
        values.push(e);
      }
    }
    if (rets[0].name) for (const d of definitionsOf(ctx, g, rets[0].name)) if (d !== 'assembly') values.push(d);
    return values.length > 0 && values.every((v) => v.type === 'AssemblyCall' || derivedFromToken(g, v, asParam, depth));
  };

  const keyedByToken = (fn: FunctionInfo, token: ASTNode, target: ASTNode, depth = 0): boolean => {
    if (depth > MAX_DEPTH) return false;
    let e = unparen(target);
    for (;;) {
      if (e.type === 'MemberAccess') e = unparen(e.expression);
      else if (e.type === 'IndexAccess') {
        if (e.index && derivedFromToken(fn, e.index, token)) return true;
        e = unparen(e.base);
      } else break;
    }
    // A storage pointer into an entry: what it was set to decides.
    if (e.type === 'Identifier' && program.resolve(fn, e.name)?.kind === 'local') {
      const defs = definitionsOf(ctx, fn, e.name);
      return defs.length > 0 && defs.every((d) => d !== 'assembly' && keyedByToken(fn, token, d, depth + 1));
    }
    return false;
  };

  const creditedOnlyPerToken = (fn: FunctionInfo, amount: string, token: ASTNode, site: ASTNode): boolean => {
    const body = fn.node.body;
    if (!body) return false;
    const nodes = subtree(body);
    const mentions = (e: ASTNode, names: Set<string>) => subtree(e).some((r) => r.type === 'Identifier' && names.has(r.name));
    // The amount and the locals computed from it (shares from assets, a net amount).
    const names = new Set([amount]);
    for (let round = 0; round < 3; round++) {
      for (const d of nodes) {
        if (d.type === 'VariableDeclarationStatement' && d.initialValue && mentions(d.initialValue, names)) for (const v of d.variables as Array<NodeOf<'VariableDeclaration'> | null>) if (v?.name) names.add(v.name);
        if (d.type === 'BinaryOperation' && d.operator === '=' && unparen(d.left).type === 'Identifier' && mentions(d.right, names)) names.add((unparen(d.left) as NodeOf<'Identifier'>).name);
      }
    }
    // Writes to storage: entries and members, and whole state variables (a global total).
    const stored = (left: ASTNode) => {
      const l = unparen(left);
      return l.type !== 'Identifier' || program.resolve(fn, l.name)?.kind === 'state';
    };
    const credits = nodes.filter((d): d is NodeOf<'BinaryOperation'> => d.type === 'BinaryOperation' && ['=', '+=', '-='].includes(d.operator) && stored(d.left) && mentions(d.right, names));
    if (credits.length === 0) return false;
    // A helper handed the amount (as an argument, or as the value a library function is bound to)
    // that writes storage keeps a ledger this function does not show.
    for (const ic of fn.internalCalls) {
      if (ic.node === site) continue;
      const { callee } = calleeOf(ic.node);
      const handed = ic.node.arguments.some((a) => mentions(a, names)) || (callee.type === 'MemberAccess' && mentions(callee.expression, names));
      if (handed && (program.writesOf(ic.target).size > 0 || program.storeKeysOf(ic.target).size > 0 || writesThroughStorageParam(ic.target))) return false;
    }
    return credits.every((c) => keyedByToken(fn, token, c.left));
  };

  /** `g`, or a helper it reaches, writes through a parameter that is a storage reference (a library's `Book storage b`). */
  const writesThroughStorageParam = (g: FunctionInfo): boolean => {
    for (const f of program.reachable(g)) {
      const refs = new Set(parametersOf(f).filter((p) => p.storageLocation === 'storage' && p.name).map((p) => p.name!));
      if (refs.size > 0 && writesIn(f.node.body).some((w) => !!w.name && refs.has(w.name))) return true;
    }
    return false;
  };

  return { pullsIn, measuresBalance, keyedByToken, creditedOnlyPerToken };
});

function isUint(t: ASTNode | null | undefined): boolean {
  return !!t && t.type === 'ElementaryTypeName' && /^uint\d*$/.test(t.name);
}

/** The text of a string literal naming an ABI signature, spaces removed. */
function signatureOf(n: ASTNode): string | undefined {
  const x = unparen(n);
  if (x.type !== 'StringLiteral') return undefined;
  const text = x.value.replace(/\s+/g, '');
  return ERC20_SELECTORS.has(text) ? text : undefined;
}

export function tokenPulls(ctx: FactContext): TokenPulls {
  return ctx.fact(tokenPullsFact);
}
