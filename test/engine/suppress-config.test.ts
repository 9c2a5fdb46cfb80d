import assert from 'node:assert/strict';
import { analyze, parseConfig, ruleMap, ConfigError, isExcluded } from '../../engine/src';

const known = new Set(ruleMap().keys());
const code = (body: string) => `pragma solidity ^0.8.20;\ncontract A {\n    address owner;\n${body}\n}\n`;
/** The findings of the two rules these tests are about; other rules may fire on the same code. */
const ids = (text: string, config = parseConfig('{}', 'x', known)) =>
  analyze(text, { config })
    .findings.filter((f) => f.ruleId === 'tx-origin-auth' || f.ruleId === 'unused-suppression')
    .map((f) => `${f.ruleId}@${f.range.start.line + 1}`);

describe('suppression comments', () => {
  it('disable-next-line hides the finding on the next line only', () => {
    const text = code('    function f() external {\n        // synor-disable-next-line tx-origin-auth\n        require(tx.origin == owner);\n        require(tx.origin == owner);\n    }');
    assert.deepEqual(ids(text), ['tx-origin-auth@7']);
  });

  it('disable-line, regions and file-level forms', () => {
    const line = code('    function f() external { require(tx.origin == owner); } // synor-disable-line tx-origin-auth');
    assert.deepEqual(ids(line), []);
    const region = code('    // synor-disable tx-origin-auth\n    function f() external { require(tx.origin == owner); }\n    // synor-enable tx-origin-auth\n    function g() external { require(tx.origin == owner); }');
    assert.deepEqual(ids(region), ['tx-origin-auth@7']);
    const file = '// synor-disable-file tx-origin-auth\n' + code('    function f() external { require(tx.origin == owner); }');
    assert.deepEqual(ids(file), []);
  });

  it("honours slither's and solhint's comments for mapped rules", () => {
    assert.deepEqual(ids(code('    function f() external {\n        // slither-disable-next-line tx-origin\n        require(tx.origin == owner);\n    }')), []);
    assert.deepEqual(ids(code('    function f() external {\n        // solhint-disable-next-line avoid-tx-origin\n        require(tx.origin == owner);\n    }')), []);
    // An id that maps to none of our rules hides nothing, and is not our business to report.
    assert.deepEqual(ids(code('    function f() external {\n        // solhint-disable-next-line max-line-length\n        require(tx.origin == owner);\n    }')), ['tx-origin-auth@6']);
  });

  it('reports a suppression that suppresses nothing', () => {
    assert.deepEqual(ids(code('    // synor-disable-next-line tx-origin-auth\n    function f() external {}')), ['unused-suppression@4']);
  });
});

describe('configuration', () => {
  it('turns rules off and overrides severity', () => {
    const text = code('    function f() external { require(tx.origin == owner); }');
    assert.deepEqual(ids(text, parseConfig('{"rules": {"tx-origin-auth": "off"}}', 'c.json', known)), []);
    const high = analyze(text, { config: parseConfig('{"rules": {"tx-origin-auth": "high"}}', 'c.json', known) });
    assert.equal(high.findings.find((f) => f.ruleId === 'tx-origin-auth')?.severity, 'high');
  });

  it('names the file, line and column of an unknown key or rule id', () => {
    const text = '{\n  "rules": {\n    "no-such-rule": "off"\n  },\n  "colour": true\n}';
    assert.throws(
      () => parseConfig(text, 'synor.config.json', known),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.match(err.message, /synor\.config\.json:3:5: unknown rule id "no-such-rule"/);
        assert.match(err.message, /synor\.config\.json:5:3: unknown key "colour"/);
        return true;
      },
    );
  });

  it('rejects invalid JSON and wrong value kinds clearly', () => {
    assert.throws(() => parseConfig('{ "rules": ', 'c.json', known), /c\.json:1:\d+: invalid JSON/);
    assert.throws(() => parseConfig('{ "rules": { "tx-origin-auth": 3 } }', 'c.json', known), /tx-origin-auth.*expected "off"/);
    assert.throws(() => parseConfig('{ "exclude": "lib" }', 'c.json', known), /"exclude" must be an array/);
  });

  it('excludes paths by glob', () => {
    const config = parseConfig('{ "exclude": ["test/**", "**/*.t.sol"] }', 'c.json', known);
    assert.equal(isExcluded(config, 'test/a/B.sol'), true);
    assert.equal(isExcluded(config, 'src/Token.t.sol'), true);
    assert.equal(isExcluded(config, 'src/Token.sol'), false);
  });
});
