import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule } from '../framework';
import { forEachChild } from '../../facts/ast-index';
import { calleeOf, isSender, requireCondition, unparen } from '../../facts/ast-util';
import { programFact, type FunctionInfo, type Program } from '../../facts/program';
import { taintFact } from '../../facts/taint';

const HASH = new Set(['keccak256', 'sha3', 'sha256', 'ripemd160']);

/** The address paid, through conversions: `payable(msg.sender)` → `msg.sender`. */
function payee(target: ASTNode): ASTNode {
  let t = unparen(target);
  while (t.type === 'FunctionCall' && t.arguments.length === 1 && (t.expression.type === 'Identifier' || t.expression.type === 'ElementaryTypeName')) t = unparen(t.arguments[0]);
  return t;
}

/** The payee is one of `names`, a state variable, through conversions (`payable(winner)`). */
function paysState(program: Program, f: FunctionInfo, target: ASTNode, names: Set<string>): boolean {
  const t = payee(target);
  return t.type === 'Identifier' && names.has(t.name) && program.resolve(f, t.name)?.kind === 'state';
}

export default defineRule({
  meta: {
    id: 'front-running',
    title: 'Transaction-order dependence',
    category: 'security',
    severity: 'medium',
    confidence: 'medium',
    swc: 'SWC-114',
    description: 'A caller is paid for a secret revealed in the open, or paid an amount a privileged account can change while the claim is pending; the mempool is public, so others can act first.',
    messages: {
      'changeable-payout': 'The caller is paid an amount that a privileged function can change at any time',
      'reveal-reward': 'The caller is paid for revealing a value that matches a hash, visible in the mempool',
    },
    fix: 'none',
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        const program = ctx.fact(programFact);
        const taint = ctx.fact(taintFact);
        // A reward paid to whoever claims, whose size a privileged account can change at any
        // moment: the owner sees the claim in the mempool and changes the amount first.
        const adminSet = new Set<string>();
        for (const f of program.functions) {
          if (f.kind === 'constructor' || !program.isProtected(f)) continue;
          for (const [name, nodes] of f.writes) if (nodes.some((n) => n.type === 'BinaryOperation' && unparen(n.left).type === 'Identifier')) adminSet.add(name);
        }
        for (const fn of program.functions) {
          if (!fn.isEntry || program.isProtected(fn) || !fn.node.body) continue;
          for (const c of fn.externalCalls) {
            if (!c.value || !isSender(payee(c.target))) continue;
            const v = unparen(c.value);
            if (v.type === 'Identifier' && adminSet.has(v.name) && program.resolve(fn, v.name)?.kind === 'state') {
              ctx.report({ node: c.node, messageId: 'changeable-payout', message: `${fn.name}() pays the caller \`${v.name}\`, which a privileged function can change at any time: a claim in the mempool can be front-run by a change of the amount (or the reverse). Let claimants state the amount they expect and check it.` });
            }
          }
        }
        for (const fn of program.functions) {
          if (!fn.isEntry || program.isProtected(fn) || !fn.node.body) continue;
          const paysCaller = [...program.reachable(fn)].some((f) => f.externalCalls.some((c) => c.value !== undefined && isSender(payee(c.target))));
          // Or it records the caller (`winner = msg.sender`) in state that another entry, here or in a
          // base in another file, pays out on: the reward is claimed later, but won here.
          const recorded = new Set<string>();
          for (const [name, nodes] of fn.writes) {
            if (program.resolve(fn, name)?.kind !== 'state') continue;
            if (nodes.some((n) => n.type === 'BinaryOperation' && n.operator === '=' && isSender(unparen(n.right)))) recorded.add(name);
          }
          const paysRecorded =
            recorded.size > 0 &&
            program.entriesOf(fn.contract).some(
              (e) =>
                e !== fn &&
                [...program.reachable(e)].some((f) => f.externalCalls.some((c) => c.value !== undefined && (isSender(payee(c.target)) || paysState(program, f, c.target, recorded)))) &&
                [...recorded].some((r) => program.readsOf(e).has(r)),
            );
          if (!paysCaller && !paysRecorded) continue;
          // The first require/if condition that hashes a value carrying `source` (the caller's input, or the caller).
          const hashGate = (source: 'param' | 'sender'): ASTNode | undefined => {
            let found: ASTNode | undefined;
            const hashes = (n: ASTNode): boolean => {
              if (n.type === 'FunctionCall') {
                const { callee } = calleeOf(n);
                if (callee.type === 'Identifier' && HASH.has(callee.name) && n.arguments.some((a) => taint.of(fn, a).has(source))) return true;
              }
              let hit = false;
              forEachChild(n, (c) => (hit = hit || hashes(c)));
              return hit;
            };
            const visit = (n: ASTNode) => {
              if (found) return;
              const cond = requireCondition(n) ?? (n.type === 'IfStatement' ? n.condition : undefined);
              if (cond && hashes(cond)) found = cond;
              forEachChild(n, visit);
            };
            visit(fn.node.body!);
            return found;
          };
          const gate = hashGate('param');
          if (!gate) continue;
          // A reveal checked against an earlier commitment that binds the caller (commit-reveal) cannot be copied.
          if (hashGate('sender')) continue;
          ctx.report({ node: gate, messageId: 'reveal-reward', message: `${fn.name}() pays the caller for revealing a value that matches a hash: the value is visible in the mempool as soon as it is sent, so anyone can copy it with a higher gas price and take the reward. Use commit-reveal (commit a hash bound to msg.sender first, reveal later).` });
        }
      },
    };
  },
});
