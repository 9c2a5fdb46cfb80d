/**
 * Bytecode with its source: selectors against the ABI, and bytecode findings
 * placed through solc's source map and merged with the source rules' findings of
 * the same kind (real solc output, real source analysis).
 */
import assert from 'node:assert/strict';
import { analyze } from '../../engine/src';
import { analyzeBytecode, crossCheck, decodeSourceMap, placeOfPc, type CompiledForCrossCheck } from '../../engine/src/bytecode';
import { byName, compileSolidity, type Compiled } from '../helpers/bytecode-contracts';

const FILE = 'Vault.sol';
const SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Vault {
    address owner;
    constructor() { owner = msg.sender; }
    function kill() external {
        selfdestruct(payable(msg.sender));
    }
    function auth(address n) external {
        require(tx.origin == owner);
        owner = n;
    }
    function ping(address a) external {
        (bool ok, ) = a.call("");
        ok;
    }
    function deposit() external payable {}
}
`;

const lineOf = (needle: string) => SOURCE.split('\n').findIndex((l) => l.includes(needle));

function forCrossCheck(c: Compiled, text = SOURCE): CompiledForCrossCheck {
  return { deployedBytecode: c.runtime, deployedSourceMap: c.deployedSourceMap, methodIdentifiers: c.methods, abi: c.abi, sources: { [c.sourceId ?? 0]: { path: FILE, text } } };
}

describe('bytecode: cross-check with the source', function () {
  this.timeout(120_000);

  it('decodes the compressed source map (empty fields repeat the previous entry)', () => {
    assert.deepEqual(decodeSourceMap('1:2:0:-;:3;;4::1'), [{ s: 1, l: 2, f: 0 }, { s: 1, l: 3, f: 0 }, { s: 1, l: 3, f: 0 }, { s: 4, l: 3, f: 1 }]);
  });

  for (const optimizer of [false, true])
    it(`places bytecode findings on their source lines and merges them with the source findings (optimizer ${optimizer})`, async () => {
      const c = byName(compileSolidity(SOURCE, { optimizer, name: FILE, sourceMaps: true })).get('Vault')!;
      assert.ok(c.deployedSourceMap);
      const r = await analyzeBytecode(c.runtime, { confirm: false });
      const src = analyze(SOURCE, { path: FILE }).findings;
      const x = crossCheck(r, forCrossCheck(c), src);
      assert.equal(x.selectors.agree, true, JSON.stringify(x.selectors));
      assert.deepEqual(x.selectors.payabilityDiffers, []);

      const by = new Map(x.findings.filter((f) => f.bytecode).map((f) => [f.id, f]));
      const sd = by.get('bytecode-unprotected-selfdestruct')!;
      assert.equal(sd.bytecode!.place?.file, FILE);
      assert.equal(sd.bytecode!.place?.start.line, lineOf('selfdestruct('));
      assert.equal(sd.both, true);
      assert.deepEqual(sd.source.map((f) => f.ruleId), ['unprotected-selfdestruct']);

      const origin = by.get('bytecode-tx-origin-branch')!;
      assert.equal(origin.bytecode!.place?.start.line, lineOf('tx.origin'));
      assert.equal(origin.both, true);
      assert.deepEqual(origin.source.map((f) => f.ruleId), ['tx-origin-auth']);

      const call = by.get('bytecode-unchecked-call')!;
      assert.equal(call.bytecode!.place?.start.line, lineOf('a.call('));
      // The source rules see `ok;` as a use of the flag; the bytecode sees it dropped. Either way the merge says which side found it.
      assert.ok(call.source.every((f) => f.ruleId === 'unchecked-low-level-call' || f.ruleId === 'unused-return'));
    });

  it('says when the code does not dispatch what the ABI lists (code of another build)', async () => {
    const c = byName(compileSolidity(SOURCE, { name: FILE, sourceMaps: true })).get('Vault')!;
    const other = byName(compileSolidity(SOURCE.replace('function deposit() external payable {}', 'function deposit2() external payable {}'), { name: FILE })).get('Vault')!;
    const r = await analyzeBytecode(other.runtime, { confirm: false });
    const x = crossCheck(r, forCrossCheck(c), []);
    assert.equal(x.selectors.agree, false);
    assert.deepEqual(x.selectors.missingFromCode, ['deposit()']);
    assert.deepEqual(x.selectors.notInAbi, [other.methods['deposit2()']]);
  });

  it('places nothing when the analysed code is another build of the source', async () => {
    const c = byName(compileSolidity(SOURCE, { name: FILE, sourceMaps: true })).get('Vault')!;
    const optimized = byName(compileSolidity(SOURCE, { name: FILE, optimizer: true })).get('Vault')!;
    const r = await analyzeBytecode(optimized.runtime, { confirm: false });
    const other = crossCheck(r, forCrossCheck(c), [], { runtime: optimized.runtime });
    assert.equal(other.sameBuild, false);
    assert.ok(other.findings.length > 0 && other.findings.every((f) => f.bytecode && f.bytecode.place === undefined));
    const same = crossCheck(await analyzeBytecode(c.runtime, { confirm: false }), forCrossCheck(c), [], { runtime: c.runtime });
    assert.equal(same.sameBuild, true);
    assert.ok(same.findings.every((f) => f.bytecode?.place?.file === FILE));
  });

  it('gives no place without a source map, and lists source findings the bytecode did not find', async () => {
    const c = byName(compileSolidity(SOURCE, { name: FILE, sourceMaps: true })).get('Vault')!;
    assert.equal(placeOfPc({ ...forCrossCheck(c), deployedSourceMap: undefined }, 0), undefined);
    const r = await analyzeBytecode(c.runtime, { confirm: false });
    const src = analyze(SOURCE, { path: FILE }).findings;
    const x = crossCheck({ ...r, findings: [] }, forCrossCheck(c), src);
    assert.ok(x.findings.length > 0 && x.findings.every((f) => !f.bytecode && !f.both && f.source.length === 1));
    assert.ok(x.findings.some((f) => f.id === 'unprotected-selfdestruct'));
  });

  it('merges with a source finding of the same kind elsewhere in the same function, given the function spans', async () => {
    const c = byName(compileSolidity(SOURCE, { name: FILE, sourceMaps: true })).get('Vault')!;
    const r = await analyzeBytecode(c.runtime, { confirm: false });
    const origin = analyze(SOURCE, { path: FILE }).findings.find((f) => f.ruleId === 'tx-origin-auth')!;
    assert.ok(origin);
    // The same finding reported on the function's header line instead of the require: another line of the same function.
    const header = lineOf('function auth(');
    const moved = { ...origin, range: { start: { line: header, character: 4 }, end: { line: header, character: 12 } } };
    const start = Buffer.byteLength(SOURCE.slice(0, SOURCE.indexOf('function auth(')));
    const end = Buffer.byteLength(SOURCE.slice(0, SOURCE.indexOf('}', SOURCE.indexOf('owner = n;')) + 1));
    const id = c.sourceId ?? 0;
    const without = crossCheck(r, forCrossCheck(c), [moved]).findings.find((f) => f.id === 'bytecode-tx-origin-branch')!;
    assert.equal(without.both, false, 'on other lines and no spans: not merged');
    const withSpans = crossCheck(r, { ...forCrossCheck(c), functions: { [id]: [[start, end]] } }, [moved]).findings.find((f) => f.id === 'bytecode-tx-origin-branch')!;
    assert.equal(withSpans.both, true);
    assert.deepEqual(withSpans.source, [moved]);
    // A span of another function does not merge them.
    const kill = Buffer.byteLength(SOURCE.slice(0, SOURCE.indexOf('function kill(')));
    const elsewhere = crossCheck(r, { ...forCrossCheck(c), functions: { [id]: [[kill, start - 1]] } }, [moved]).findings.find((f) => f.id === 'bytecode-tx-origin-branch')!;
    assert.equal(elsewhere.both, false);
  });
});
