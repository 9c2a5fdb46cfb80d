/**
 * ERC20 calls made with a low-level `call`: the calldata is a `transfer`,
 * `transferFrom` or `approve` of the ERC20 ABI (recognised by the selector the
 * calldata starts with, however it is built: `abi.encodeWithSelector`,
 * `abi.encodeCall`, `abi.encodeWithSignature`, a selector constant, or a
 * selector word stored by inline assembly before a Yul `call`), followed from
 * where it is built down to the call through the helpers it is handed to.
 *
 * Such a call to an address without code succeeds and returns nothing. Code
 * that accepts an empty return as success (to support tokens such as USDT that
 * return no bool) must therefore check that the token has code, or a transfer
 * of a token that does not exist (yet) "succeeds". This fact finds the token
 * calls that accept an empty return and have no `extcodesize`/`code.length`
 * check of the token anywhere on the path: the functions from the one building
 * the calldata down to the call, the helpers they hand the token to, and the
 * caller in this file that hands the token in.
 */
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineFact, type FactContext, type NodeOf } from '../rules/framework';
import { subtree } from './ast-index';
import { baseIdentifier, calleeOf, isIdent, unparen } from './ast-util';
import { typeDeclaration } from './declarations';
import { allowsBelow } from '../parse/pragma';
import { programFact, type FunctionInfo } from './program';
import { boundArguments, callersOf, definitionsOf, parametersOf, stripConversions, targetsOf, yulNames } from './value-flow';

type Call = NodeOf<'FunctionCall'>;

/** The ERC20 functions whose low-level calls move or approve tokens, by canonical ABI signature, with their selectors. */
const ERC20_CALLS = new Map<string, bigint>([
  ['transfer(address,uint256)', 0xa9059cbbn],
  ['transferFrom(address,address,uint256)', 0x23b872ddn],
  ['approve(address,uint256)', 0x095ea7b3n],
]);
export const ERC20_SELECTORS = ERC20_CALLS;
const BY_SELECTOR = new Map([...ERC20_CALLS].map(([sig, sel]) => [sel, sig]));
const MAX_DEPTH = 6;

export interface CodelessTokenCall {
  /** Where it shows in this file: the low-level call, or the call here that hands the token to the helper making it. */
  site: ASTNode;
  /** The low-level call: a Solidity `.call` or a Yul `call(…)`. */
  call: ASTNode;
  form: 'solidity' | 'assembly';
  /** The ERC20 functions called, as canonical signatures (one call can serve several). */
  signatures: string[];
  /** The function that makes the call. */
  fn: FunctionInfo;
}

/** A way the calldata reaches the call: the functions from the one that builds it down to the one that calls, and the internal calls between them. */
interface Path {
  signature: string;
  fns: FunctionInfo[];
  calls: Call[];
}

/** The canonical ABI type of a parameter's type name, or undefined for types an ERC20 signature never has. */
function abiType(ctx: FactContext, t: ASTNode | null | undefined): string | undefined {
  if (!t) return undefined;
  if (t.type === 'ElementaryTypeName') {
    if (t.name === 'uint') return 'uint256';
    if (t.name === 'int') return 'int256';
    return t.name;
  }
  if (t.type === 'UserDefinedTypeName') {
    const d = typeDeclaration(ctx, t);
    if (d?.type === 'ContractDefinition') return 'address';
    if (d?.type === 'EnumDefinition') return 'uint8';
    if (d?.type === 'TypeDefinition') return abiType(ctx, d.definition);
  }
  return undefined;
}

/** `name(type,…)` of a function's declaration, as its selector hashes it. */
export function abiSignature(ctx: FactContext, f: FunctionInfo): string | undefined {
  const types = parametersOf(f).map((p) => abiType(ctx, p.typeName));
  if (types.some((t) => t === undefined)) return undefined;
  return `${f.name}(${types.join(',')})`;
}

const paramCount = (signature: string) => (signature.endsWith('()') ? 0 : signature.split(',').length);

/**
 * What the ERC20 ABI names in this program: the signature a function reference
 * (`IERC20.transfer`) or a selector expression (a literal, a constant,
 * `.selector`, `bytes4(keccak256("…"))`) stands for.
 */
export function erc20References(ctx: FactContext) {
  const program = ctx.fact(programFact);
  /** The ERC20 signature a function reference (`IERC20.transfer`, `token.approve`) names. */
  const functionRef = (fn: FunctionInfo, ref: ASTNode): string | undefined => {
    const r = unparen(ref);
    if (r.type !== 'MemberAccess') return undefined;
    const object = unparen(r.expression);
    const named = object.type === 'Identifier' && !program.resolve(fn, object.name) ? program.byName.get(object.name) : undefined;
    const owner = named ?? program.contractOf(fn, object);
    if (owner) {
      const candidates = owner.allFunctions.filter((f) => f.name === r.memberName);
      for (const f of candidates) {
        const sig = abiSignature(ctx, f);
        if (sig && ERC20_CALLS.has(sig)) return sig;
      }
      if (candidates.length > 0 || owner.externalBases.length === 0) return undefined;
    } else if (!(program.incomplete && object.type === 'Identifier' && !program.resolve(fn, object.name)) && !program.contractTypeOf(fn, object)) {
      return undefined;
    }
    // The declaration is not in the import closure (an unresolved import or base): the
    // ABI name is all that is known of the function, and the caller checks the arity.
    return [...ERC20_CALLS.keys()].find((s) => s.startsWith(`${r.memberName}(`));
  };

  /** The ERC20 signature a selector expression stands for. */
  const selector = (fn: FunctionInfo, expr: ASTNode, depth = 0): string | undefined => {
    const e = unparen(expr);
    if (depth > MAX_DEPTH) return undefined;
    switch (e.type) {
      case 'NumberLiteral':
      case 'HexNumber':
        return literalSelector((e as { number?: string; value?: string }).number ?? (e as { value: string }).value, false);
      case 'HexLiteral':
        return literalSelector(`0x${e.value}`, false);
      case 'MemberAccess':
        return e.memberName === 'selector' ? functionRef(fn, e.expression) : undefined;
      case 'Identifier': {
        const r = program.resolve(fn, e.name);
        if (r?.kind === 'state' && (r.v.constant || r.v.immutable)) {
          const init = (r.v.decl as { initialValue?: ASTNode | null }).initialValue ?? (r.v.node as { expression?: ASTNode | null }).expression;
          return init ? selector(fn, init, depth + 1) : undefined;
        }
        if (r?.kind === 'local') return definitionsOf(ctx, fn, e.name).map((d) => (d === 'assembly' ? undefined : selector(fn, d, depth + 1))).find(Boolean);
        return undefined;
      }
      case 'FunctionCall': {
        const c = e.expression;
        if (isIdent(c, 'keccak256') && e.arguments.length === 1) {
          const text = signatureText(e.arguments[0]);
          return text && ERC20_CALLS.has(text) ? text : undefined;
        }
        // `bytes4(x)`: a conversion keeps the selector.
        if ((c.type === 'ElementaryTypeName' || isIdent(c)) && e.arguments.length === 1 && /^bytes4$/.test(c.type === 'ElementaryTypeName' ? c.name : (c as NodeOf<'Identifier'>).name)) return selector(fn, e.arguments[0], depth + 1);
        return undefined;
      }
      default:
        return undefined;
    }
  };
  return { functionRef, selector };
}

export const tokenCallsFact = defineFact<CodelessTokenCall[]>('token-calls', (ctx) => {
  const program = ctx.fact(programFact);
  const mainFile = ctx.closure[0];
  const { functionRef, selector } = erc20References(ctx);

  /** The ways an expression holding calldata is an ERC20 call built in this function or by its callers. */
  const calldataPaths = (fn: FunctionInfo, expr: ASTNode, depth: number, seen: Set<string>): Path[] => {
    const e = unparen(expr);
    if (depth > MAX_DEPTH) return [];
    if (e.type === 'FunctionCall') {
      const { callee } = calleeOf(e);
      if (callee.type !== 'MemberAccess' || !isIdent(callee.expression, 'abi')) return [];
      const args = e.arguments;
      let sig: string | undefined;
      let count: number | undefined;
      if (callee.memberName === 'encodeWithSelector' && args.length > 0) [sig, count] = [selector(fn, args[0]), args.length - 1];
      else if (callee.memberName === 'encodePacked' && args.length > 0) sig = selector(fn, args[0]);
      else if (callee.memberName === 'encodeWithSignature' && args.length > 0) {
        const text = signatureText(args[0]);
        [sig, count] = [text && ERC20_CALLS.has(text) ? text : undefined, args.length - 1];
      } else if (callee.memberName === 'encodeCall' && args.length === 2) {
        const tuple = unparen(args[1]);
        [sig, count] = [functionRef(fn, args[0]), tuple.type === 'TupleExpression' ? tuple.components.length : 1];
      }
      if (!sig || (count !== undefined && count !== paramCount(sig))) return [];
      return [{ signature: sig, fns: [fn], calls: [] }];
    }
    if (e.type === 'Conditional') return [...calldataPaths(fn, e.trueExpression, depth + 1, seen), ...calldataPaths(fn, e.falseExpression, depth + 1, seen)];
    if (e.type !== 'Identifier') return [];
    const key = `${fn.node.range?.[0]}:${fn.file.path}:${e.name}`;
    if (seen.has(key)) return [];
    seen.add(key);
    const r = program.resolve(fn, e.name);
    if (r?.kind === 'local') return definitionsOf(ctx, fn, e.name).flatMap((d) => (d === 'assembly' ? [] : calldataPaths(fn, d, depth + 1, seen)));
    if (r?.kind !== 'param') return [];
    const i = parametersOf(fn).findIndex((p) => p.name === e.name);
    const out: Path[] = [];
    for (const { caller, call } of callersOf(ctx, fn)) {
      const arg = boundArguments(call, fn)[i];
      if (!arg) continue;
      for (const p of calldataPaths(caller, arg, depth + 1, seen)) out.push({ signature: p.signature, fns: [...p.fns, fn], calls: [...p.calls, call] });
    }
    return out;
  };

  /** Everything the code around a call may run: the path's functions and what the calling function reaches. */
  const regionOf = (fn: FunctionInfo, path: Path): FunctionInfo[] => [...new Set([...path.fns, ...program.reachable(fn)])];

  /** `x.length == 0 || abi.decode(x, (bool))` and its `if (x.length > 0)` form: the return is an optional bool. */
  const acceptsOptionalBool = (f: FunctionInfo): boolean => {
    const body = f.node.body;
    if (!body) return false;
    const decoded = new Set<string>();
    const lengthTested = new Set<string>();
    for (const n of subtree(body)) {
      if (n.type === 'FunctionCall' && n.expression.type === 'MemberAccess' && isIdent(n.expression.expression, 'abi') && n.expression.memberName === 'decode' && n.arguments.length === 2) {
        const what = unparen(n.arguments[0]);
        const types = unparen(n.arguments[1]);
        if (what.type === 'Identifier' && (isIdent(types, 'bool') || (types.type === 'ElementaryTypeName' && types.name === 'bool'))) decoded.add(what.name);
      }
      if (n.type === 'BinaryOperation' && ['==', '!=', '>', '<'].includes(n.operator)) {
        for (const [side, other] of [[n.left, n.right], [n.right, n.left]]) {
          const s = unparen(side);
          if (s.type === 'MemberAccess' && s.memberName === 'length' && unparen(s.expression).type === 'Identifier' && isZero(other)) lengthTested.add((unparen(s.expression) as NodeOf<'Identifier'>).name);
        }
      }
    }
    return [...decoded].some((d) => lengthTested.has(d));
  };

  /** Yul that lets an empty return through: `iszero(returndatasize())`, `eq(returndatasize(), 0)`, `switch returndatasize() case 0`, also through a variable holding it. */
  const yulAcceptsEmpty = (f: FunctionInfo): boolean => {
    const body = f.node.body;
    if (!body) return false;
    const holders = new Set<string>();
    const nodes = subtree(body);
    for (const n of nodes) {
      if ((n.type === 'AssemblyLocalDefinition' || n.type === 'AssemblyAssignment') && n.expression && isYulCall(n.expression as ASTNode, 'returndatasize')) {
        for (const id of n.names as Array<{ name: string }>) holders.add(id.name);
      }
    }
    const isSize = (x: ASTNode) => isYulCall(x, 'returndatasize') || (x.type === 'AssemblyCall' && x.arguments.length === 0 && holders.has(x.functionName)) || (x.type === 'Identifier' && holders.has(x.name));
    for (const n of nodes) {
      if (n.type === 'AssemblyCall' && n.functionName === 'iszero' && n.arguments.length === 1 && isSize(n.arguments[0] as ASTNode)) return true;
      if (n.type === 'AssemblyCall' && n.functionName === 'eq' && n.arguments.length === 2) {
        const [a, b] = n.arguments as ASTNode[];
        if ((isSize(a) && isZero(b)) || (isSize(b) && isZero(a))) return true;
      }
      if (n.type === 'AssemblySwitch' && isSize(n.expression as ASTNode) && (n.cases as Array<NodeOf<'AssemblyCase'>>).some((c) => !c.default && c.value && isZero(c.value as ASTNode))) return true;
      // The size read into a Solidity variable and tested there: `returnSize == 0 ? … : …`.
      if (n.type === 'BinaryOperation' && (n.operator === '==' || n.operator === '!=' || n.operator === '>')) {
        if ((isSize(unparen(n.left)) && isZero(n.right)) || (isSize(unparen(n.right)) && isZero(n.left))) return true;
      }
    }
    return false;
  };

  const readsReturnData = (f: FunctionInfo): boolean => !!f.node.body && subtree(f.node.body).some((n) => isYulCall(n, 'returndatasize') || isYulCall(n, 'returndatacopy'));

  /** Whether a Solidity low-level call drops its return data while deciding on its success, so an empty return passes. */
  const dropsReturnData = (fn: FunctionInfo, call: Call): boolean => {
    const ext = fn.externalCalls.find((x) => x.node === call);
    if (!ext?.checked) return false;
    const parent = fn.file.index.parent(call);
    if (!parent || parent.type === 'ReturnStatement') return false;
    let data: string | null | undefined;
    if (parent.type === 'VariableDeclarationStatement') data = (parent.variables[1] as NodeOf<'VariableDeclaration'> | null | undefined)?.name;
    else if (isAssignmentTo(parent, call)) {
      const left = unparen((parent as NodeOf<'BinaryOperation'>).left);
      if (left.type !== 'TupleExpression') return false;
      const c = left.components[1] as ASTNode | null | undefined;
      if (c && c.type !== 'Identifier') return false;
      data = c ? (c as NodeOf<'Identifier'>).name : null;
    } else if (call.arguments.length <= 1 && !allowsBelow(ctx.solc, '0.5.0')) {
      // From 0.5 the call gives `(bool, bytes)` and can only be destructured; before, it gave a bool alone.
      return false;
    }
    if (!data) return true;
    return !subtree(fn.node.body).some((n) => isIdent(n, data!) && !isDeclaredHere(fn, n));
  };

  /**
   * The names that hold the token in each function of the path and in the helpers it is
   * handed to: the call's target, the arguments bound to it going up, the parameters it
   * is passed to going down, and locals given it.
   */
  const tokenNames = (path: Path, target: string, extraCaller?: { fn: FunctionInfo; call: Call }): Map<FunctionInfo, Set<string>> => {
    const names = new Map<FunctionInfo, Set<string>>();
    const work: FunctionInfo[] = [];
    const add = (f: FunctionInfo, n: string) => {
      let s = names.get(f);
      if (!s) names.set(f, (s = new Set()));
      if (s.has(n)) return;
      s.add(n);
      work.push(f);
    };
    const bound = (call: Call, callee: FunctionInfo): Array<[string, string]> => {
      const args = boundArguments(call, callee);
      const out: Array<[string, string]> = [];
      parametersOf(callee).forEach((p, i) => {
        const b = args[i] && baseIdentifier(stripConversions(ctx, args[i]!));
        if (p.name && b) out.push([p.name, b.name]);
      });
      return out;
    };
    const last = path.fns.length - 1;
    add(path.fns[last], target);
    // Up the path: the argument a caller binds to a parameter that holds the token.
    for (let i = last; i > 0; i--) for (const [param, arg] of bound(path.calls[i - 1], path.fns[i])) if (names.get(path.fns[i])?.has(param)) add(path.fns[i - 1], arg);
    if (extraCaller) for (const [param, arg] of bound(extraCaller.call, path.fns[0])) if (names.get(path.fns[0])?.has(param)) add(extraCaller.fn, arg);
    // Down into every helper the token is handed to, and across locals that copy it.
    while (work.length > 0) {
      const f = work.pop()!;
      const mine = names.get(f)!;
      if (!f.node.body) continue;
      for (const n of subtree(f.node.body)) {
        if (n.type === 'VariableDeclarationStatement' && n.initialValue && n.variables.length === 1) {
          const v = n.variables[0] as NodeOf<'VariableDeclaration'> | null;
          const b = baseIdentifier(stripConversions(ctx, n.initialValue));
          if (v?.name && b && mine.has(b.name) && !mine.has(v.name)) add(f, v.name);
        }
        // Yul copies: `let t := token`.
        if ((n.type === 'AssemblyLocalDefinition' || n.type === 'AssemblyAssignment') && n.expression) {
          const from = n.expression as ASTNode;
          if (from.type === 'AssemblyCall' && from.arguments.length === 0 && mine.has(from.functionName)) {
            for (const id of n.names as Array<{ name: string }>) if (!mine.has(id.name)) add(f, id.name);
          }
        }
      }
      for (const ic of f.internalCalls) for (const [param, arg] of bound(ic.node, ic.target)) if (mine.has(arg)) add(ic.target, param);
    }
    return names;
  };

  /** A `code.length`, `codehash`, `extcodesize` or `extcodehash` of one of `names` in `f`. */
  const checksCode = (f: FunctionInfo, names: Set<string>): boolean => {
    const body = f.node.body;
    if (!body) return false;
    for (const n of subtree(body)) {
      if (n.type === 'MemberAccess' && (n.memberName === 'code' || n.memberName === 'codehash')) {
        const b = baseIdentifier(stripConversions(ctx, n.expression));
        if (b && names.has(b.name)) return true;
      }
      if (n.type === 'AssemblyCall' && (n.functionName === 'extcodesize' || n.functionName === 'extcodehash') && n.arguments.length === 1 && yulNames(n.arguments[0] as ASTNode).some((x) => names.has(x))) return true;
    }
    return false;
  };

  const hasCodeCheck = (names: Map<FunctionInfo, Set<string>>): boolean => [...names].some(([f, s]) => checksCode(f, s));

  const out: CodelessTokenCall[] = [];
  const sites = new Map<ASTNode, CodelessTokenCall>();
  const report = (site: ASTNode | undefined, c: Omit<CodelessTokenCall, 'site' | 'signatures'>, signature: string) => {
    if (!site) return;
    const known = sites.get(site);
    if (known) {
      if (!known.signatures.includes(signature)) known.signatures.push(signature);
      return;
    }
    const entry = { site, ...c, signatures: [signature] };
    sites.set(site, entry);
    out.push(entry);
  };

  const shownElsewhere = new Set<ASTNode>();
  /** Where a flagged path shows in this file, unless the caller here checks the token's code itself. */
  const siteOf = (path: Path, call: ASTNode, target: string): ASTNode | undefined => {
    for (let i = path.fns.length - 1; i >= 0; i--) {
      if (path.fns[i].file !== mainFile) continue;
      return i === path.fns.length - 1 ? call : path.calls[i];
    }
    // The path lies wholly in other files (a library): it shows where this file calls into it,
    // once for each such call however many of the library's functions lead to it.
    if (shownElsewhere.has(call)) return undefined;
    const candidates: Array<{ fn: FunctionInfo; call: Call }> = [];
    for (const f of path.fns) for (const c of callersOf(ctx, f)) if (c.caller.file === mainFile && !path.fns.includes(c.caller)) candidates.push({ fn: c.caller, call: c.call });
    candidates.sort((a, b) => (a.call.range?.[0] ?? 0) - (b.call.range?.[0] ?? 0));
    for (const cand of candidates) {
      const at = path.fns.findIndex((f) => targetsOf(cand.fn, cand.call).includes(f));
      if (at < 0) continue;
      const sub: Path = { signature: path.signature, fns: path.fns.slice(at), calls: path.calls.slice(at) };
      if (!hasCodeCheck(tokenNames(sub, target, cand))) {
        shownElsewhere.add(call);
        return cand.call;
      }
    }
    return undefined;
  };

  for (const fn of program.inScope) {
    ctx.checkpoint();
    const body = fn.node.body;
    if (!body) continue;
    // Solidity: `token.call(data)`, and before 0.5 `token.call(selector, a, b)`.
    for (const ext of fn.externalCalls) {
      if (ext.kind !== 'call') continue;
      const call = ext.node;
      const paths =
        call.arguments.length > 1
          ? (() => {
              const sig = selector(fn, call.arguments[0]);
              return sig && paramCount(sig) === call.arguments.length - 1 ? [{ signature: sig, fns: [fn], calls: [] }] : [];
            })()
          : call.arguments.length === 1
            ? calldataPaths(fn, call.arguments[0], 0, new Set())
            : [];
      const target = baseIdentifier(stripConversions(ctx, ext.target))?.name;
      if (!target) continue;
      for (const path of paths) {
        const region = regionOf(fn, path);
        const acceptsEmpty = dropsReturnData(fn, call) || region.some(acceptsOptionalBool);
        if (!acceptsEmpty || hasCodeCheck(tokenNames(path, target))) continue;
        report(siteOf(path, call, target), { call, form: 'solidity', fn }, path.signature);
      }
    }
    // Inline assembly: `call(gas(), token, 0, in, insize, out, outsize)`.
    const blocks = subtree(body).filter((n): n is NodeOf<'InlineAssemblyStatement'> => n.type === 'InlineAssemblyStatement');
    for (const block of blocks) {
      for (const n of subtree(block)) {
        if (n.type !== 'AssemblyCall' || n.functionName !== 'call' || n.arguments.length !== 7) continue;
        const args = n.arguments as ASTNode[];
        const target = yulNames(args[1]).find((x) => !YUL_BUILTINS.has(x));
        if (!target) continue;
        let paths: Path[] = [];
        // Calldata held by a Solidity variable: `call(gas(), token, 0, add(data, 0x20), mload(data), 0, 0x20)`.
        for (const name of new Set([...yulNames(args[3]), ...yulNames(args[4])])) {
          if (program.resolve(fn, name)) paths.push(...calldataPaths(fn, { type: 'Identifier', name } as ASTNode, 0, new Set()));
        }
        // Calldata written by the assembly itself, starting with a selector word.
        if (paths.length === 0) {
          for (const b of [block, ...blocks.filter((x) => x !== block)]) {
            const sig = subtree(b).map((x) => (x.type === 'HexNumber' || x.type === 'DecimalNumber' || x.type === 'NumberLiteral' ? literalSelector((x as { value?: string; number?: string }).value ?? (x as { number: string }).number, true) : undefined)).find(Boolean);
            if (sig) {
              paths = [{ signature: sig, fns: [fn], calls: [] }];
              break;
            }
          }
        }
        for (const path of paths) {
          const region = regionOf(fn, path);
          const dropped = isZero(args[6]) && !region.some(readsReturnData);
          const acceptsEmpty = dropped || region.some(yulAcceptsEmpty) || region.some(acceptsOptionalBool);
          if (!acceptsEmpty || hasCodeCheck(tokenNames(path, target))) continue;
          report(siteOf(path, n, target), { call: n, form: 'assembly', fn }, path.signature);
        }
      }
    }
  }
  return out;
});

/** Token transfers and approvals by low-level call that accept an empty return and never check that the token has code. */
export function codelessTokenCalls(ctx: FactContext): CodelessTokenCall[] {
  return ctx.fact(tokenCallsFact);
}

/** Yul builtins without arguments, which the parser gives in the same shape as identifiers. */
const YUL_BUILTINS = new Set(['gas', 'address', 'caller', 'callvalue', 'calldatasize', 'codesize', 'returndatasize', 'origin', 'gasprice', 'coinbase', 'timestamp', 'number', 'difficulty', 'prevrandao', 'gaslimit', 'chainid', 'selfbalance', 'basefee', 'blobbasefee', 'msize', 'pc', 'stop', 'invalid']);

function isYulCall(n: ASTNode, name: string): boolean {
  return n.type === 'AssemblyCall' && n.functionName === name;
}

function isZero(n: ASTNode | null | undefined): boolean {
  if (!n) return false;
  const e = unparen(n);
  const text = e.type === 'NumberLiteral' ? e.number : e.type === 'DecimalNumber' || e.type === 'HexNumber' ? (e as { value: string }).value : undefined;
  if (text === undefined) return false;
  try {
    return BigInt(text) === 0n;
  } catch {
    return false;
  }
}

/**
 * The ERC20 call a number literal stands for: the selector itself, or (for a
 * word stored by assembly, `shifted`) the selector followed by zero bytes up
 * to the word's end, as `mstore(p, 0xa9059cbb000…)` lays calldata out.
 */
export function literalSelector(text: string | undefined, shifted: boolean): string | undefined {
  if (!text) return undefined;
  let v: bigint;
  try {
    v = BigInt(text.replace(/_/g, ''));
  } catch {
    return undefined;
  }
  if (shifted) while (v > 0xffffffffn && (v & 0xffn) === 0n) v >>= 8n;
  return BY_SELECTOR.get(v);
}

/** The text of a signature as `keccak256` or `encodeWithSignature` get it: a string literal, possibly through `bytes(…)` or `abi.encodePacked(…)`. */
function signatureText(n: ASTNode): string | undefined {
  const e = unparen(n);
  if (e.type === 'StringLiteral') return e.value.replace(/\s+/g, '');
  if (e.type === 'FunctionCall' && e.arguments.length === 1) {
    const c = e.expression;
    const wraps = isIdent(c, 'bytes') || (c.type === 'ElementaryTypeName' && c.name === 'bytes') || (c.type === 'MemberAccess' && isIdent(c.expression, 'abi') && c.memberName === 'encodePacked');
    if (wraps) return signatureText(e.arguments[0]);
  }
  return undefined;
}

function isAssignmentTo(parent: ASTNode, call: ASTNode): boolean {
  return parent.type === 'BinaryOperation' && parent.operator === '=' && unparen(parent.right) === call;
}

/** An identifier that is the name of a declaration rather than a read of it. */
function isDeclaredHere(fn: FunctionInfo, n: ASTNode): boolean {
  const p = fn.file.index.parent(n);
  return !!p && p.type === 'VariableDeclaration' && (p as { identifier?: ASTNode }).identifier === n;
}
