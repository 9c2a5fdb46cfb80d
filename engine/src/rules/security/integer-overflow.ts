import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf } from '../framework';
import { forEachChild } from '../../facts/ast-index';
import { baseIdentifier, isAssignment, requireCondition, unparen } from '../../facts/ast-util';
import { programFact, type FunctionInfo } from '../../facts/program';
import { callerControlled, taintFact } from '../../facts/taint';
import { signatureUses } from '../../facts/signatures';
import { allowsBelow } from '../../parse/pragma';

const ARITH = new Set(['+', '-', '*', '+=', '-=', '*=', '**']);
const COMPARE = new Set(['<', '>', '<=', '>=', '==', '!=']);

export default defineRule({
  meta: {
    id: 'integer-overflow',
    title: 'Integer overflow or underflow',
    category: 'security',
    severity: 'high',
    confidence: 'low',
    swc: 'SWC-101',
    description: 'Arithmetic that wraps silently (compilers before 0.8, or inside unchecked) with no SafeMath and no bound check on its operands.',
    messages: {
      'unchecked-block': 'Arithmetic inside unchecked that nothing bounds',
      'unchecked-compiler': 'Arithmetic that the compiler allowed by the pragma does not check, and that nothing bounds',
      'trusted-callers': 'Unchecked arithmetic that only trusted accounts (the deployer, the contract itself, a role) can reach',
      'uncontrolled-operands': 'Unchecked arithmetic on values no caller chooses (stored state, constants, block values)',
    },
    fix: 'none',
  },
  create(ctx) {
    const legacy = allowsBelow(ctx.solc, '0.8.0');
    // Before 0.7.0 `now` is block.timestamp: one value however it is written, so that rewriting
    // one of them (deprecated-apis' fix) does not make a check elsewhere stop counting.
    const nowIsTimestamp = allowsBelow(ctx.solc, '0.7.0');
    /** The text an operand is compared by: white space left out, `now` spelled block.timestamp. */
    const key = (n: ASTNode): string => {
      const t = ctx.text(n).replace(/\s+/g, '');
      return nowIsTimestamp ? t.replace(/(^|[^\w$.])now(?![\w$])/g, '$1block.timestamp') : t;
    };
    const program = ctx.fact(programFact);
    /** `_require(a >= b, CODE)`: a call to a helper that reverts unless its first argument holds. */
    const helperCondition = (n: ASTNode): ASTNode | undefined => (n.type === 'FunctionCall' ? program.requireLike(n) : undefined);
    const checkCache = new Map<ASTNode, Array<{ text: string; where: ASTNode }>>();
    // Every operand compared in a require/assert/if/while condition of the function, with
    // the comparison it sits in: an operation on a compared operand is bounded by that check
    // (SafeMath's own `assert(c >= a)` pattern included).
    const checked = (fn: ASTNode): Array<{ text: string; where: ASTNode }> => {
      let list = checkCache.get(fn);
      if (list) return list;
      list = [];
      const visit = (n: ASTNode) => {
        const cond = requireCondition(n) ?? helperCondition(n) ?? (n.type === 'IfStatement' || n.type === 'WhileStatement' ? n.condition : n.type === 'Conditional' ? n.condition : n.type === 'ForStatement' ? (n.conditionExpression as ASTNode | null) ?? undefined : undefined);
        if (cond) collectCompared(cond, list!);
        forEachChild(n, visit);
      };
      visit(fn);
      checkCache.set(fn, list);
      return list;
    };
    const collectCompared = (e: ASTNode, out: Array<{ text: string; where: ASTNode }>) => {
      const visit = (n: ASTNode) => {
        if (n.type === 'BinaryOperation' && COMPARE.has(n.operator)) {
          for (const side of [n.left, n.right]) for (const part of operands(side)) out.push({ text: key(part), where: n });
        }
        forEachChild(n, visit);
      };
      visit(e);
    };
    const inside = (inner: ASTNode, outer: ASTNode) => {
      const [a, b] = ctx.offsets(inner);
      const [c, d] = ctx.offsets(outer);
      return a >= c && b <= d;
    };
    return {
      BinaryOperation(node: NodeOf<'BinaryOperation'>) {
        if (!ARITH.has(node.operator)) return;
        const inUnchecked = ctx.index.ancestors(node).some((a) => a.type === 'UncheckedStatement');
        if (!legacy && !inUnchecked) return;
        if (!isAssignment(node) && !['+', '-', '*', '**'].includes(node.operator)) return;
        report(node, node.left, node.right, inUnchecked);
      },
      UnaryOperation(node: NodeOf<'UnaryOperation'>) {
        if (node.operator !== '++' && node.operator !== '--') return;
        const inUnchecked = ctx.index.ancestors(node).some((a) => a.type === 'UncheckedStatement');
        if (!legacy && !inUnchecked) return;
        // Loop counters and per-step increments are bounded by the loop condition.
        const anc = ctx.index.ancestors(node);
        if (anc.some((a) => a.type === 'ForStatement' && (a as NodeOf<'ForStatement'>).loopExpression && ctx.offsets(node)[0] >= ctx.offsets((a as NodeOf<'ForStatement'>).loopExpression as ASTNode)[0] && ctx.offsets(node)[1] <= ctx.offsets((a as NodeOf<'ForStatement'>).loopExpression as ASTNode)[1])) return;
        // Counting up by one cannot realistically exhaust a uint256; counting down past zero can.
        if (node.operator === '--' && baseIdentifier(unparen(node.subExpression))) report(node, node.subExpression, undefined, inUnchecked);
      },
    };

    /**
     * Bounds that the types, the EVM or the use of the result give: a product or sum of
     * values whose declared widths cannot reach 256 bits, a difference with `gasleft()` or
     * a small literal off `block.number`/`block.timestamp`, `+= 1` on a counter, and a
     * difference used as an array index or a loop bound over an array's length (an
     * underflow there reverts on the bounds check instead of wrapping into state).
     */
    function boundedByMeaning(node: ASTNode, left: ASTNode, right: ASTNode | undefined): boolean {
      const op = (node as NodeOf<'BinaryOperation'>).operator ?? (node as NodeOf<'UnaryOperation'>).operator;
      const fn = program.functionOf(node);
      if (right && (op === '*' || op === '+')) {
        const a = bitWidth(fn, left);
        const b = bitWidth(fn, right);
        if (a !== undefined && b !== undefined && (op === '*' ? a + b : Math.max(a, b) + 1) <= 256) return true;
      }
      if (right && (op === '+=' && isOne(right))) return true;
      if (right && (op === '-' || op === '-=')) {
        const r = unparen(right);
        if (r.type === 'FunctionCall' && r.expression.type === 'Identifier' && r.expression.name === 'gasleft') return true;
        const l = unparen(left);
        const blockValue = (l.type === 'MemberAccess' && l.expression.type === 'Identifier' && l.expression.name === 'block' && (l.memberName === 'number' || l.memberName === 'timestamp')) || (nowIsTimestamp && l.type === 'Identifier' && l.name === 'now');
        if (blockValue && r.type === 'NumberLiteral' && Number(r.number) <= 256) return true;
        if (op === '-' && usedAsArrayBound(node, fn)) return true;
      }
      return false;
    }

    function usedAsArrayBound(node: ASTNode, fn: FunctionInfo | undefined): boolean {
      let child: ASTNode = node;
      let parent = ctx.parent(node);
      while (parent && parent.type === 'TupleExpression') (child = parent), (parent = ctx.parent(parent));
      if (!parent) return false;
      if (parent.type === 'IndexAccess' && parent.index === child) {
        const t = fn ? program.staticType(fn, parent.base) : undefined;
        if (t && typeof t !== 'string') return t.type === 'ArrayTypeName' || (t.type === 'ElementaryTypeName' && (t.name === 'bytes' || t.name === 'string'));
        return isLength((node as NodeOf<'BinaryOperation'>).left);
      }
      // `i < path.length - 1` in a loop condition: an empty array makes the body's index revert.
      if (parent.type === 'BinaryOperation' && COMPARE.has(parent.operator) && isLength((node as NodeOf<'BinaryOperation'>).left)) {
        const loop = ctx.parent(parent);
        return !!loop && loop.type === 'ForStatement' && loop.conditionExpression === parent;
      }
      return false;
    }

    function bitWidth(fn: FunctionInfo | undefined, e: ASTNode): number | undefined {
      const x = unparen(e);
      if (x.type === 'NumberLiteral' && /^\d+$/.test(x.number) && !x.subdenomination) return BigInt(x.number).toString(2).length;
      if (x.type === 'FunctionCall' && x.arguments.length === 1 && x.expression.type === 'ElementaryTypeName') {
        const to = widthOf(x.expression.name);
        const from = bitWidth(fn, x.arguments[0]);
        return from === undefined ? to : to === undefined ? from : Math.min(to, from);
      }
      if (!fn) return undefined;
      const t = program.staticType(fn, x);
      if (!t) return undefined;
      return widthOf(typeof t === 'string' ? t : t.type === 'ElementaryTypeName' ? t.name : '');
    }

    function report(node: ASTNode, left: ASTNode, right: ASTNode | undefined, inUnchecked: boolean) {
      const fn = ctx.index.enclosing(node, 'FunctionDefinition', 'ModifierDefinition');
      if (!fn) return;
      const contract = ctx.index.enclosing(fn, 'ContractDefinition');
      // SafeMath-style libraries are where the checks live.
      if (contract && contract.kind === 'library') return;
      const ops = [left, right].filter((x): x is ASTNode => !!x);
      const info = program.functionOf(node);
      /** A literal, or a constant or immutable by its declaration (not by how it is spelt). */
      const isConstant = (n: ASTNode): boolean => {
        const e = unparen(n);
        if (e.type === 'NumberLiteral') return true;
        if (e.type === 'Identifier') {
          const r = info ? program.resolve(info, e.name) : undefined;
          return r?.kind === 'state' && (r.v.constant || r.v.immutable);
        }
        if (e.type === 'BinaryOperation') return isConstant(e.left) && isConstant(e.right);
        return false;
      };
      if (ops.every((o) => isConstant(o))) return;
      if (boundedByMeaning(node, left, right)) return;
      // Nested operations are reported once, at the outermost.
      const parent = ctx.parent(node);
      if (parent && parent.type === 'BinaryOperation' && ARITH.has(parent.operator) && !isAssignment(parent)) return;
      // `require(a + b >= a)` is the overflow check itself; `require(a - b >= 0)` checks nothing.
      for (const c of checked(fn)) {
        if (!inside(node, c.where)) continue;
        const cmp = c.where as NodeOf<'BinaryOperation'>;
        const other = inside(node, cmp.left) ? cmp.right : cmp.left;
        if (operands(left).some((o) => key(o) === key(other))) return;
      }
      // Other comparisons that contain this very operation do not bound it.
      const seen = checked(fn).filter((c) => !inside(node, c.where)).map((c) => c.text);
      const opText = (node as NodeOf<'BinaryOperation'>).operator ?? (node as NodeOf<'UnaryOperation'>).operator;
      if (seen.includes(key(node))) return;
      if (opText.startsWith('*')) {
        // A product is bounded only when every factor is.
        const factors = ops.flatMap((o) => leaves(o)).filter((o) => !isConstant(o));
        if (factors.every((f) => seen.includes(key(f)))) return;
      } else {
        // A sum or difference is bounded when the value it changes is compared.
        if (operands(left).some((o) => seen.includes(key(o)))) return;
      }
      const op = (node as NodeOf<'BinaryOperation'>).operator ?? (node as NodeOf<'UnaryOperation'>).operator;
      const kind = op.startsWith('-') ? 'underflow' : 'overflow';
      // Who can reach it sets the risk: arithmetic that only the deployer, the contract
      // itself or a role can run wraps only on a trusted account's mistake.
      const entries = info ? program.entriesReaching(info) : [];
      if (entries.length > 0 && entries.every((e) => program.privileged(e))) {
        ctx.report({
          node,
          severity: 'low',
          messageId: 'trusted-callers',
          message: `This ${op} can ${kind} silently (${inUnchecked && !legacy ? 'inside unchecked' : 'the compiler version allowed by the pragma does not check arithmetic'}), but only trusted accounts reach it: ${[...new Set(entries.map((e) => (e.name ? `${e.name}()` : `the ${e.kind}`)))].slice(0, 4).join(', ')}. Bound the operands if a wrong value there must not wrap.`,
        });
        return;
      }
      // Who picks the operands sets the risk too: a caller who chooses an amount can make it
      // wrap; values read from state that no caller sets, constants and block values wrap only
      // if the contract's own bookkeeping lets them grow that far. A result of an external call
      // is another contract's choice, so it counts as chosen.
      if (info && !(inUnchecked && !legacy)) {
        const taint = ctx.fact(taintFact);
        const here = ctx.closure[0];
        const signedBySigners = (f: FunctionInfo): Set<string> => new Set(signatureUses(ctx).filter((u) => u.fn === f && u.signerChecked && !u.handedIn).flatMap((u) => [...u.signed]));
        /** The operand carries a value a caller picks freely: not checked by the callers that pass it in. */
        const chosenIn = (f: FunctionInfo, o: ASTNode, depth: number): boolean => {
          const t = taint.of(f, o);
          if ([o, ...ctx.index.descendants(o)].some((d) => f.externalCalls.some((c) => c.node === d))) return true;
          if (!(callerControlled(t) || t.has('msg.value') || t.has('sender') || t.has('origin'))) return false;
          // A parameter the function only acts on once the accounts it stores as signers have
          // signed it (it is part of the signed hash, and the recovered signer is checked
          // against storage): the signers chose it, not whoever submits the call.
          if (!t.has('msg.value') && !t.has('sender') && !t.has('origin') && !t.has('msg.data') && !t.has('user-state')) {
            const signed = signedBySigners(f);
            const params = [o, ...ctx.index.descendants(o)].filter((d): d is NodeOf<'Identifier'> => d.type === 'Identifier' && f.params.has(d.name));
            if (signed.size > 0 && params.length > 0 && params.every((d) => signed.has(d.name))) return false;
          }
          // A parameter of an internal function whose every caller in this file checks what it
          // passes (the argument, or a value it is computed from, is compared first), or passes a
          // value no caller picks: `_schedule(delay)` after `require(newDelay <= MAX_DELAY)`.
          const x = unparen(o);
          if (depth > 3 || f.isEntry || x.type !== 'Identifier' || !f.params.has(x.name)) return true;
          const at = (f.node.parameters ?? []).findIndex((p) => (p as { name?: string | null }).name === x.name);
          const sites = program.inScope.flatMap((g) => g.internalCalls.filter((c) => c.target === f).map((c) => [g, c.node] as const));
          if (at < 0 || sites.length === 0) return true;
          return sites.some(([g, call]) => {
            const arg = call.arguments[at];
            if (!arg || g.file !== here) return true;
            const compared = new Set(checked(g.node).map((c) => c.text));
            const parts = [...operands(arg), ...operands(arg).flatMap((p) => (p.type === 'Identifier' ? inits(g, p.name) : []))];
            if (parts.some((p) => compared.has(key(p)))) return false;
            return chosenIn(g, arg, depth + 1);
          });
        };
        /** The right-hand sides a local is given in `g`, and the values they are computed from. */
        const inits = (g: FunctionInfo, name: string): ASTNode[] => {
          const out: ASTNode[] = [];
          const visit = (n: ASTNode) => {
            if (n.type === 'VariableDeclarationStatement' && n.initialValue && n.variables.some((v) => (v as { name?: string } | null)?.name === name)) out.push(...operands(n.initialValue), ...ctx.index.descendants(n.initialValue));
            if (isAssignment(n) && unparen((n as NodeOf<'BinaryOperation'>).left).type === 'Identifier' && ((unparen((n as NodeOf<'BinaryOperation'>).left) as { name: string }).name === name)) out.push(...operands((n as NodeOf<'BinaryOperation'>).right));
            forEachChild(n, visit);
          };
          if (g.node.body) visit(g.node.body);
          return out;
        };
        const chosen = ops.some((o) => chosenIn(info, o, 0));
        if (!chosen) {
          ctx.report({
            node,
            severity: 'low',
            messageId: 'uncontrolled-operands',
            message: `This ${op} can ${kind} silently (the compiler version allowed by the pragma does not check arithmetic), but no caller chooses its operands freely: they come from stored state, constants, block values, values the callers check before passing them in, or values the contract's stored signers signed. Make sure the contract's own bookkeeping keeps them in range, or use SafeMath.`,
          });
          return;
        }
      }
      ctx.report({
        node,
        severity: inUnchecked && !legacy ? 'low' : undefined,
        messageId: inUnchecked && !legacy ? 'unchecked-block' : 'unchecked-compiler',
        message: inUnchecked && !legacy
          ? `This ${op} is inside unchecked and can ${kind} silently; make sure a bound check guarantees it cannot.`
          : `This ${op} can ${kind} silently: the compiler version allowed by the pragma does not check arithmetic, and nothing here bounds the operands. Use SafeMath or check the operands first (or compile with 0.8+).`,
      });
    }
  },
});

function leaves(n: ASTNode): ASTNode[] {
  const e = unparen(n);
  if (e.type === 'BinaryOperation' && ARITH.has(e.operator)) return [...leaves(e.left), ...leaves(e.right)];
  if (e.type === 'FunctionCall' && e.arguments.length === 1 && e.expression.type === 'ElementaryTypeName') return leaves(e.arguments[0]);
  return [e];
}

// The leaves of an arithmetic expression: `a + b * c` → a, b, c (and the whole).
function operands(n: ASTNode): ASTNode[] {
  const e = unparen(n);
  if (e.type === 'BinaryOperation' && ARITH.has(e.operator)) return [e, ...operands(e.left), ...operands(e.right)];
  if (e.type === 'FunctionCall' && e.arguments.length === 1 && e.expression.type === 'ElementaryTypeName') return [e, ...operands(e.arguments[0])];
  return [e];
}

function widthOf(name: string): number | undefined {
  const m = /^u?int(\d*)$/.exec(name);
  if (!m) return undefined;
  return m[1] ? Number(m[1]) : 256;
}

function isOne(n: ASTNode): boolean {
  const e = unparen(n);
  return e.type === 'NumberLiteral' && e.number === '1' && !e.subdenomination;
}

function isLength(n: ASTNode): boolean {
  const e = unparen(n);
  return e.type === 'MemberAccess' && e.memberName === 'length';
}
