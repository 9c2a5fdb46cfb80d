/**
 * One read and one parse per file per run: the CLI analyses each file with
 * the text and parse its project index already holds (`unchangingDisk`), and
 * its findings are those of an analysis that reads and parses every file
 * afresh.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { analyze, parse, Project } from '../../engine/src';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'cli/out/synor.js');
const PRAGMA = '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.20;\n';

const made: string[] = [];
function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-index-once-'));
  made.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** A base whose ETH call comes before its state write, a contract deriving from it, and a library both use. */
const FILES = {
  'foundry.toml': '[profile.default]\nsrc = "src"\n',
  'src/lib/Amounts.sol': `${PRAGMA}
library Amounts {
    function half(uint256 x) internal pure returns (uint256) {
        return x / 2;
    }
}
`,
  'src/base/Payout.sol': `${PRAGMA}
import {Amounts} from "../lib/Amounts.sol";

abstract contract Payout {
    mapping(address => uint256) internal owed;

    function withdraw() external {
        uint256 amount = Amounts.half(owed[msg.sender]);
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok);
        owed[msg.sender] = 0;
    }
}
`,
  'src/Fund.sol': `${PRAGMA}
import {Payout} from "./base/Payout.sol";

contract Fund is Payout {
    address public keeper;

    function deposit() external payable {
        owed[msg.sender] += msg.value;
    }

    function setKeeper(address k) external {
        keeper = k;
    }
}
`,
};

describe('synor CLI: each file read and parsed once per run', function () {
  this.timeout(180_000);
  after(() => {
    for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('reports what an analysis of fresh reads and parses reports, file by file', () => {
    assert.ok(fs.existsSync(BIN), 'the CLI bundle is built (npm run build)');
    const dir = tree(FILES);
    const r = spawnSync(process.execPath, [BIN, '.', '--format', 'json', '--fail-on', 'none'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { files: string[]; findings: Array<{ ruleId: string; file: string; range: unknown; message: string; fingerprint?: string }> };
    assert.deepEqual(report.files.map((f) => f.split(path.sep).join('/')).sort(), ['src/Fund.sol', 'src/base/Payout.sol', 'src/lib/Amounts.sol']);

    // The same files, each with a parse of its own and a project that checks the disk on every use.
    const project = new Project({ root: dir });
    const rels = ['src/Fund.sol', 'src/base/Payout.sol', 'src/lib/Amounts.sol'];
    project.index(rels.map((f) => path.join(dir, f)));
    const key = (f: { ruleId: string; file: string; range: unknown; message: string; fingerprint?: string }) => JSON.stringify([f.ruleId, path.relative(dir, path.resolve(dir, f.file)).split(path.sep).join('/'), f.range, f.message, f.fingerprint]);
    const expected = rels.flatMap((rel) => {
      const file = path.join(dir, rel);
      const text = fs.readFileSync(file, 'utf8');
      const result = analyze(text, { path: file, parsed: parse(text), project });
      assert.deepEqual(result.ruleErrors, []);
      return result.findings.map(key);
    });
    assert.ok(expected.some((k) => k.includes('reentrancy')), 'the base is judged as part of the contract deriving from it');
    assert.deepEqual(report.findings.map(key).sort(), expected.sort());
  });

  it('an unchanging-disk project serves a file from its first read until told it changed', () => {
    const dir = tree(FILES);
    const base = path.join(dir, 'src/base/Payout.sol');
    const fund = path.join(dir, 'src/Fund.sol');
    const still = new Project({ root: dir, unchangingDisk: true });
    const checking = new Project({ root: dir });
    const first = still.file(base)!;
    checking.file(base);
    // The analysed file, given as its own text, is the same file when another file's closure reaches it.
    still.closureWithDerived(base, first.text);
    assert.equal(still.closure(fund).find((f) => f.path === base), first);

    fs.writeFileSync(base, first.text.replace('owed[msg.sender] = 0;', 'delete owed[msg.sender];'));
    // Size and time changed: the default project sees the new text, the unchanging one the first read.
    assert.match(checking.file(base)!.text, /delete owed/);
    assert.equal(still.file(base), first);
    still.invalidate(base);
    assert.match(still.file(base)!.text, /delete owed/);
  });
});
