/**
 * The registry, the docs and the fixtures agree: every rule has a doc page
 * with the house sections, a valid and an invalid fixture, and a fixed output
 * when it offers fixes; every fixture folder and doc page belongs to a rule.
 * Every rule declares its messages, reports only those, and each message is
 * the message id of at least one fixture expectation.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { listRules } from '../../engine/src';
import { fixtureDirs, readExpectations, RULE_FIXTURES } from './fixture-util';

const ROOT = path.resolve(__dirname, '../..');
/** Rules reported by the compiler in the deep tier; their tests are the deep-tier tests. */
const DEEP_ONLY = new Set(['compiler-error', 'compiler-warning', 'unresolved-import']);
/**
 * Messages that no fixture can show, as `<rule>/<message-id>`, each with the reason.
 * Every other message of a rule with fixtures must appear in an expectation.
 */
const NO_FIXTURE_MESSAGES: Record<string, string> = {
  'analysis-incomplete/time-limit': 'reported only when the analysis runs out of its time budget, which depends on the machine',
};
const MESSAGE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The text of every `ctx.report(…)` call in a rule's source, found by matching brackets outside strings. */
function reportCalls(source: string): string[] {
  const calls: string[] = [];
  for (let at = source.indexOf('ctx.report('); at >= 0; at = source.indexOf('ctx.report(', at + 1)) {
    // A stack of what is open: brackets, and string or template literals (whose `${` opens code again).
    const open: string[] = [];
    let i = at + 'ctx.report'.length;
    for (; i < source.length; i++) {
      const c = source[i];
      const top = open[open.length - 1];
      if (top === "'" || top === '"' || top === '`') {
        if (c === '\\') i++;
        else if (c === top) open.pop();
        else if (top === '`' && c === '$' && source[i + 1] === '{') {
          open.push('${');
          i++;
        }
        continue;
      }
      if (c === "'" || c === '"' || c === '`') open.push(c);
      else if (c === '(' || c === '[' || c === '{') open.push(c);
      else if (c === ')' || c === ']' || c === '}') {
        open.pop();
        if (open.length === 0) break;
      }
    }
    calls.push(source.slice(at, i + 1));
  }
  return calls;
}

/** The message ids of every fixture expectation, as `<rule>/<message-id>`. */
function exercisedMessages(): Set<string> {
  const out = new Set<string>();
  for (const d of fixtureDirs()) {
    for (const f of d.files) {
      for (const e of readExpectations(fs.readFileSync(path.join(d.dir, f), 'utf8'), d.ruleId).expected) out.add(`${d.ruleId}/${e.messageId}`);
    }
  }
  return out;
}

describe('rule registry, docs and fixtures agree', () => {
  const rules = listRules();
  const dirs = new Map(fixtureDirs().map((d) => [d.ruleId, d]));
  const exercised = exercisedMessages();

  it('has the rules the catalogue asks for', () => {
    assert.ok(rules.length >= 80, `${rules.length} rules`);
    assert.ok(rules.filter((r) => r.category === 'gas').length >= 27);
  });

  for (const r of rules) {
    describe(r.id, () => {
      it('has a doc page with the house sections in order', () => {
        const page = path.join(ROOT, 'docs/rules', `${r.id}.md`);
        assert.ok(fs.existsSync(page), `docs/rules/${r.id}.md is missing`);
        const text = fs.readFileSync(page, 'utf8');
        assert.match(text, new RegExp(`^# ${r.id}\\b`), 'the page starts with "# <id>"');
        const order = ['## Why it matters', ...(r.category === 'security' ? ['## Exploit scenario'] : []), '## Fix', '## References'];
        let last = -1;
        for (const h of order) {
          const at = text.indexOf(h);
          assert.ok(at > last, `"${h}" present and in order`);
          last = at;
        }
        if (r.category === 'gas') assert.match(text, /## Gas impact/);
      });
      it('declares its messages, and reports only declared ones', () => {
        const ids = Object.keys(r.messages ?? {});
        assert.ok(ids.length > 0, 'meta.messages declares at least one message');
        for (const id of ids) {
          assert.match(id, MESSAGE_ID, `message id "${id}" is kebab-case`);
          assert.ok(r.messages[id].trim() !== '' && !/[\r\n]/.test(r.messages[id]), `message ${id} has a one-line description`);
        }
        const file = path.join(ROOT, 'engine/src/rules', r.category, `${r.id}.ts`);
        assert.ok(fs.existsSync(file), `${path.relative(ROOT, file)} is the rule's source`);
        for (const call of reportCalls(fs.readFileSync(file, 'utf8'))) {
          const named = /\bmessageId:\s*([^,\n]+)/.exec(call);
          // A rule with one message may leave it implicit; with several, each report must say which.
          if (ids.length > 1) assert.ok(named, `a report of a rule with several messages names its messageId: ${call.slice(0, 120)}`);
          for (const [, id] of (named?.[1] ?? '').matchAll(/'([^']*)'/g)) assert.ok(ids.includes(id), `messageId "${id}" is declared in meta.messages`);
        }
      });
      if (DEEP_ONLY.has(r.id)) return;
      it('has a fixture expectation for each of its messages', () => {
        const missing = Object.keys(r.messages).filter((id) => !exercised.has(`${r.id}/${id}`) && !NO_FIXTURE_MESSAGES[`${r.id}/${id}`]);
        assert.deepEqual(missing, [], `messages of ${r.id} that no // expect: ${r.id}@<column>:<message-id> shows`);
      });
      it('has valid and invalid fixtures, and a fixed output when it fixes', () => {
        const d = dirs.get(r.id);
        assert.ok(d, `test/rules/${r.id}/ is missing`);
        assert.ok(d.files.some((f) => f.startsWith('invalid')), 'an invalid*.sol fixture');
        assert.ok(d.files.some((f) => f.startsWith('valid')), 'a valid*.sol fixture');
        for (const f of d.files.filter((x) => x.startsWith('valid'))) {
          assert.match(fs.readFileSync(path.join(d.dir, f), 'utf8'), /^\/\/ expect: none/, `${f} starts with // expect: none`);
        }
        if (r.fix !== 'none') {
          const fixed = fs.readdirSync(d.dir).filter((f) => f.endsWith('.fixed.sol'));
          assert.ok(fixed.length > 0, `rule declares fix: ${r.fix} but has no *.fixed.sol`);
        }
      });
    });
  }

  it('lists only declared, unexercised messages as having no fixture', () => {
    for (const key of Object.keys(NO_FIXTURE_MESSAGES)) {
      const [rule, id] = key.split('/');
      assert.ok(rules.find((r) => r.id === rule)?.messages[id], `${key} is a declared message`);
      assert.ok(!exercised.has(key), `${key} has a fixture now; remove it from NO_FIXTURE_MESSAGES`);
    }
  });

  it('every fixture folder and doc page belongs to a registered rule', () => {
    const ids = new Set(rules.map((r) => r.id));
    for (const id of dirs.keys()) assert.ok(ids.has(id), `test/rules/${id}/ has no rule`);
    for (const f of fs.readdirSync(path.join(ROOT, 'docs/rules'))) assert.ok(ids.has(f.replace(/\.md$/, '')), `docs/rules/${f} has no rule`);
    assert.ok(fs.existsSync(RULE_FIXTURES));
  });
});
