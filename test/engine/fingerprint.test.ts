import assert from 'node:assert/strict';
import { assignFingerprints } from '../../engine/src/fingerprint';
import { parse } from '../../engine/src/parse';
import { analyze, matchBaseline, makeBaseline, normaliseCode, parseBaseline, parseTriage, renderBaseline, applyTriage, TriageFileError, type Finding } from '../../engine/src';

const BANK = `// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

contract Bank {
    address owner;
    mapping(address => uint256) balances;

    function pay(address to) external {
        require(tx.origin == owner);
        balances[to] += 1;
    }

    function pay(address to, uint256 n) external {
        require(tx.origin == owner);
        balances[to] += n;
    }

    function other() external view returns (uint256) {
        return balances[msg.sender];
    }
}
`;

/** The fingerprints of one rule's findings, in source order. */
function fps(text: string, rule = 'tx-origin-auth', path = 'Bank.sol'): string[] {
  return analyze(text, { path })
    .findings.filter((f) => f.ruleId === rule)
    .map((f) => f.fingerprint!);
}

describe('finding fingerprints', () => {
  const base = fps(BANK);

  it('every finding has one, and overloads are told apart by their parameter types', () => {
    const all = analyze(BANK, { path: 'Bank.sol' }).findings;
    assert.ok(all.length > 0 && all.every((f) => typeof f.fingerprint === 'string' && f.fingerprint.length === 20));
    assert.equal(base.length, 2);
    assert.notEqual(base[0], base[1]);
  });

  it('survive moving functions, re-indenting, comments, edits in other functions and a renamed file', () => {
    const moved = BANK.replace(/(    function pay\(address to\) external \{[\s\S]*?\n    \}\n\n)(    function pay\(address to, uint256 n\)[\s\S]*?\n    \}\n)/, '$2\n$1');
    assert.notEqual(moved, BANK);
    assert.deepEqual(new Set(fps(moved)), new Set(base));
    const reindented = BANK.split('\n').map((l) => (l ? '\t' + l.replace(/    /g, '  ') : l)).join('\n');
    assert.deepEqual(fps(reindented), base);
    const commented = BANK.replace('require(tx.origin == owner);', 'require(tx.origin /* who */ == owner); // the owner').replace('contract Bank {', '/// @notice A bank.\ncontract Bank {\n\n');
    assert.deepEqual(fps(commented), base);
    const otherEdited = BANK.replace('return balances[msg.sender];', 'uint256 x = balances[msg.sender];\n        return x + 0;');
    assert.deepEqual(fps(otherEdited), base);
    assert.deepEqual(fps(BANK, 'tx-origin-auth', 'contracts/Renamed.sol'), base);
  });

  it('survive a new finding elsewhere, and count equal findings in one function apart', () => {
    const more = BANK.replace('    function other()', '    function third() external {\n        require(tx.origin == owner);\n    }\n\n    function other()');
    const after = fps(more);
    assert.equal(after.length, 3);
    assert.ok(base.every((fp) => after.includes(fp)));
    const twice = BANK.replace('        balances[to] += 1;', '        require(tx.origin == owner);\n        balances[to] += 1;');
    const t = fps(twice);
    assert.equal(t.length, 3);
    assert.equal(new Set(t).size, 3);
    assert.equal(t[0], base[0]);
  });

  it('change when the flagged code, the function signature, the contract or the rule changes', () => {
    assert.notEqual(fps(BANK.replace('require(tx.origin == owner);\n        balances[to] += 1;', 'require(tx.origin != owner);\n        balances[to] += 1;'))[0], base[0]);
    assert.notEqual(fps(BANK.replace('function pay(address to) external', 'function pay(address payable to) external'))[0], base[0]);
    assert.notEqual(fps(BANK.replace('function pay(address to) external', 'function payTo(address to) external'))[0], base[0]);
    assert.notEqual(fps(BANK.replace('contract Bank', 'contract Vault'))[0], base[0]);
  });

  it('a message id Synor renamed keeps the fingerprint it had under its old id', () => {
    const feed = `// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;
interface IFeed { function latestAnswer() external view returns (int256); }
contract Reader {
    IFeed feed;
    function price() external view returns (int256) {
        return feed.latestAnswer();
    }
}
`;
    const found = analyze(feed, { path: 'Reader.sol' }).findings.filter((f) => f.ruleId === 'oracle-checks');
    assert.equal(found.length, 1);
    assert.equal(found[0].messageId, 'answer-only-read');
    const rehash = (messageId: string) => {
      const copy = { ...found[0], messageId, fingerprint: undefined };
      assignFingerprints([copy], parse(feed));
      return copy.fingerprint;
    };
    assert.equal(rehash('deprecated-chainlink-api'), found[0].fingerprint);
    assert.notEqual(rehash('stale-answer'), found[0].fingerprint);
  });

  it('normalise code without comments and layout, strings kept', () => {
    assert.equal(normaliseCode('uint256  x =\n  1 ; // c\n/* d */'), 'uint256 x=1;');
    assert.equal(normaliseCode('a( "x  //y" )'), 'a("x  //y")');
  });
});

describe('baseline and triage data', () => {
  const findings = analyze(BANK, { path: 'Bank.sol' }).findings;

  it('a baseline is sorted, round-trips, and matches findings as a multiset', () => {
    const b = makeBaseline(findings, new Map([['Bank.sol', BANK]]));
    const text = renderBaseline(b);
    assert.equal(renderBaseline(parseBaseline(text, 'b.json')), text);
    const again = matchBaseline(analyze(BANK, { path: 'Bank.sol' }).findings, parseBaseline(text, 'b.json'));
    assert.equal(again.fresh.length, 0);
    assert.equal(again.unmatched.length, 0);
    const fixed = matchBaseline(
      findings.filter((f) => f.ruleId !== 'tx-origin-auth'),
      b,
    );
    assert.equal(fixed.unmatched.length, 2);
    assert.ok(b.findings.find((e) => e.rule === 'tx-origin-auth')!.excerpt.startsWith('tx.origin == owner'));
  });

  it('triage hides every state but confirmed, and rejects unknown states', () => {
    const [a, b] = findings.filter((f) => f.ruleId === 'tx-origin-auth') as Finding[];
    const t = parseTriage(JSON.stringify({ version: 1, findings: { [a.fingerprint!]: { state: 'false-positive', reason: 'r', author: 'x', date: '2026-12-07' }, [b.fingerprint!]: { state: 'confirmed', reason: 'r', author: 'x', date: '2026-12-07' } } }), 't.json');
    const split = applyTriage(findings, t);
    assert.deepEqual(split.hidden, [a]);
    assert.ok(split.shown.includes(b));
    assert.throws(() => parseTriage('{"version":1,"findings":{"x":{"state":"maybe"}}}', 't.json'), TriageFileError);
  });
});
