import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf } from '../framework';
import { declarationOf, functionsOf, isAccessControlled, unwrap, visitOnce } from '../util/ast';

const ASSIGN = /^([-+*/%|&^]|<<|>>)?=$/;

export default defineRule({
  meta: {
    id: 'missing-events',
    title: 'Privileged state change emits no event',
    category: 'quality',
    severity: 'low',
    confidence: 'medium',
    description: 'An admin function changes state without emitting an event, so users and monitors cannot see the change.',
    fix: 'none',
    aliases: { slither: ['events-access', 'events-maths'], aderyn: ['state-change-without-event'], '4naly3er': ['NC/missingEventSetters', 'NC/eventOldNew'] },
  },
  create(ctx) {
    const emits = (node: ASTNode): boolean => ctx.index.descendants(node).some((d) => d.type === 'EmitStatement');
    /** The state variable an assignment target writes, by its root name. */
    const writtenState = (target: ASTNode): string | undefined => {
      let t = unwrap(target);
      while (t.type === 'IndexAccess' || t.type === 'MemberAccess') t = unwrap(t.type === 'IndexAccess' ? t.base : t.expression);
      if (t.type !== 'Identifier') return undefined;
      return declarationOf(ctx, t, t.name)?.isStateVar ? t.name : undefined;
    };
    return visitOnce({
      FunctionDefinition(fn: NodeOf<'FunctionDefinition'>) {
        if (!fn.body || fn.isConstructor || fn.visibility === 'internal' || fn.visibility === 'private') return;
        if (fn.stateMutability === 'view' || fn.stateMutability === 'pure' || fn.stateMutability === 'constant') return;
        if (!isAccessControlled(ctx, fn)) return;
        const body = ctx.index.descendants(fn.body);
        let written: string | undefined;
        for (const d of body) {
          if (d.type === 'BinaryOperation' && ASSIGN.test(d.operator)) written ??= writtenState(d.left);
          else if (d.type === 'UnaryOperation' && ['++', '--', 'delete'].includes(d.operator)) written ??= writtenState(d.subExpression);
        }
        if (!written || emits(fn.body)) return;
        // An internal helper in the same contract may emit on the function's behalf.
        const contract = ctx.index.enclosing(fn, 'ContractDefinition');
        const helpers = new Set(body.filter((d): d is NodeOf<'FunctionCall'> => d.type === 'FunctionCall' && d.expression.type === 'Identifier').map((d) => (d.expression as NodeOf<'Identifier'>).name));
        if (contract && functionsOf(contract).some((f) => f.name && helpers.has(f.name) && f.body && emits(f.body))) return;
        ctx.report({ node: fn, message: `${fn.name ?? 'This function'} is restricted to an admin and changes ${written}, but emits no event: off-chain monitors cannot see the change. Emit an event with the old and new values.` });
      },
    });
  },
});
