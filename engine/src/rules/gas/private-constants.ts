import type { RawComment } from '../../parse';
import { defineRule } from '../framework';
import { contractInfo } from '../../facts/declarations';
import { memberCallSite } from '../../facts/member-calls';

export default defineRule({
  meta: {
    id: 'private-constants',
    title: 'Public constant generates a getter',
    category: 'gas',
    severity: 'info',
    confidence: 'high',
    description: 'A `public` constant or immutable gets an external getter function, which adds bytecode and a selector; `internal` keeps the value usable without it.',
    messages: { 'public-constant': 'A public constant or immutable for which the compiler generates a getter' },
    fix: 'unsafe',
    aliases: { '4naly3er': ['GAS/privateForConstants'] },
  },
  create(ctx) {
    return {
      StateVariableDeclaration(node) {
        for (const v of node.variables) {
          if (!(v.isDeclaredConst || v.isImmutable) || v.visibility !== 'public' || !v.identifier || v.override) continue;
          const [start] = ctx.offsets(v);
          const nameStart = ctx.offsets(v.identifier)[0];
          const head = ctx.source.slice(start, nameStart);
          const m = /\bpublic\b/.exec(head);
          if (!m) continue;
          // A getter that a base or an interface declares (`function FEE() external view returns (uint256)`)
          // implements it, with or without `override` (optional since 0.8.8): without the getter the
          // contract no longer compiles ("should be marked abstract"). No finding: the getter is needed.
          const contract = ctx.index.enclosing(node, 'ContractDefinition');
          const info = contract && contractInfo(ctx, contract);
          if (info?.lineage.slice(1).some((b) => b.functions.some((f) => f.kind === 'function' && f.name === v.name))) continue;
          // Code that calls the getter (`token.FEE()`, here or in a file importing this one) reads it:
          // it would not compile without the getter. No finding either.
          if (memberCallSite(ctx, v.name ?? '', 0)) continue;
          // A base whose declaration is not in the closure may declare it: offer no fix then. Nor
          // where NatSpec other than @dev documents it (`/// The fee`, `@notice`): solc rejects that
          // on a non-public state variable ("Documentation tag @notice not valid for non-public
          // state variables").
          const unknownBases = !!info && info.externalBases.length > 0;
          const publicDocs = natspecBefore(ctx.parsed.comments, ctx.source, start).some((d) => !/^@(dev|custom:)/.test(d));
          ctx.report({
            node: v.identifier,
            message: `${v.name} is public, so the compiler adds a getter for it; make it internal unless other contracts or off-chain code read it.`,
            fixes: unknownBases || publicDocs ? [] : [{ title: `Make ${v.name} internal`, safety: 'unsafe', reason: 'the getter leaves the ABI: code that reads it breaks', edits: [ctx.edit.replaceOffsets(start + m.index, start + m.index + 6, 'internal')] }],
          });
        }
      },
    };
  },
});

/**
 * The NatSpec sections (`@notice …`, `@dev …`, or untagged text, which is a
 * notice) of the `///` and `/** … *\/` comments right before `offset`.
 */
function natspecBefore(comments: readonly RawComment[], source: string, offset: number): string[] {
  const out: string[] = [];
  let at = offset;
  for (let i = comments.length - 1; i >= 0; i--) {
    const c = comments[i];
    if (c.end > at) continue;
    if (source.slice(c.end, at).trim() !== '') break;
    const natspec = c.kind === 'line' ? c.value.startsWith('/') : c.value.startsWith('*') && c.value !== '*';
    if (!natspec) break;
    const body = c.value
      .split(/\r?\n|\r/)
      .map((l) => l.replace(/^\s*\/?\s*\**\s?/, '').trim())
      .join('\n');
    for (const part of body.split(/\n(?=@)|^(?=@)/m)) if (part.trim()) out.push(part.trim());
    at = c.start;
  }
  return out;
}

