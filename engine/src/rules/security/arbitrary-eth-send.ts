import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type FactContext } from '../framework';
import { definitionsOf } from '../../facts/value-flow';
import { holdsNoEthBetweenCalls } from '../../facts/eth-holding';
import { forEachChild } from '../../facts/ast-index';
import { programFact, type FunctionInfo, type Program } from '../../facts/program';
import { callerControlled, taintFact } from '../../facts/taint';
import { baseIdentifier, isAbort, isMember, isSender, unparen } from '../../facts/ast-util';

export default defineRule({
  meta: {
    id: 'arbitrary-eth-send',
    title: 'ETH sent to an address the caller chooses',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    swc: 'SWC-105',
    description: 'A function that checks no caller sends the contract’s ETH to an address taken from its arguments.',
    messages: {
      'unguarded-payout': 'An unguarded function pays the caller an amount not tied to anything recorded for them',
      'arbitrary-recipient': "An unguarded function sends the contract's ETH to an address of the caller's choosing",
    },
    fix: 'none',
    aliases: { slither: ['arbitrary-send-eth'], aderyn: ['eth-send-unchecked-address'] },
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        const program = ctx.fact(programFact);
        const taint = ctx.fact(taintFact);
        for (const fn of program.functions) {
          // A function whose every path reverts (a simulation that reports by reverting) moves no ETH.
          if (!program.openToAnyone(fn) || program.alwaysReverts(fn)) continue;
          // A contract that keeps no ETH between transactions (no receive, no payable fallback,
          // every payable function sweeping its balance back out at its end) spends only what
          // the current call brought in: the caller's own ETH, whoever it goes to.
          let ownOnly: boolean | undefined;
          for (const call of fn.externalCalls) {
            if (!call.value || !['call', 'send', 'transfer', 'callcode'].includes(call.kind)) continue;
            // A send made per element of a collection whose every element was first checked
            // against the caller (a permission table keyed by msg.sender) is not anyone's to make.
            if (!program.openToAnyone(fn, call.node)) continue;
            // Forwarding exactly the ETH that came with this call spends none of the contract's own,
            // nor does splitting it: amounts summed and required to equal msg.value.
            if (isMember(unparen(call.value), 'msg', 'value') || splitsMsgValue(program, fn, call.value)) continue;
            const v = unparen(call.value);
            // No ETH moves when the value is always zero (a literal, or a helper's parameter every live caller fills with 0).
            if (program.zeroValue(call.fn, call.value)) continue;
            if ((ownOnly ??= holdsNoEthBetweenCalls(program, fn))) continue;
            const dest = taint.of(fn, call.target);
            if (dest.has('sender')) {
              // Paying the caller is a withdrawal when the amount is the caller's recorded credit
              // (state looked up by the caller); a fixed or caller-chosen amount to anyone who asks is not.
              if (readsCallerRecord(program, fn) || !fixedOrChosen(program, fn, v)) continue;
              ctx.report({ node: call.node, messageId: 'unguarded-payout', message: `Anyone can call ${who(program, fn, call.node)} and be paid ${ctx.text(v)} from this contract's ETH: the amount is not tied to anything recorded for the caller, and no check restricts who calls.` });
              continue;
            }
            if (!callerControlled(dest)) continue;
            // The caller's own recorded balance, sent where the caller says: a withdrawal. A chosen
            // amount counts as the caller's when it is checked against or debited from a record.
            if (readsCallerRecord(program, fn) && (!fixedOrChosen(program, fn, v) || boundedOrDebited(program, fn, v))) continue;
            // A helper's payment (`sendValue(recipient, amount)`) judged where it is called: every
            // open entry that calls it withdraws the caller's record, with the amount it passes.
            if (withdrawsAtEveryCaller(program, fn, call.node, v)) continue;
            // The recipient's own recorded credit, paid to that recipient and written off: whoever
            // triggers it, the ETH goes where the record says it belongs.
            if (paysOwnRecord(ctx, program, call.fn, v, call.target)) continue;
            ctx.report({ node: call.node, messageId: 'arbitrary-recipient', message: `Anyone can call ${who(program, fn, call.node)} and send this contract’s ETH to an address of their choosing; no check restricts the caller or the recipient.` });
          }
        }
      },
    };
  },
});

/**
 * `total += v` (or `total = total + v`) in the function, and a revert-on-failure check that
 * `msg.value == total`: every amount sent is part of what the caller paid in.
 */
function splitsMsgValue(program: Program, fn: FunctionInfo, v: ASTNode): boolean {
  const x = unparen(v);
  if (x.type !== 'Identifier' || !fn.node.body) return false;
  const totals = new Set<string>();
  const conds: ASTNode[] = [];
  const visit = (n: ASTNode) => {
    if (n.type === 'BinaryOperation') {
      const l = unparen(n.left);
      if (l.type === 'Identifier' && n.operator === '+=' && isIdentNamed(n.right, x.name)) totals.add(l.name);
      if (l.type === 'Identifier' && n.operator === '=' && unparen(n.right).type === 'BinaryOperation') {
        const r = unparen(n.right) as Extract<ASTNode, { type: 'BinaryOperation' }>;
        if (r.operator === '+' && ((isIdentNamed(r.left, l.name) && isIdentNamed(r.right, x.name)) || (isIdentNamed(r.right, l.name) && isIdentNamed(r.left, x.name)))) totals.add(l.name);
      }
    }
    if (n.type === 'FunctionCall') {
      const c = program.requireLike(n);
      if (c) conds.push(c);
    }
    if (n.type === 'IfStatement' && isAbort(n.trueBody as ASTNode)) conds.push({ type: 'UnaryOperation', operator: '!', subExpression: n.condition, isPrefix: true } as unknown as ASTNode);
    forEachChild(n, visit);
  };
  visit(fn.node.body);
  if (totals.size === 0) return false;
  const equalsValue = (c: ASTNode, positive: boolean): boolean => {
    const e = unparen(c);
    if (e.type === 'UnaryOperation' && e.operator === '!') return equalsValue(e.subExpression, !positive);
    if (e.type !== 'BinaryOperation' || (e.operator !== '==' && e.operator !== '!=')) return false;
    if ((e.operator === '==') !== positive) return false;
    const [a, b] = [unparen(e.left), unparen(e.right)];
    return (isMember(a, 'msg', 'value') && b.type === 'Identifier' && totals.has(b.name)) || (isMember(b, 'msg', 'value') && a.type === 'Identifier' && totals.has(a.name));
  };
  return conds.some((c) => equalsValue(c, true));
}

function isIdentNamed(e: ASTNode, name: string): boolean {
  const x = unparen(e);
  return x.type === 'Identifier' && x.name === name;
}

/** The function anyone calls: `f()` for an entry, `e()` (through `f()`) for an internal function reached from the open entry `e` (one whose checks do not cover `site`). */
function who(program: Program, fn: FunctionInfo, site: ASTNode): string {
  const own = `${fn.name || fn.kind}()`;
  const v = (fn.node as { visibility?: string }).visibility;
  if (v !== 'internal' && v !== 'private') return own;
  const open = program.openEntries(fn, site).filter((e) => e !== fn);
  const names = [...new Set(open.map((e) => `${e.name || e.kind}()`))].slice(0, 3);
  return names.length > 0 ? `${names.join(', ')} (through ${own})` : own;
}

/**
 * `fn` is a helper (internal or private) whose value `v` is one of its parameters, and every open
 * entry reaching the payment calls `fn` directly, passing an amount that entry checks against or
 * debits from a record it reads for the caller (`withdraw(to, amount)`: `require(amount <=
 * balance[msg.sender]); balance[msg.sender] -= amount; _send(to, amount);`).
 */
function withdrawsAtEveryCaller(program: Program, fn: FunctionInfo, site: ASTNode, v: ASTNode): boolean {
  if (fn.isEntry) return false;
  const x = unparen(v);
  if (x.type !== 'Identifier' || program.resolve(fn, x.name)?.kind !== 'param') return false;
  const at = ((fn.node.parameters ?? []) as Array<{ name?: string | null }>).findIndex((p) => p.name === x.name);
  if (at < 0) return false;
  const entries = program.openEntries(fn, site).filter((e) => e !== fn);
  if (entries.length === 0) return false;
  return entries.every((e) => {
    const calls = e.internalCalls.filter((c) => c.target === fn);
    if (calls.length === 0) return false;
    return calls.every((c) => {
      if (unparen(c.node.expression).type !== 'Identifier') return false;
      const arg = c.node.arguments[at];
      return !!arg && readsCallerRecord(program, e) && (!fixedOrChosen(program, e, arg) || boundedOrDebited(program, e, arg));
    });
  });
}

/** The function, or what it calls, reads state keyed by the caller (`credit[msg.sender]`). */
/**
 * `amount` is `credit[to]` (directly or through a local defined only so), `to` is the
 * address paid, `credit` is state, and the function (or what it reaches) writes `credit`.
 */
function paysOwnRecord(ctx: FactContext, program: Program, fn: FunctionInfo, amount: ASTNode, target: ASTNode): boolean {
  const unwrap = (e: ASTNode): ASTNode => {
    const x = unparen(e);
    return x.type === 'FunctionCall' && x.arguments.length === 1 && x.expression.type === 'ElementaryTypeName' ? unwrap(x.arguments[0]) : x.type === 'FunctionCall' && x.arguments.length === 1 && x.expression.type === 'Identifier' && (x.expression.name === 'payable' || x.expression.name === 'address') ? unwrap(x.arguments[0]) : x;
  };
  const to = unwrap(target);
  if (to.type !== 'Identifier' || !program.resolve(fn, to.name)) return false;
  const a = unparen(amount);
  const records = a.type === 'IndexAccess' ? [a] : a.type === 'Identifier' ? definitionsOf(ctx, fn, a.name) : [];
  if (records.length === 0) return false;
  return records.every((r) => {
    if (r === 'assembly') return false;
    const x = unparen(r);
    if (x.type !== 'IndexAccess' || !x.index) return false;
    const key = unwrap(x.index);
    const b = baseIdentifier(x.base);
    if (key.type !== 'Identifier' || key.name !== to.name || !b || program.resolve(fn, b.name)?.kind !== 'state') return false;
    return [...program.reachable(fn)].some((f) => f.writes.has(b.name));
  });
}

function readsCallerRecord(program: Program, fn: FunctionInfo): boolean {
  for (const f of program.reachable(fn)) {
    if (!f.node.body) continue;
    let found = false;
    const visit = (n: ASTNode) => {
      if (found) return;
      if (n.type === 'IndexAccess' && n.index && isSender(unparen(n.index))) {
        const b = baseIdentifier(n.base);
        if (b && program.resolve(f, b.name)?.kind === 'state') found = true;
      }
      forEachChild(n, visit);
    };
    visit(f.node.body);
    if (found) return true;
  }
  return false;
}

/**
 * A chosen amount that a revert-on-failure check compares (`require(amount <= credit)`)
 * or that is subtracted in a store (`info.deposit = current - amount`, `bal -= amount`,
 * checked arithmetic or not): the caller cannot take more than was recorded.
 */
function boundedOrDebited(program: Program, fn: FunctionInfo, v: ASTNode): boolean {
  const x = unparen(v);
  if (x.type !== 'Identifier') return false;
  const name = x.name;
  const mentions = (e: ASTNode | null | undefined): boolean => {
    if (!e) return false;
    let hit = false;
    const visit = (n: ASTNode) => {
      if (hit) return;
      if (n.type === 'Identifier' && n.name === name) hit = true;
      else forEachChild(n, visit);
    };
    visit(e);
    return hit;
  };
  const compares = (c: ASTNode): boolean => {
    let hit = false;
    const visit = (n: ASTNode) => {
      if (hit) return;
      if (n.type === 'BinaryOperation' && ['<', '<=', '>', '>='].includes(n.operator) && (mentions(n.left) || mentions(n.right))) hit = true;
      else forEachChild(n, visit);
    };
    visit(c);
    return hit;
  };
  let found = false;
  const body = fn.node.body;
  if (!body) return false;
  const visit = (n: ASTNode) => {
    if (found) return;
    if (n.type === 'FunctionCall') {
      const cond = program.requireLike(n);
      if (cond && compares(cond)) return void (found = true);
    }
    if (n.type === 'IfStatement' && isAbort(n.trueBody as ASTNode) && compares(n.condition)) return void (found = true);
    if (n.type === 'BinaryOperation') {
      if (n.operator === '-=' && mentions(n.right)) return void (found = true);
      if (n.operator === '=' && unparen(n.right).type === 'BinaryOperation') {
        const r = unparen(n.right) as Extract<ASTNode, { type: 'BinaryOperation' }>;
        if (r.operator === '-' && mentions(r.right)) return void (found = true);
      }
    }
    forEachChild(n, visit);
  };
  visit(body);
  return found;
}

/** A literal, a constant, or a parameter as given: an amount nobody recorded. */
function fixedOrChosen(program: Program, fn: FunctionInfo, v: ASTNode): boolean {
  const x = unparen(v);
  if (x.type === 'NumberLiteral') return true;
  if (x.type === 'Identifier') {
    const r = program.resolve(fn, x.name);
    if (!r) return false;
    if (r.kind === 'param') return true;
    return r.kind === 'state' && (r.v.constant || r.v.immutable);
  }
  return false;
}
