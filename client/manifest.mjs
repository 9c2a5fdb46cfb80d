// The extension's part of package.json, kept here so that it is written in one place.
// `node client/manifest.mjs` rewrites only the keys listed in `manifest` and leaves every
// other key (scripts, dependencies, …) as it is, since others edit those.
// `node client/manifest.mjs --check` exits 1 when package.json differs from this file.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = path.join(root, 'package.json');

// The server reads a rule's setting as "off", "on" or a severity (server/src/settings.ts).
const severityOverride = { type: 'string', enum: ['off', 'on', 'high', 'medium', 'low', 'info'] };

const command = (id, title, icon) => ({ command: `synor.${id}`, title, category: 'Synor', ...(icon ? { icon: `$(${icon})` } : {}) });
const isSolidity = 'editorLangId == solidity';
const findingsView = 'view == synor.findings';

const manifest = {
  icon: 'docs/images/icon.png',
  // The address the engine's SARIF output already links rule pages to.
  repository: { type: 'git', url: 'https://github.com/synor-dev/synor.git' },
  galleryBanner: { color: '#1b1f2a', theme: 'dark' },
  keywords: ['solidity', 'ethereum', 'evm', 'smart contracts', 'security', 'gas', 'linter', 'audit', 'sarif'],
  // Commands and the language activate the extension on their own since VS Code 1.74; these two
  // cover opening a folder of contracts before any file is shown.
  activationEvents: ['onLanguage:solidity', 'workspaceContains:**/*.sol'],
  capabilities: {
    untrustedWorkspaces: {
      supported: 'limited',
      description: "In Restricted Mode Synor analyses and compiles with the compilers bundled with it only: it never loads the workspace's node_modules/solc nor a compiler named by synor.compilerPath.",
      restrictedConfigurations: ['synor.compilerPath', 'synor.project'],
    },
    virtualWorkspaces: {
      supported: 'limited',
      description: 'Open files are analysed; compiling, gas measurement and workspace scans need files on disk.',
    },
  },
  contributes: {
    // Other Solidity extensions contribute the same id; VS Code merges language contributions,
    // so declaring it again is harmless and keeps Synor working on its own.
    languages: [
      {
        id: 'solidity',
        aliases: ['Solidity', 'solidity'],
        extensions: ['.sol'],
        configuration: './syntaxes/language-configuration.json',
      },
    ],
    grammars: [{ language: 'solidity', scopeName: 'source.solidity', path: './syntaxes/solidity.tmLanguage.json' }],
    commands: [
      command('showReport', 'Show Contract Report', 'graph'),
      command('scanWorkspace', 'Scan Workspace', 'search'),
      command('fixAll', 'Fix All in File', 'wrench'),
      command('measureFunction', 'Measure Gas of This Function', 'dashboard'),
      command('restartServer', 'Restart Server', 'debug-restart'),
      command('showOutput', 'Show Output', 'output'),
      command('showDocumentation', 'Show Rule Documentation', 'book'),
      command('applyUnsafeFix', 'Apply Fix After Confirmation'),
      command('findings.groupByFile', 'Group Findings by File', 'file'),
      command('findings.groupBySeverity', 'Group Findings by Severity', 'warning'),
      command('findings.groupByRule', 'Group Findings by Rule', 'law'),
      command('findings.filterSeverity', 'Filter Findings by Severity…', 'filter'),
      command('findings.filterRule', 'Filter Findings by Rule…', 'list-filter'),
      command('findings.filterTriaged', 'Filter Triaged Findings…', 'eye-closed'),
      command('findings.clearFilters', 'Clear Findings Filters', 'clear-all'),
      command('findings.refresh', 'Refresh Findings', 'refresh'),
      command('revealFinding', 'Go to Finding'),
      command('findings.markFalsePositive', 'Mark as False Positive…'),
      command('findings.acceptRisk', 'Accept Risk…'),
      command('findings.showDocumentation', 'Show Documentation', 'book'),
      command('setServiceApiKey', 'Set Service API Key'),
      command('refreshTeamTriage', 'Refresh Team Triage', 'sync'),
    ],
    // The findings view sits in its own container, so that it has room beside the explorer.
    viewsContainers: {
      activitybar: [{ id: 'synor', title: 'Synor', icon: '$(shield)' }],
    },
    views: {
      synor: [{ id: 'synor.findings', name: 'Findings', icon: '$(shield)', contextualTitle: 'Synor' }],
    },
    viewsWelcome: [
      {
        view: 'synor.findings',
        contents: 'Synor lists the findings of the open Solidity files here. Scan every file of the workspace to list them all.\n[Scan Workspace](command:synor.scanWorkspace)',
      },
    ],
    menus: {
      commandPalette: [
        { command: 'synor.showReport', when: isSolidity },
        { command: 'synor.showDocumentation', when: 'false' },
        { command: 'synor.applyUnsafeFix', when: 'false' },
        { command: 'synor.revealFinding', when: 'false' },
        { command: 'synor.findings.markFalsePositive', when: 'false' },
        { command: 'synor.findings.acceptRisk', when: 'false' },
        { command: 'synor.findings.showDocumentation', when: 'false' },
        { command: 'synor.fixAll', when: `${isSolidity} && !editorReadonly` },
        { command: 'synor.measureFunction', when: isSolidity },
      ],
      'editor/title': [{ command: 'synor.showReport', when: isSolidity, group: 'navigation@90' }],
      'view/title': [
        { command: 'synor.findings.groupBySeverity', when: `${findingsView} && synor.findings.groupBy == file`, group: 'navigation@1' },
        { command: 'synor.findings.groupByRule', when: `${findingsView} && synor.findings.groupBy == severity`, group: 'navigation@1' },
        { command: 'synor.findings.groupByFile', when: `${findingsView} && synor.findings.groupBy == rule`, group: 'navigation@1' },
        { command: 'synor.findings.filterSeverity', when: findingsView, group: 'navigation@2' },
        { command: 'synor.findings.filterTriaged', when: findingsView, group: 'navigation@3' },
        { command: 'synor.scanWorkspace', when: findingsView, group: 'navigation@4' },
        { command: 'synor.findings.groupByFile', when: findingsView, group: '1_group@1' },
        { command: 'synor.findings.groupBySeverity', when: findingsView, group: '1_group@2' },
        { command: 'synor.findings.groupByRule', when: findingsView, group: '1_group@3' },
        { command: 'synor.findings.filterRule', when: findingsView, group: '2_filter@1' },
        { command: 'synor.findings.clearFilters', when: `${findingsView} && synor.findings.filtered`, group: '2_filter@2' },
        { command: 'synor.findings.refresh', when: findingsView, group: '3_refresh@1' },
      ],
      'view/item/context': [
        { command: 'synor.findings.markFalsePositive', when: `${findingsView} && viewItem == synor.finding`, group: '1_triage@1' },
        { command: 'synor.findings.acceptRisk', when: `${findingsView} && viewItem == synor.finding`, group: '1_triage@2' },
        { command: 'synor.findings.showDocumentation', when: `${findingsView} && viewItem =~ /^synor\\.finding/`, group: '2_docs@1' },
        { command: 'synor.findings.showDocumentation', when: `${findingsView} && viewItem == synor.group.rule`, group: '2_docs@1' },
        { command: 'synor.findings.showDocumentation', when: `${findingsView} && viewItem =~ /^synor\\.finding/`, group: 'inline' },
      ],
      'editor/context': [
        { command: 'synor.measureFunction', when: isSolidity, group: 'synor@1' },
        { command: 'synor.fixAll', when: `${isSolidity} && !editorReadonly`, group: 'synor@2' },
      ],
    },
    configuration: {
      title: 'Synor',
      properties: {
        'synor.enable': {
          type: 'boolean',
          default: true,
          scope: 'resource',
          description: 'Analyse Solidity files with Synor.',
        },
        'synor.rules': {
          type: 'object',
          default: {},
          scope: 'resource',
          additionalProperties: severityOverride,
          markdownDescription:
            'Per-rule settings, by rule id: `"off"`, `"on"` or a severity (`"high"`, `"medium"`, `"low"`, `"info"`), e.g. `{ "tx-origin-auth": "high" }`. These override `synor.config.json`.',
        },
        'synor.lowSeverityAs': {
          type: 'string',
          enum: ['information', 'hint'],
          default: 'information',
          scope: 'resource',
          enumDescriptions: [
            'Listed in the Problems panel with a blue underline, like other findings.',
            'Shown as faint dots in the editor only; VS Code leaves hints out of the Problems panel.',
          ],
          markdownDescription: 'How gas findings and `info`-severity findings are shown: `information` (listed in the Problems panel) or `hint` (dots in the editor only).',
        },
        'synor.showVendoredFindings': {
          type: 'boolean',
          default: false,
          scope: 'resource',
          markdownDescription:
            'Show findings in vendored code (`lib/`, `node_modules/`, `dependencies/`, remapped dependencies). Such files are always analysed for navigation; their findings are hidden unless this is on.',
        },
        'synor.triagedFindings': {
          type: 'string',
          enum: ['hide', 'dim'],
          default: 'hide',
          scope: 'resource',
          enumDescriptions: [
            'Findings triaged in .synor/triage.json (other than confirmed) are not shown.',
            'Triaged findings are shown faded, as hints, with the decision and its reason.',
          ],
          markdownDescription: 'How findings triaged in `.synor/triage.json` (other than `confirmed`) are shown: `hide` (not at all, as in the CLI) or `dim` (faded hints that say the decision and its reason).',
        },
        'synor.debounceMs': {
          type: 'integer',
          default: 150,
          minimum: 0,
          maximum: 5000,
          scope: 'resource',
          description: 'Milliseconds to wait after the last keystroke before analysing.',
        },
        'synor.deepAnalysis.onSave': {
          type: 'boolean',
          default: true,
          scope: 'resource',
          description: 'Compile and measure gas when a file is saved.',
        },
        'synor.deepAnalysis.onIdle': {
          type: 'boolean',
          default: true,
          scope: 'resource',
          description: 'Compile and measure gas after a pause in typing, without saving.',
        },
        'synor.deepAnalysis.idleMs': {
          type: 'integer',
          default: 2000,
          minimum: 200,
          maximum: 600000,
          scope: 'resource',
          description: 'Milliseconds without typing before the deep analysis runs (with synor.deepAnalysis.onIdle).',
        },
        'synor.deepAnalysis.timeoutMs': {
          type: 'integer',
          default: 30000,
          minimum: 1000,
          maximum: 600000,
          scope: 'resource',
          description: 'Time limit of one deep analysis (compile and gas measurement), in milliseconds.',
        },
        'synor.fastAnalysis.budgetMs': {
          type: 'integer',
          default: 15000,
          minimum: 100,
          maximum: 600000,
          scope: 'resource',
          description: 'Time limit of one as-you-type analysis, in milliseconds. When it is reached, Synor publishes what it found so far and says, on the first line, that the analysis was cut short.',
        },
        'synor.workspaceIndex.maxFiles': {
          type: 'integer',
          default: 5000,
          minimum: 0,
          maximum: 100000,
          scope: 'window',
          description:
            "How many of the workspace's own Solidity sources the language server indexes in the background, so that a base contract is judged as part of the contracts that derive from it (as the CLI does). 0 turns the index off.",
        },
        'synor.scanWorkspaceOnStartup': {
          type: 'boolean',
          default: false,
          scope: 'window',
          description: 'Analyse every Solidity file of the workspace when the server starts, so that the Problems panel lists them all.',
        },
        'synor.compilerPath': {
          type: 'string',
          default: '',
          scope: 'machine',
          markdownDescription:
            'Path to a `soljson.js` or a `solc` package folder to use instead of the bundled compilers. Read from user settings only, and ignored in untrusted workspaces.',
        },
        // The team's triage from a Synor service (client/src/team.ts). The server is machine-scoped
        // (user settings only) so that a workspace cannot send the user's API key to a server of
        // its choosing; the key itself is in SecretStorage ("Synor: Set Service API Key").
        'synor.server': {
          type: 'string',
          default: '',
          scope: 'machine',
          markdownDescription:
            "URL of your team's Synor service (e.g. `https://synor.example`). With `#synor.project#` and a key set by **Synor: Set Service API Key**, the editor shows the team's triage and shares your triage decisions. Read from user settings only.",
        },
        'synor.project': {
          type: 'string',
          default: '',
          scope: 'window',
          markdownDescription: "Id of the project on `#synor.server#` whose triage the editor follows. A workspace's value is used only once the workspace is trusted.",
        },
        'synor.teamRefreshSeconds': {
          type: 'integer',
          default: 60,
          minimum: 10,
          maximum: 86400,
          scope: 'window',
          description: "How often the team's triage is fetched again from synor.server, in seconds (after a failure, retries back off up to 5 minutes).",
        },
        'synor.exclude': {
          type: 'array',
          items: { type: 'string' },
          default: [],
          scope: 'resource',
          markdownDescription: 'Glob patterns of files to leave out, relative to the workspace folder, e.g. `lib/**`.',
        },
        'synor.trace.server': {
          type: 'string',
          enum: ['off', 'messages', 'verbose'],
          default: 'off',
          scope: 'window',
          description: 'Traces the messages between VS Code and the Synor language server, in the output channel.',
        },
        'synor.logLevel': {
          type: 'string',
          enum: ['error', 'warn', 'info', 'debug'],
          default: 'info',
          scope: 'window',
          description: 'How much Synor writes to its output channel; "debug" includes the timing of every analysis.',
        },
      },
    },
  },
};

const current = JSON.parse(fs.readFileSync(file, 'utf8'));
const next = { ...current };
// New keys land at the end; existing ones keep their place, so diffs stay small.
for (const [key, value] of Object.entries(manifest)) next[key] = value;
if (process.argv.includes('--check')) {
  const differs = Object.keys(manifest).filter((k) => JSON.stringify(current[k]) !== JSON.stringify(manifest[k]));
  if (differs.length > 0) {
    console.error(`package.json is out of date for: ${differs.join(', ')}; run node client/manifest.mjs`);
    process.exit(1);
  }
} else {
  fs.writeFileSync(file, JSON.stringify(next, null, 2) + '\n');
  console.log(`package.json: wrote ${Object.keys(manifest).join(', ')}`);
}
