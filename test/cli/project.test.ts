/**
 * The `synor` binary over Foundry and Hardhat project trees written by the
 * test: only the project's own sources are reported, dependencies and other
 * folders are skipped and counted, and facts cross files through imports
 * (relative and remapped into lib/).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'cli/out/synor.js');

function synor(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const made: string[] = [];

/** Writes `files` (path → text) under a new temporary folder. */
function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-cli-project-'));
  made.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const HEAD = '// SPDX-License-Identifier: MIT\npragma solidity 0.8.26;\n\n';

/** A base in another folder holds the external call; the derived contract writes state after calling it. */
const BASE = `${HEAD}contract Base {
    mapping(address => uint256) public balances;

    function _send(address to, uint256 amount) internal {
        (bool ok, ) = to.call{value: amount}("");
        require(ok, "send failed");
    }
}
`;
const DERIVED = `${HEAD}import {Base} from "./base/Base.sol";

contract Derived is Base {
    function withdraw() external {
        uint256 amount = balances[msg.sender];
        _send(msg.sender, amount);
        balances[msg.sender] = 0;
    }
}
`;
/** A guard with a name no rule knows, defined in a base in another file. */
const GUARDED = `${HEAD}contract Guarded {
    address internal keeper;

    constructor() {
        keeper = msg.sender;
    }

    modifier onlyKeeperOfTheRealm() {
        require(msg.sender == keeper, "not the keeper");
        _;
    }
}
`;
const KILLER = `${HEAD}import "./base/Guarded.sol";

contract Killer is Guarded {
    function kill() external onlyKeeperOfTheRealm {
        selfdestruct(payable(msg.sender));
    }
}
`;
/** A modifier in another file that checks nobody: the selfdestruct is open. */
const LOGGED = `${HEAD}contract Logged {
    event Called(address who);

    modifier whenLogged() {
        emit Called(msg.sender);
        _;
    }
}
`;
const OPEN = `${HEAD}import {Logged} from "./base/Logged.sol";

contract Open is Logged {
    function kill() external whenLogged {
        selfdestruct(payable(msg.sender));
    }
}
`;
/** A dependency under lib/, reached through a remapping. */
const PAYER = `${HEAD}abstract contract Payer {
    function _pay(address to, uint256 amount) internal {
        (bool ok, ) = payable(to).call{value: amount}("");
        require(ok);
    }
}
`;
const VAULT = `${HEAD}import {Payer} from "dep/Payer.sol";

contract Vault is Payer {
    mapping(address => uint256) public credit;

    function claim() external {
        _pay(msg.sender, credit[msg.sender]);
        credit[msg.sender] = 0;
    }
}
`;
const MATH = `${HEAD}library Math {
    function add(uint256 a, uint256 b) internal pure returns (uint256) {
        return a + b;
    }
}
`;
/** Code that would be reported if it were analysed. */
const DOOMED = `${HEAD}contract Doomed {
    function boom() external {
        selfdestruct(payable(msg.sender));
    }
}
`;

function foundryProject(): string {
  return tree({
    'foundry.toml': '[profile.default]\nsrc = "src"\nout = "out"\nlibs = ["lib"]\nremappings = ["dep/=lib/dep/src/"]\n',
    'src/Derived.sol': DERIVED,
    'src/base/Base.sol': BASE,
    'src/Killer.sol': KILLER,
    'src/base/Guarded.sol': GUARDED,
    'src/Open.sol': OPEN,
    'src/base/Logged.sol': LOGGED,
    'src/Vault.sol': VAULT,
    'src/lib/Math.sol': MATH,
    'lib/dep/foundry.toml': '[profile.default]\n',
    'lib/dep/src/Payer.sol': PAYER,
    'lib/dep/src/Doomed.sol': DOOMED,
    'lib/forge-std/src/Test.sol': DOOMED.replace('Doomed', 'Test'),
    'node_modules/pkg/Pkg.sol': DOOMED.replace('Doomed', 'Pkg'),
    'test/Vault.t.sol': DOOMED.replace('Doomed', 'VaultTest'),
    'script/Deploy.s.sol': DOOMED.replace('Doomed', 'Deploy'),
  });
}

interface Finding {
  ruleId: string;
  file: string;
}
interface JsonReport {
  files: string[];
  findings: Finding[];
  skipped?: Array<{ path: string; files: number; reason: string }>;
}

const norm = (f: string) => f.split(path.sep).join('/');

describe('synor CLI: projects', function () {
  this.timeout(180_000);

  before(() => {
    assert.ok(fs.existsSync(BIN), 'the CLI bundle is built (npm ci runs the build)');
  });
  after(() => {
    for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  describe('a Foundry project', () => {
    let dir: string;
    let out: JsonReport;
    before(() => {
      dir = foundryProject();
      const r = synor(['.', '--format', 'json', '--fail-on', 'none'], dir);
      assert.equal(r.code, 0, r.stderr);
      out = JSON.parse(r.stdout) as JsonReport;
    });

    it('analyses only the sources named by foundry.toml, a lib/ folder inside them included', () => {
      assert.deepEqual(out.files.map(norm).sort(), ['src/Derived.sol', 'src/Killer.sol', 'src/Open.sol', 'src/Vault.sol', 'src/base/Base.sol', 'src/base/Guarded.sol', 'src/base/Logged.sol', 'src/lib/Math.sol']);
      for (const f of out.findings) assert.match(norm(f.file), /^src\//, `${f.ruleId} reported in ${f.file}`);
      assert.ok(!out.findings.some((f) => norm(f.file).includes('Doomed')));
    });

    it('counts what it skipped, by folder and reason, in the JSON report', () => {
      const skipped = Object.fromEntries((out.skipped ?? []).map((s) => [s.path, s]));
      assert.deepEqual(skipped['lib/'], { path: 'lib/', files: 3, reason: 'dependency' });
      assert.deepEqual(skipped['node_modules/'], { path: 'node_modules/', files: 1, reason: 'dependency' });
      assert.deepEqual(skipped['test/'], { path: 'test/', files: 1, reason: 'outside-sources' });
      assert.deepEqual(skipped['script/'], { path: 'script/', files: 1, reason: 'outside-sources' });
    });

    it('says what it skipped on stderr in text format', () => {
      const r = synor(['.', '--fail-on', 'none'], dir);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /^synor: analysed 8 files in src\/; skipped 4 files in lib\/, node_modules\/ \(dependencies; --include-deps to analyse them\); skipped 2 files in script\/, test\/ \(outside the project's sources; name them to analyse them\)$/m);
      assert.match(r.stdout, /^src\/Derived\.sol$/m);
      assert.doesNotMatch(r.stdout, /^lib\//m);
    });

    it('reports the skipped counts in markdown and SARIF too', () => {
      const md = synor(['.', '--format', 'markdown', '--fail-on', 'none'], dir).stdout;
      assert.match(md, /Not analysed: 4 files in lib\/, node_modules\/ \(dependencies\); 2 files in script\/, test\/ \(outside the project's sources\)\./);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const sarif: any = JSON.parse(synor(['.', '--format', 'sarif', '--fail-on', 'none'], dir).stdout);
      const inv = sarif.runs[0].invocations[0];
      assert.equal(inv.executionSuccessful, true);
      assert.ok(inv.properties.skipped.some((s: { path: string; files: number }) => s.path === 'lib/' && s.files === 3));
      assert.ok(inv.toolExecutionNotifications.some((n: { level: string; message: { text: string } }) => n.level === 'note' && /4 files in lib\/, node_modules\//.test(n.message.text)));
    });

    it('finds a reentrancy whose external call is in a base contract in another folder', () => {
      assert.ok(out.findings.some((f) => f.ruleId === 'reentrancy-eth' && norm(f.file) === 'src/Derived.sol'), JSON.stringify(out.findings.map((f) => [f.ruleId, f.file])));
      // The call itself is in the base, which on its own has nothing to report.
      assert.ok(!out.findings.some((f) => f.ruleId === 'reentrancy-eth' && norm(f.file) === 'src/base/Base.sol'));
    });

    it('follows a remapped import into lib/ for facts without reporting on lib/', () => {
      assert.ok(out.findings.some((f) => f.ruleId === 'reentrancy-eth' && norm(f.file) === 'src/Vault.sol'));
    });

    it('reads a guard modifier from a base in another file', () => {
      assert.ok(!out.findings.some((f) => f.ruleId === 'unprotected-selfdestruct' && norm(f.file) === 'src/Killer.sol'), 'the unusual guard in Guarded.sol protects kill()');
      assert.ok(out.findings.some((f) => f.ruleId === 'unprotected-selfdestruct' && norm(f.file) === 'src/Open.sol'), 'a modifier in another file that checks no one does not');
    });

    it('--include-deps analyses lib/ and node_modules/ as well (not test/ or script/)', () => {
      const r = synor(['.', '--include-deps', '--format', 'json', '--fail-on', 'none'], dir);
      const o = JSON.parse(r.stdout) as JsonReport;
      const files = o.files.map(norm);
      for (const f of ['lib/dep/src/Payer.sol', 'lib/dep/src/Doomed.sol', 'lib/forge-std/src/Test.sol', 'node_modules/pkg/Pkg.sol', 'src/lib/Math.sol']) assert.ok(files.includes(f), f);
      assert.ok(!files.some((f) => f.startsWith('test/') || f.startsWith('script/')));
      assert.ok(o.findings.some((f) => f.ruleId === 'unprotected-selfdestruct' && norm(f.file) === 'lib/dep/src/Doomed.sol'));
      assert.ok(!(o.skipped ?? []).some((s) => s.reason === 'dependency'));
    });

    it('analyses files and folders named explicitly, inside lib/ and test/ too', () => {
      const r = synor(['lib/dep/src/Doomed.sol', 'test', '--format', 'json', '--fail-on', 'none'], dir);
      const o = JSON.parse(r.stdout) as JsonReport;
      assert.deepEqual(o.files.map(norm).sort(), ['lib/dep/src/Doomed.sol', 'test/Vault.t.sol']);
      assert.ok(o.findings.some((f) => f.ruleId === 'unprotected-selfdestruct' && norm(f.file) === 'lib/dep/src/Doomed.sol'));
    });

    it('a project folder given from outside keeps its paths, and a config file is still honoured', () => {
      fs.writeFileSync(path.join(dir, 'synor.config.json'), '{ "rules": { "reentrancy-eth": "off" } }');
      try {
        const r = synor([dir, '--format', 'json', '--fail-on', 'none'], os.tmpdir());
        const o = JSON.parse(r.stdout) as JsonReport;
        assert.equal(o.files.length, 8);
        assert.ok(o.files.every((f) => path.isAbsolute(f) && f.startsWith(path.join(dir, 'src') + path.sep)));
        assert.ok(!o.findings.some((f) => f.ruleId === 'reentrancy-eth'));
        assert.ok((o.skipped ?? []).some((s) => s.path === norm(path.join(dir, 'lib')) + '/'));
      } finally {
        fs.rmSync(path.join(dir, 'synor.config.json'));
      }
    });
  });

  describe('a Hardhat project', () => {
    it('analyses paths.sources read from the config as text (never run), skipping node_modules and other folders', () => {
      const dir = tree({
        // Running this config would create a file: the test checks it is only read.
        'hardhat.config.js': `require('fs').writeFileSync(__dirname + '/EXECUTED', 'yes');\n// paths: { sources: "./wrong" }\nmodule.exports = {\n  solidity: "0.8.26",\n  paths: { sources: "./solidity", tests: "./test" },\n};\n`,
        'package.json': '{ "name": "hh", "private": true }\n',
        'solidity/Derived.sol': DERIVED,
        'solidity/base/Base.sol': BASE,
        'solidity/lib/Math.sol': MATH,
        'contracts/Old.sol': DOOMED.replace('Doomed', 'Old'),
        'wrong/Wrong.sol': DOOMED.replace('Doomed', 'Wrong'),
        'node_modules/@openzeppelin/contracts/Oz.sol': DOOMED.replace('Doomed', 'Oz'),
        'node_modules/@openzeppelin/contracts/More.sol': DOOMED.replace('Doomed', 'More'),
      });
      const r = synor(['.', '--format', 'json', '--fail-on', 'none'], dir);
      assert.equal(r.code, 0, r.stderr);
      const o = JSON.parse(r.stdout) as JsonReport;
      assert.deepEqual(o.files.map(norm).sort(), ['solidity/Derived.sol', 'solidity/base/Base.sol', 'solidity/lib/Math.sol']);
      assert.ok(o.findings.some((f) => f.ruleId === 'reentrancy-eth' && norm(f.file) === 'solidity/Derived.sol'));
      const skipped = Object.fromEntries((o.skipped ?? []).map((s) => [s.path, s]));
      assert.deepEqual(skipped['node_modules/'], { path: 'node_modules/', files: 2, reason: 'dependency' });
      assert.equal(skipped['contracts/']?.reason, 'outside-sources');
      assert.equal(skipped['wrong/']?.reason, 'outside-sources');
      assert.ok(!fs.existsSync(path.join(dir, 'EXECUTED')), 'the Hardhat config was not executed');
      const text = synor(['.', '--fail-on', 'none'], dir);
      assert.match(text.stderr, /synor: analysed 3 files in solidity\/; skipped 2 files in node_modules\/ \(dependencies; --include-deps to analyse them\)/);
    });

    it('defaults to contracts/ when the config names no sources', () => {
      const dir = tree({
        'hardhat.config.ts': 'export default { solidity: "0.8.26" };\n',
        'contracts/Derived.sol': DERIVED,
        'contracts/base/Base.sol': BASE,
        'node_modules/dep/Dep.sol': DOOMED,
      });
      const o = JSON.parse(synor(['.', '--format', 'json', '--fail-on', 'none'], dir).stdout) as JsonReport;
      assert.deepEqual(o.files.map(norm).sort(), ['contracts/Derived.sol', 'contracts/base/Base.sol']);
      assert.ok(o.findings.some((f) => f.ruleId === 'reentrancy-eth' && norm(f.file) === 'contracts/Derived.sol'));
    });
  });

  describe('a folder that is not a project root', () => {
    it('analyses every .sol file under it, lib/ folders of its own included, dependency trees left out', () => {
      const dir = tree({
        'a/Derived.sol': DERIVED,
        'a/base/Base.sol': BASE,
        'a/lib/Math.sol': MATH,
        'pkg/foundry.toml': '[profile.default]\n',
        'pkg/src/Thing.sol': MATH.replace('Math', 'Thing'),
        'pkg/lib/dep/src/Dep.sol': DOOMED,
        'node_modules/x/X.sol': DOOMED.replace('Doomed', 'X'),
      });
      const r = synor(['.', '--format', 'json', '--fail-on', 'none'], dir);
      const o = JSON.parse(r.stdout) as JsonReport;
      assert.deepEqual(o.files.map(norm).sort(), ['a/Derived.sol', 'a/base/Base.sol', 'a/lib/Math.sol', 'pkg/src/Thing.sol']);
      assert.ok(o.findings.some((f) => f.ruleId === 'reentrancy-eth' && norm(f.file) === 'a/Derived.sol'));
      const skipped = Object.fromEntries((o.skipped ?? []).map((s) => [s.path, s.files]));
      assert.deepEqual(skipped, { 'node_modules/': 1, 'pkg/lib/': 1 });
      const text = synor(['.', '--fail-on', 'none'], dir);
      assert.match(text.stderr, /^synor: analysed 4 files; skipped 2 files in node_modules\/, pkg\/lib\/ \(dependencies; --include-deps to analyse them\)$/m);
    });
  });
});
