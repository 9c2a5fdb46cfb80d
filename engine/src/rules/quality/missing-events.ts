import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf } from '../framework';
import { unparen } from '../../facts/ast-util';
import { declarationOf } from '../../facts/declarations';
import { programFact } from '../../facts/program';

const ASSIGN = /^([-+*/%|&^]|<<|>>)?=$/;

export default defineRule({
  meta: {
    id: 'missing-events',
    title: 'Privileged state change emits no event',
    category: 'quality',
    // Production advice: test and script code is never deployed to hold value.
    testCode: false,
    severity: 'low',
    confidence: 'medium',
    description: 'An admin function changes state without emitting an event, so users and monitors cannot see the change.',
    messages: { 'no-event': 'A privileged function changes state without emitting an event' },
    fix: 'none',
    aliases: { slither: ['events-access', 'events-maths'], aderyn: ['state-change-without-event'], '4naly3er': ['NC/missingEventSetters', 'NC/eventOldNew'] },
  },
  create(ctx) {
    /** The state variable an assignment target writes, by its root name. */
    const writtenState = (target: ASTNode): string | undefined => {
      let t = unparen(target);
      while (t.type === 'IndexAccess' || t.type === 'MemberAccess') t = unparen(t.type === 'IndexAccess' ? t.base : t.expression);
      if (t.type !== 'Identifier') return undefined;
      return declarationOf(ctx, t, t.name)?.isStateVar ? t.name : undefined;
    };
    return {
      FunctionDefinition(fn: NodeOf<'FunctionDefinition'>) {
        if (!fn.body || fn.isConstructor || fn.visibility === 'internal' || fn.visibility === 'private') return;
        if (fn.stateMutability === 'view' || fn.stateMutability === 'pure' || fn.stateMutability === 'constant') return;
        // Only a privileged caller runs it (the program model's access-control answer).
        const program = ctx.fact(programFact);
        const info = program.byNode.get(fn);
        if (!info || !program.isProtected(info)) return;
        const body = ctx.index.descendants(fn.body);
        let written: string | undefined;
        for (const d of body) {
          if (d.type === 'BinaryOperation' && ASSIGN.test(d.operator)) written ??= writtenState(d.left);
          else if (d.type === 'UnaryOperation' && ['++', '--', 'delete'].includes(d.operator)) written ??= writtenState(d.subExpression);
        }
        // The function emits, or a modifier or internal function it reaches (in whichever file) emits on its behalf.
        if (!written || [...program.reachable(info)].some((f) => f.events.length > 0)) return;
        ctx.report({ node: fn, message: `${fn.name ?? 'This function'} is restricted to an admin and changes ${written}, but emits no event: off-chain monitors cannot see the change. Emit an event with the old and new values.` });
      },
    };
  },
});
