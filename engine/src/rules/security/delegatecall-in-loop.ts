import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule } from '../framework';
import { programFact, type ContractInfo, type FunctionInfo, type Program } from '../../facts/program';
import { subtree } from '../../facts/ast-index';
import { isMember, isSelfAddress } from '../../facts/ast-util';

export default defineRule({
  meta: {
    id: 'delegatecall-in-loop',
    title: 'delegatecall in a loop of a payable function',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    description: 'Each delegatecall in the loop sees the same msg.value, so ETH paid once is counted once per iteration.',
    messages: {
      'payable-loop-delegatecall': 'A delegatecall inside a loop reachable from a payable function',
      'role-chosen-code': 'A payable batch delegatecalls this contract, whose own code reads no msg.value but which delegates to code a role chose',
    },
    fix: 'none',
    aliases: { slither: ['delegatecall-loop'], aderyn: ['delegatecall-in-loop'], '4naly3er': ['H/delegateCallInLoop'] },
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        const program = ctx.fact(programFact);
        for (const fn of program.functions) {
          for (const call of fn.externalCalls) {
            if (call.kind !== 'delegatecall' || !call.inLoop) continue;
            const payable = fn.payable || program.entriesReaching(fn).some((e) => e.payable);
            if (!payable) continue;
            // Each iteration runs a function of this contract that reverts on every path: nothing it credits survives.
            const runs = program.selfCallTargets(call);
            if (runs && runs.every((f) => program.alwaysReverts(f))) continue;
            // A delegatecall to this contract's own address runs only this contract's code (the
            // function the calldata names, or any of its entry points): what that code does with
            // msg.value decides whether one payment can be counted once per iteration.
            if (isSelfAddress(call.target)) {
              const seen = selfCode(program, fn, runs);
              if (seen === 'none') continue;
              if (seen === 'role-chosen') {
                ctx.report({
                  node: call.node,
                  messageId: 'role-chosen-code',
                  severity: 'low',
                  message: 'delegatecall to this contract inside a loop reachable from a payable function: every iteration sees the same msg.value. None of the contract\'s own code reads msg.value, but a function it can run delegatecalls code a role chose (a registered module, an address fixed at deployment) that this source does not show; such code that reads msg.value would credit one payment once per iteration.',
                });
                continue;
              }
            }
            ctx.report({ node: call.node, messageId: 'payable-loop-delegatecall', message: 'delegatecall inside a loop reachable from a payable function: every iteration runs with the same msg.value, so a single payment can be credited many times.' });
          }
        }
      },
    };
  },
});

/**
 * What a delegatecall of `fn` into this contract's own code can run, judged for msg.value:
 * `reads` when some of it reads msg.value (Solidity or Yul) or delegates to an address the caller
 * can choose, `role-chosen` when none of it reads msg.value but some of it delegates to code a
 * role or the deployer chose, `none` otherwise. The code is `runs` (the functions the calldata
 * names) when known, else every entry point of each deployed contract `fn` is part of (inherited
 * ones from bases in other files included), with what they reach internally: modifiers, internal
 * helpers, library functions.
 */
function selfCode(program: Program, fn: FunctionInfo, runs: FunctionInfo[] | undefined): 'reads' | 'role-chosen' | 'none' {
  const roots = runs ?? deployedWith(program, fn.contract).flatMap((c) => program.entriesOf(c));
  const seen = new Set<FunctionInfo>();
  let roleChosen = false;
  const stack = [...roots];
  while (stack.length > 0) {
    const f = stack.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const g of program.reachable(f)) if (!seen.has(g)) stack.push(g);
    const body = f.node.body;
    if (!body) continue;
    if (subtree(body).some(readsValue)) return 'reads';
    for (const x of f.externalCalls) {
      if ((x.kind !== 'delegatecall' && x.kind !== 'callcode') || isSelfAddress(x.target)) continue;
      // Code a role registered or the deployer fixed is not the caller's choice, but this source
      // does not show what it does with msg.value.
      if (program.allowlisted(f, x.target) || program.fixedAddress(f, x.target)) roleChosen = true;
      else return 'reads';
    }
  }
  return roleChosen ? 'role-chosen' : 'none';
}

/** `msg.value`, or Yul's `callvalue()`. */
function readsValue(n: ASTNode): boolean {
  return isMember(n, 'msg', 'value') || (n.type === 'AssemblyCall' && n.functionName === 'callvalue');
}

/** The contracts deployed with `c`'s code: those in the closure that derive from it (itself included), or `c` alone when none is deployable. */
function deployedWith(program: Program, c: ContractInfo): ContractInfo[] {
  const out = program.allContracts.filter((d) => d.kind === 'contract' && d.lineage.includes(c));
  return out.length > 0 ? out : [c];
}
