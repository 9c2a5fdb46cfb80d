import { defineRule, type NodeOf } from '../framework';
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { baseIdentifier, isAbort, isAssignment, isIdent, isLoop, isSender, requireCondition, unparen } from '../../facts/ast-util';
import { forEachChild } from '../../facts/ast-index';
import { programFact, type ExternalCall, type FunctionInfo } from '../../facts/program';
import { boundArguments, definitionsOf } from '../../facts/value-flow';
import { structConstruction } from '../../facts/declarations';

export default defineRule({
  meta: {
    id: 'calls-in-loop-dos',
    title: 'External call inside a loop',
    category: 'security',
    severity: 'low',
    confidence: 'medium',
    swc: 'SWC-113',
    description: 'An external call (or ETH payment) inside a loop: one failing or gas-hungry recipient blocks every other iteration.',
    messages: {
      'helper-call-in-loop': 'A function that makes an external call is called inside a loop',
      'single-payee-in-loop': 'A helper that pays the same recipient on every iteration is called inside a loop',
      'stored-recipient-payment': 'A payment to an address from storage whose failure reverts the whole call',
      'payment-in-loop': 'ETH is pushed to recipients inside a loop',
      'caller-batch': 'ETH is sent in a loop to recipients the caller lists in the same call',
      'caller-list-loop': 'A call inside a loop over the list the caller passes in the same call (low)',
      'call-in-loop': 'An external call inside a loop',
    },
    fix: 'none',
    aliases: { slither: ['calls-loop'], aderyn: ['require-revert-in-loop'], '4naly3er': ['L/extCallLoop'] },
  },
  create(ctx) {
    // transfer reverts by itself; send and call revert when their flag is required.
    const revertsOnFailure = (call: ExternalCall): boolean => {
      if (call.kind === 'transfer') return true;
      if (call.kind !== 'send' && !(call.kind === 'call' && call.value)) return false;
      let p: ASTNode | undefined = ctx.parent(call.node);
      while (p && (p.type === 'TupleExpression' || (p.type === 'UnaryOperation' && p.operator === '!'))) p = ctx.parent(p);
      if (!p) return false;
      if (requireCondition(p)) return true;
      return p.type === 'IfStatement' && isAbort(p.trueBody as ASTNode);
    };
    const paysStoredRecipient = (call: ExternalCall): boolean => {
      const t = unparen(call.target);
      if (isSender(t)) return false;
      const b = baseIdentifier(t.type === 'FunctionCall' && t.arguments.length === 1 ? t.arguments[0] : t);
      return !!b && ctx.fact(programFact).resolve(call.fn, b.name)?.kind === 'state';
    };
    /**
     * A value read from the function's own arguments (`calls[i].target`, a local copied from
     * one), not from storage. `fields` is the access path still to apply to what `e` names
     * (`.params`, `[]` for an element): a member of a struct built in the function
     * (`Args(kind, list, …).list`) comes from the argument given for that member, and an element
     * of a memory array created in the function (`new address[](1)`) from the values stored into it.
     */
    const fromArguments = (fn: FunctionInfo, e: ASTNode, depth = 0, fields: string[] = []): boolean => {
      if (depth > 4) return false;
      const u = unparen(e);
      let x = u.type === 'FunctionCall' && u.arguments.length === 1 && !(u.expression.type === 'Identifier' && structConstruction(ctx, fn, u)) ? unparen(u.arguments[0]) : u;
      // The access path from the base name outwards, then the path the caller still applies.
      const path: string[] = [];
      while (x.type === 'MemberAccess' || x.type === 'IndexAccess' || x.type === 'IndexRangeAccess') {
        path.unshift(x.type === 'MemberAccess' ? x.memberName : '[]');
        x = unparen(x.type === 'MemberAccess' ? x.expression : x.base);
      }
      if (x.type !== 'Identifier') return false;
      const full = [...path, ...fields];
      const b = x;
      const r = ctx.fact(programFact).resolve(fn, b.name);
      if (!r || r.kind === 'state') return false;
      if (r.kind === 'param') return fn.isEntry || passedFromArguments(fn, b.name, depth, full);
      const defs = definitionsOf(ctx, fn, b.name);
      return defs.length > 0 && defs.every((d) => d !== 'assembly' && definedFromArguments(fn, b.name, d, depth, full));
    };
    /** One definition `d` of the local `name`, read along `full` (see `fromArguments`). */
    const definedFromArguments = (fn: FunctionInfo, name: string, d: ASTNode, depth: number, full: string[]): boolean => {
      const x = unparen(d);
      if (x.type === 'FunctionCall') {
        const built = structConstruction(ctx, fn, x);
        if (built) {
          if (full.length === 0) return [...built.fields.values()].every((a) => fromArguments(fn, a, depth + 1));
          const a = built.fields.get(full[0]);
          return !!a && fromArguments(fn, a, depth + 1, full.slice(1));
        }
        // `new T[](n)`: its elements are the values stored into it here.
        if (x.expression.type === 'NewExpression') {
          if (full.length > 0 && full[0] !== '[]') return false;
          const stored = elementsStored(fn, name);
          return !!stored && stored.every((v) => fromArguments(fn, v, depth + 1, full.slice(1)));
        }
      }
      return fromArguments(fn, x, depth + 1, full);
    };
    /**
     * The values stored into elements of the local array `name` (`a[k] = v`, and `(a[0], b[0]) = (v, w)`);
     * undefined when one cannot be told (a tuple returned by a call, assembly).
     */
    const elementsStored = (fn: FunctionInfo, name: string): ASTNode[] | undefined => {
      const body = fn.node.body;
      if (!body) return undefined;
      const out: ASTNode[] = [];
      let unknown = false;
      const isElement = (t: ASTNode | null | undefined) => {
        const u = t ? unparen(t) : undefined;
        return u?.type === 'IndexAccess' && isIdent(unparen(u.base), name);
      };
      const visit = (n: ASTNode) => {
        if (unknown) return;
        if (n.type === 'InlineAssemblyStatement') unknown = true;
        else if (isAssignment(n) && n.type === 'BinaryOperation') {
          const left = unparen(n.left);
          if (isElement(left)) (n.operator === '=' ? out.push(n.right) : (unknown = true));
          else if (left.type === 'TupleExpression') {
            const right = unparen(n.right);
            left.components.forEach((c, i) => {
              if (!isElement(c as ASTNode | null)) return;
              const v = right.type === 'TupleExpression' ? right.components[i] : undefined;
              if (v) out.push(v as ASTNode);
              else unknown = true;
            });
          }
        }
        forEachChild(n, visit);
      };
      visit(body);
      return unknown ? undefined : out;
    };
    /**
     * An internal function's parameter that every internal call site fills from its own
     * caller's arguments: the batch an entry was handed, passed down to the function that
     * loops over it. A function no call site reaches (or one passed storage) does not count.
     */
    let sites: Map<FunctionInfo, Array<{ caller: FunctionInfo; node: NodeOf<'FunctionCall'> }>> | undefined;
    const passedFromArguments = (fn: FunctionInfo, name: string, depth: number, fields: string[] = []): boolean => {
      if (fn.node.type !== 'FunctionDefinition') return false;
      const k = (fn.node.parameters ?? []).findIndex((p) => p.name === name);
      if (k < 0) return false;
      if (!sites) {
        sites = new Map();
        for (const g of ctx.fact(programFact).functions) {
          for (const ic of g.internalCalls) {
            const list = sites.get(ic.target) ?? [];
            list.push({ caller: g, node: ic.node });
            sites.set(ic.target, list);
          }
        }
      }
      const calls = sites.get(fn) ?? [];
      if (calls.length === 0) return false;
      return calls.every(({ caller, node }) => {
        if (((node as { names?: string[] }).names ?? []).length > 0) return false;
        // `lib.f(x)` bound by using-for passes the receiver first.
        const arg = boundArguments(node, fn)[k];
        return !!arg && caller !== fn && fromArguments(caller, arg, depth + 1, fields);
      });
    };
    /** The argument the loop passes for the helper's parameter that `out` pays, when it pays one. */
    const payeeArg = (site: NodeOf<'FunctionCall'>, helper: FunctionInfo, out: ExternalCall): ASTNode | undefined => {
      if (out.fn !== helper || helper.node.type !== 'FunctionDefinition') return undefined;
      const t = unparen(out.target);
      const b = baseIdentifier(t.type === 'FunctionCall' && t.arguments.length === 1 ? t.arguments[0] : t);
      if (!b || ctx.fact(programFact).resolve(helper, b.name)?.kind !== 'param') return undefined;
      const k = (helper.node.parameters ?? []).findIndex((p) => p.name === b.name);
      const names = (site as { names?: string[] }).names ?? [];
      const arg = names.length > 0 ? site.arguments[names.indexOf(b.name)] : site.arguments[k];
      return k < 0 ? undefined : arg;
    };
    /**
     * The helper pays an address it takes as a parameter, and the loop hands it the same
     * value on every iteration: `msg.sender`, or a variable nothing in the loop assigns.
     */
    const onePayee = (fn: FunctionInfo, site: NodeOf<'FunctionCall'>, helper: FunctionInfo, out: ExternalCall): ASTNode | undefined => {
      const arg = payeeArg(site, helper, out);
      if (!arg) return undefined;
      let loop: ASTNode | undefined = fn.file.index.parent(site);
      while (loop && !isLoop(loop)) loop = fn.file.index.parent(loop);
      if (!loop) return undefined;
      const a = unparen(arg);
      if (isSender(a)) return arg;
      const v = baseIdentifier(a.type === 'FunctionCall' && a.arguments.length === 1 ? a.arguments[0] : a);
      if (!v || v !== (a.type === 'FunctionCall' ? unparen(a.arguments[0]) : a) || !ctx.fact(programFact).resolve(fn, v.name)) return undefined;
      return assignsIn(loop, v.name) ? undefined : arg;
    };
    /** `x.length` of a list from the function's arguments, or a local copied from one. */
    const argumentLength = (fn: FunctionInfo, e: ASTNode, depth = 0): boolean => {
      const b = unparen(e);
      if (b.type === 'MemberAccess') return b.memberName === 'length' && fromArguments(fn, b.expression);
      if (b.type !== 'Identifier' || depth > 3 || ctx.fact(programFact).resolve(fn, b.name)?.kind !== 'local') return false;
      const defs = definitionsOf(ctx, fn, b.name);
      return defs.length > 0 && defs.every((d) => d !== 'assembly' && argumentLength(fn, d, depth + 1));
    };
    /**
     * Some loop around `node` (in `fn`) runs over a list the caller passes in this call: its
     * condition bounds the counter by that list's length. Every iteration is an item the caller
     * chose, so a callee that reverts fails only the caller's own batch.
     */
    const overCallerList = (fn: FunctionInfo, node: ASTNode): boolean => {
      for (let p = fn.file.index.parent(node); p && p !== fn.node; p = fn.file.index.parent(p)) {
        if (!isLoop(p)) continue;
        // `for (;;)` has no condition: nothing bounds it by a list.
        const raw = (p.type === 'ForStatement' ? p.conditionExpression : (p as NodeOf<'WhileStatement'>).condition) as ASTNode | null | undefined;
        if (!raw) continue;
        const cond = unparen(raw);
        if (cond.type !== 'BinaryOperation') continue;
        const bound = cond.operator === '<' || cond.operator === '<=' || cond.operator === '!=' ? cond.right : cond.operator === '>' || cond.operator === '>=' ? cond.left : undefined;
        if (bound && argumentLength(fn, bound)) return true;
      }
      return false;
    };
    return {
      'SourceUnit:exit'() {
        const program = ctx.fact(programFact);
        for (const fn of program.functions) {
          // A helper (here or in a base in another file) that calls out, called inside a loop here.
          const seenHelpers = new Set<ASTNode>();
          for (const ic of fn.internalCalls) {
            if (seenHelpers.has(ic.node) || !program.isInLoop(ic.node, fn)) continue;
            const out = [...program.reachable(ic.target)].flatMap((g) => g.externalCalls).find((c) => !c.static && !isIdent(unparen(c.target), 'this') && c.kind !== 'staticcall');
            if (!out) continue;
            seenHelpers.add(ic.node);
            // Paying a fixed address (wrapping ETH in the contract's own WETH) cannot be blocked by a recipient;
            // a call whose value is always zero pays nobody; and a loop that pays one recipient on every
            // iteration (the same parameter each time) can only be blocked by that recipient, for itself.
            const paysSomeone =
              (out.kind === 'send' || out.kind === 'transfer' || (out.value !== undefined && !program.zeroValue(out.fn, out.value))) && !program.fixedAddress(out.fn, out.target);
            const payee = paysSomeone ? onePayee(fn, ic.node, ic.target, out) : undefined;
            if (payee) {
              ctx.report({
                node: ic.node,
                messageId: 'single-payee-in-loop',
                message: `${ic.target.name}() pays \`${ctx.text(payee)}\` on every iteration of this loop: a recipient that rejects ETH fails only its own payments, but any other callee the helper reaches (a token that reverts) still stops the loop.`,
              });
              continue;
            }
            // Recipients the caller lists in this call, paid one by one through the helper.
            const listed = paysSomeone ? payeeArg(ic.node, ic.target, out) : undefined;
            if (listed && fromArguments(fn, listed)) {
              ctx.report({
                node: ic.node,
                messageId: 'caller-batch',
                message: `${ic.target.name}() pays each recipient the caller lists in this call: one that reverts fails the whole batch, but only the caller's own. Allow a failure per item if partial success is wanted.`,
              });
              continue;
            }
            const pays = paysSomeone;
            if (overCallerList(fn, ic.node)) {
              ctx.report({
                node: ic.node,
                messageId: 'caller-list-loop',
                message: `${ic.target.name}() makes an external call (${out.member}) in a loop over the list the caller passes in this call: a callee that reverts${pays ? ' or rejects ETH' : ''} fails the whole batch, but only the caller's own, who can send it again without that item. Allow a failure per item if partial success is wanted.`,
              });
              continue;
            }
            ctx.report({
              node: ic.node,
              severity: pays ? 'medium' : undefined,
              messageId: 'helper-call-in-loop',
              message: `${ic.target.name}() makes an external call (${out.member}) and is called inside a loop: one callee that reverts${pays ? ' or rejects ETH' : ' or burns gas'} stops the whole loop. Isolate failures or let recipients act one at a time.`,
            });
          }
          for (const call of fn.externalCalls) {
            if (!call.inLoop) {
              if (revertsOnFailure(call) && paysStoredRecipient(call) && program.openToAnyone(fn)) {
                ctx.report({ node: call.node, messageId: 'stored-recipient-payment', message: `This payment goes to \`${ctx.text(call.target)}\`, an address taken from storage, and its failure reverts the whole call: if that recipient is a contract that rejects ETH, ${fn.name || fn.kind}() fails for everyone from then on. Record what is owed and let the recipient withdraw it.` });
              }
              continue;
            }
            // Batching calls to this contract itself (multicall) cannot be blocked by a stranger.
            const t = unparen(call.target);
            if (t.type === 'FunctionCall' && t.arguments.length === 1 && isIdent(unparen(t.arguments[0]), 'this')) continue;
            const pays = (call.kind === 'send' || call.kind === 'transfer' || (call.value !== undefined && !program.zeroValue(fn, call.value))) && !program.fixedAddress(fn, call.target);
            // Recipients the caller lists in this very call (a multicall's targets, a batch of
            // payees passed in): one that reverts fails only the caller's own batch.
            if (pays && fromArguments(fn, call.target)) {
              ctx.report({
                node: call.node,
                messageId: 'caller-batch',
                message: `ETH is sent inside a loop to recipients the caller lists in this call: one that reverts fails the whole batch, but only the caller's own. Allow a failure per item if partial success is wanted.`,
              });
              continue;
            }
            if (overCallerList(fn, call.node)) {
              ctx.report({
                node: call.node,
                messageId: 'caller-list-loop',
                message: `External call in a loop over the list the caller passes in this call: a callee that reverts${pays ? ' or rejects ETH' : ''} fails the whole batch, but only the caller's own, who can send it again without that item. Allow a failure per item if partial success is wanted.`,
              });
              continue;
            }
            ctx.report({
              node: call.node,
              severity: pays ? 'medium' : undefined,
              messageId: pays ? 'payment-in-loop' : 'call-in-loop',
              message: pays
                ? 'ETH is pushed to recipients inside a loop: one recipient that reverts (or a list that grows too long) blocks everyone’s payment. Let recipients withdraw instead (pull payments).'
                : 'External call inside a loop: one callee that reverts or burns gas stops the whole loop. Isolate failures or let callers act one at a time.',
            });
          }
        }
      },
    };
  },
});

/** Whether anything inside `loop` (its header included) assigns or declares `name`. */
function assignsIn(loop: ASTNode, name: string): boolean {
  let found = false;
  const isName = (n: ASTNode | null | undefined) => !!n && (n = unparen(n)).type === 'Identifier' && n.name === name;
  const visit = (n: ASTNode) => {
    if (found) return;
    if (isAssignment(n) && isName(baseIdentifier((n as NodeOf<'BinaryOperation'>).left) ?? null)) found = true;
    else if (n.type === 'BinaryOperation' && isAssignment(n) && unparen(n.left).type === 'TupleExpression' && (unparen(n.left) as NodeOf<'TupleExpression'>).components.some((c) => isName(c as ASTNode | null))) found = true;
    else if (n.type === 'UnaryOperation' && (n.operator === '++' || n.operator === '--') && isName(n.subExpression)) found = true;
    else if (n.type === 'VariableDeclaration' && n.name === name) found = true;
    forEachChild(n, visit);
  };
  visit(loop);
  return found;
}
