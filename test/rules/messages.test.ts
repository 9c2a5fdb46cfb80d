/**
 * Message ids: `defineRule` validates `meta.messages` at load, and a report
 * resolves its `messageId` against them (the only message by default).
 */
import assert from 'node:assert/strict';
import { defineRule, findingOf, messageIdOf, RuleDefinitionError } from '../../engine/src/rules/framework';
import type { RuleMeta } from '../../engine/src/types';

const META: RuleMeta = {
  id: 'some-rule',
  title: 'Some rule',
  category: 'quality',
  severity: 'low',
  confidence: 'high',
  description: 'A rule for this test.',
  messages: { 'first-kind': 'The first kind of finding', 'second-kind': 'The second kind of finding' },
  fix: 'none',
};
const ONE: RuleMeta = { ...META, messages: { 'only-kind': 'The only kind of finding' } };
const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };

describe('rule messages', () => {
  it('defineRule accepts declared messages and rejects missing, empty, non-kebab or multi-line ones', () => {
    assert.doesNotThrow(() => defineRule({ meta: META, create: () => ({}) }));
    const bad = (messages: unknown) => () => defineRule({ meta: { ...META, messages } as RuleMeta, create: () => ({}) });
    assert.throws(bad(undefined), RuleDefinitionError);
    assert.throws(bad({}), /at least one message/);
    assert.throws(bad({ FirstKind: 'x' }), /kebab-case/);
    assert.throws(bad({ 'first-kind': '' }), /one-line description/);
    assert.throws(bad({ 'first-kind': 'two\nlines' }), /one-line description/);
  });

  it('a report names a declared id; only a rule with one message may leave it out', () => {
    assert.equal(messageIdOf(META, 'second-kind'), 'second-kind');
    assert.equal(messageIdOf(ONE, undefined), 'only-kind');
    assert.throws(() => messageIdOf(META, undefined), /must name its messageId/);
    assert.throws(() => messageIdOf(META, 'third-kind'), /does not declare/);
    assert.throws(() => messageIdOf(META, 'toString'), /does not declare/);
  });

  it('findings carry the message id', () => {
    assert.equal(findingOf(META, 'A.sol', range, 'text', [], 'first-kind').messageId, 'first-kind');
    assert.equal(findingOf(ONE, 'A.sol', range, 'text').messageId, 'only-kind');
  });
});
