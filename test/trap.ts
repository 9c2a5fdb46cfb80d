/**
 * A booby-trapped Solidity workspace for the Workspace Trust tests (engine, server over
 * stdio, and the real editor). Everything in it that a careless tool might run writes a
 * line to a marker file outside the workspace when it runs:
 *
 * - `node_modules/solc`: a solc package (version 0.8.37, so it fits the pragma and would
 *   be chosen before the bundled compilers) whose `require` writes the marker, then hands
 *   back the real solc so that a trusted run still compiles;
 * - `soljson-trap.js` (outside the workspace, for `synor.compilerPath`): the same for a
 *   configured soljson.js;
 * - `hardhat.config.js` and `truffle-config.js`: configs that are JavaScript; they may be
 *   read as text, never run, trusted or not;
 * - `bin/solc` named by `foundry.toml`'s `solc`: an executable the workspace names; never run.
 *
 * The contract compiles with the fast tier's parser but not with solc (an undeclared
 * identifier), so a compiler-error diagnostic proves that a compiler ran.
 */
import fs from 'node:fs';
import path from 'node:path';

export const REPO = path.resolve(__dirname, '..');

export const TRAP_SOL = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

contract Trap {
    uint256 public count;

    function bump() external {
        count += 1;
        missing = 2;
    }
}
`;

/** The line (0-based) of the undeclared identifier in TRAP_SOL. */
export const TRAP_ERROR_LINE = 8;

export interface TrappedWorkspace {
  /** The workspace folder (holds Trap.sol and the traps). */
  workspace: string;
  /** Trap.sol in it. */
  file: string;
  /** A soljson.js outside the workspace that writes the marker when loaded (for synor.compilerPath). */
  soljsonTrap: string;
  /** The marker file; it exists only if a trap ran. */
  marker: string;
  /** What ran, one line per trap (empty when nothing did). */
  fired(): string[];
}

/** A line of JavaScript that appends `what` to the marker file. */
function mark(marker: string, what: string): string {
  return `require('fs').appendFileSync(${JSON.stringify(marker)}, ${JSON.stringify(what)} + ' (pid ' + process.pid + ')\\n');`;
}

/**
 * Writes a trapped workspace under `dir` (`dir/workspace`) and its marker path
 * (`dir/marker.log`). `realSolc` is the folder of a real solc package the trap hands
 * back once it has fired (default: the repository's own).
 */
export function makeTrappedWorkspace(dir: string, realSolc = path.join(REPO, 'node_modules', 'solc')): TrappedWorkspace {
  const workspace = path.join(dir, 'workspace');
  const marker = path.join(dir, 'marker.log');
  fs.rmSync(marker, { force: true });
  const solc = path.join(workspace, 'node_modules', 'solc');
  fs.mkdirSync(solc, { recursive: true });
  fs.mkdirSync(path.join(workspace, 'bin'), { recursive: true });
  fs.writeFileSync(path.join(workspace, 'package.json'), JSON.stringify({ name: 'trapped-project', private: true, devDependencies: { solc: '0.8.37' } }, null, 2));
  fs.writeFileSync(path.join(solc, 'package.json'), JSON.stringify({ name: 'solc', version: '0.8.37', main: 'index.js' }, null, 2));
  fs.writeFileSync(path.join(solc, 'index.js'), `${mark(marker, 'workspace node_modules/solc was required')}\nmodule.exports = require(${JSON.stringify(realSolc)});\n`);
  fs.writeFileSync(path.join(workspace, 'hardhat.config.js'), `${mark(marker, 'hardhat.config.js was run')}\nmodule.exports = { solidity: "0.8.37" };\n`);
  fs.writeFileSync(path.join(workspace, 'truffle-config.js'), `${mark(marker, 'truffle-config.js was run')}\nmodule.exports = {};\n`);
  const bin = path.join(workspace, 'bin', 'solc');
  fs.writeFileSync(bin, `#!/bin/sh\necho "bin/solc was run (pid $$)" >> ${JSON.stringify(marker)}\nexit 1\n`, { mode: 0o755 });
  fs.writeFileSync(path.join(workspace, 'foundry.toml'), `[profile.default]\nsrc = "."\nsolc = "./bin/solc"\n`);
  const file = path.join(workspace, 'Trap.sol');
  fs.writeFileSync(file, TRAP_SOL);
  const soljsonTrap = path.join(dir, 'soljson-trap.js');
  fs.writeFileSync(soljsonTrap, `${mark(marker, 'configured soljson-trap.js was loaded')}\nmodule.exports = require(${JSON.stringify(path.join(realSolc, 'soljson.js'))});\n`);
  return {
    workspace,
    file,
    soljsonTrap,
    marker,
    fired: () => (fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8').split('\n').filter(Boolean) : []),
  };
}
