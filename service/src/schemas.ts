/**
 * The JSON schema of every route: request validation, the types handlers see
 * and the OpenAPI document all come from here. Response objects allow more
 * properties than they list, so that the serialiser never drops a field the
 * handler returns; the listed ones document the contract.
 */
import { TRIAGE_STATES } from '../../engine/src';
import type { AnalysisSettings } from './engine-run';
import { MAX_BYTECODE_BYTES } from './bytecode-run';

const err = { $ref: 'Error#' } as const;
const errors = (...codes: number[]) => Object.fromEntries([400, 401, 403, 429, ...codes].map((c) => [c, err]));
const obj = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', properties, required, additionalProperties: true });
const anyObj = { type: 'object', additionalProperties: true } as const;
const uuid = { type: 'string', format: 'uuid' } as const;
const idParams = { type: 'object', properties: { id: uuid }, required: ['id'], additionalProperties: false } as const;
const nullable = (t: string) => ({ type: [t, 'null'] });

const project = obj({ id: uuid, name: { type: 'string' }, description: { type: 'string' }, createdAt: { type: 'string', format: 'date-time' } });
const links = anyObj;
// Figures are `number`, not `integer`: the serialiser would silently round a per-iteration average.
const gasFigure = { type: ['number', 'string'] };
/** What `settings.measure` measured: per contract as `synor --measure --format json` reports it under `gas`, and the notes. */
export const measuredGas = obj(
  {
    contracts: {
      type: 'array',
      items: obj(
        {
          name: { type: 'string' },
          file: { type: 'string' },
          deploy: { ...obj({ gas: { type: 'number' }, failed: { type: 'string' } }), description: 'Deployment gas (`gas`), or why deployment failed (`failed`)' },
          runtimeSize: { type: 'integer', description: 'Bytes of runtime code' },
          sizeLimit: { type: 'integer', description: "EIP-170's limit (24,576 bytes)" },
          functions: {
            type: 'array',
            items: obj(
              {
                name: { type: 'string' },
                signature: { type: 'string' },
                gas: { ...gasFigure, description: "Transaction gas of the scenario's call, or `reverted` / `not-called`" },
                revertReason: { type: 'string' },
                refund: { type: 'number' },
                scenario: { type: 'string' },
                perIteration: obj({ gas: { type: 'number' }, sizes: { type: 'array', items: { type: 'integer' } }, over: { type: 'string' } }),
                stubbed: { type: 'boolean' },
                stats: obj({ min: { type: 'number' }, median: { type: 'number' }, max: { type: 'number' }, samples: { type: 'integer' } }, ['min', 'median', 'max', 'samples']),
              },
              ['name', 'signature', 'gas'],
            ),
          },
          opcodes: { type: 'object', additionalProperties: { type: 'integer' } },
        },
        ['name', 'file', 'deploy', 'runtimeSize', 'sizeLimit', 'functions'],
      ),
    },
    deployed: { type: 'integer' },
    deployable: { type: 'integer' },
    withdrawn: { type: 'integer', description: 'Gas hints withdrawn because their fix measured as a loss or as no change' },
    notes: { type: 'array', items: { type: 'string' }, description: 'The compiler used, and what could not be measured and why' },
    headline: { type: 'string', description: 'Set when nothing at all was measured' },
  },
  ['contracts', 'deployed', 'deployable', 'withdrawn', 'notes'],
);

const analysisSummary = obj({
  id: uuid,
  projectId: uuid,
  status: { type: 'string', enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled'] },
  progress: { type: 'number' },
  engineVersion: { type: 'string' },
  kind: { type: 'string', enum: ['source', 'bytecode'] },
  chainId: nullable('integer'),
  address: nullable('string'),
  commit: nullable('string'),
  branch: nullable('string'),
  reusedFrom: nullable('string'),
  error: nullable('string'),
  createdAt: { type: 'string' },
  finishedAt: nullable('string'),
  links,
  result: obj({ findings: { type: 'array', items: obj({ fingerprint: { type: 'string' }, ruleId: { type: 'string' }, severity: { type: 'string' }, file: { type: 'string' }, range: anyObj, message: { type: 'string' }, pc: { type: 'integer' }, selectors: { type: 'array', items: { type: 'string' } }, confirmed: { type: 'boolean' }, triage: anyObj, gas: { ...anyObj, description: "With settings.measure, a gas hint's fix measured before and after (measured, verdict) or why not (unmeasured)" } }) }, summary: anyObj, risk: { type: 'array', items: anyObj }, bytecode: obj({ codeHash: { type: 'string' }, analysis: anyObj }), gas: measuredGas }),
});

export const health = { tags: ['operations'], summary: 'Liveness: the process answers', security: [], response: { 200: obj({ status: { type: 'string' } }) } };
export const ready = { tags: ['operations'], summary: 'Readiness: the database answers and every migration is applied', security: [], response: { 200: anyObj, 503: anyObj } };

export const token = { tags: ['auth'], summary: 'Issue a short-lived token (JWT) for the API key sent', response: {
    200: obj(
      {
        token: { type: 'string' },
        tokenType: { type: 'string' },
        expiresIn: { type: 'integer', description: 'Seconds' },
        expiresAt: { type: 'string', format: 'date-time', description: "The token's exp claim" },
        role: { type: 'string', enum: ['admin', 'maintainer', 'viewer'], description: 'The role of the key the token was issued for' },
        projectId: { ...nullable('string'), description: 'The project the key is scoped to; null for a global key' },
      },
      ['token', 'tokenType', 'expiresIn', 'expiresAt', 'role', 'projectId'],
    ),
    ...errors(),
  },
};
export const createKey = {
  tags: ['auth'],
  summary: 'Create an API key (admin); the key is shown once',
  body: {
    type: 'object',
    required: ['name', 'role'],
    additionalProperties: false,
    properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, role: { type: 'string', enum: ['admin', 'maintainer', 'viewer'] }, projectId: uuid, rateLimit: { type: 'integer', minimum: 1, maximum: 1_000_000, description: 'Requests per rate-limit window for this key' } },
  },
  response: { 201: obj({ id: uuid, key: { type: 'string' }, role: { type: 'string' }, projectId: nullable('string') }), ...errors(404) },
};
export const listKeys = { tags: ['auth'], summary: 'List API keys (admin); never their secrets', querystring: { type: 'object', additionalProperties: false, properties: { projectId: uuid } }, response: { 200: obj({ keys: { type: 'array', items: anyObj } }), ...errors() } };
export const revokeKey = { tags: ['auth'], summary: 'Revoke an API key (admin); tokens issued for it stop working too', params: idParams, response: { 200: obj({ id: uuid, revokedAt: { type: 'string' } }), ...errors(404) } };

export const createProject = {
  tags: ['projects'],
  summary: 'Create a project (global admin)',
  body: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, description: { type: 'string', maxLength: 2000 } } },
  response: { 201: project, ...errors(409) },
};
export const listProjects = { tags: ['projects'], summary: 'Projects the key can see', response: { 200: obj({ projects: { type: 'array', items: project } }), ...errors() } };
export const getProject = { tags: ['projects'], summary: 'One project', params: idParams, response: { 200: project, ...errors(404) } };
export const listAnalyses = {
  tags: ['analyses'],
  summary: "A project's analyses, newest first, by commit, branch or status",
  params: idParams,
  querystring: { type: 'object', additionalProperties: false, properties: { commit: { type: 'string', maxLength: 100 }, branch: { type: 'string', maxLength: 255 }, status: { type: 'string', enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled'] }, limit: { type: 'integer', minimum: 1, maximum: 500 } } },
  response: { 200: obj({ analyses: { type: 'array', items: analysisSummary } }), ...errors(404) },
};

export interface AnalyzeBody {
  projectId?: string;
  files?: Record<string, string>;
  zip?: string;
  entry?: string;
  settings?: AnalysisSettings;
  priority?: number;
  commit?: string;
  branch?: string;
  bytecode?: string;
  chainId?: number;
  address?: string;
}
export const analyze = {
  tags: ['analyses'],
  summary: 'Queue an analysis of Solidity sources (a file map or a base64 .zip) or of bytecode (hex, or an address on a chain the server has an RPC endpoint for)',
  description:
    'Answers 202 at once with the analysis id and links. The same sources, entry, settings and engine version reuse the stored result (`reused: true`); for bytecode, the same code (by keccak-256) and engine version. ' +
    '`bytecode` is runtime or creation code as 0x-hex, with optional `chainId` and `address` recorded on the contract; `chainId` and `address` alone read the code through the server\'s `SYNOR_RPC_<chainId>` endpoint.',
  body: {
    type: 'object',
    additionalProperties: false,
    properties: {
      projectId: uuid,
      files: { type: 'object', additionalProperties: { type: 'string' }, maxProperties: 2000, description: 'Relative path → text' },
      zip: { type: 'string', description: 'A .zip archive, base64; Solidity files, remappings.txt and foundry.toml in it are read' },
      entry: { type: 'string', maxLength: 512, description: 'The file to report on; by default every .sol file outside lib/ and node_modules/' },
      settings: {
        type: 'object',
        additionalProperties: false,
        properties: { rules: { type: 'object', additionalProperties: { type: 'string' }, description: 'As synor.config.json "rules"' }, remappings: { type: 'array', items: { type: 'string', maxLength: 1000 }, maxItems: 200 },
          measure: { type: 'boolean', description: 'Measure gas as `synor --measure` does: compile with a bundled solc, deploy and call each contract in an EVM, measure each gas fix; in the same time limit. Part of the idempotency key.' },
        },
      },
      priority: { type: 'integer', minimum: 0, maximum: 100, description: 'Higher runs first' },
      commit: { type: 'string', maxLength: 100 },
      branch: { type: 'string', maxLength: 255 },
      bytecode: { type: 'string', pattern: '^0x([0-9a-fA-F]{2})+$', maxLength: 2 + 2 * MAX_BYTECODE_BYTES, description: `Runtime or creation code: 0x and an even number of hex digits, at most ${MAX_BYTECODE_BYTES} bytes` },
      chainId: { type: 'integer', minimum: 1, maximum: 2 ** 53 - 1, description: 'The chain the address is on (EIP-155 id)' },
      address: { type: 'string', pattern: '^0x[0-9a-fA-F]{40}$', description: 'The address of the deployed contract' },
    },
  },
  response: { 202: obj({ id: uuid, status: { type: 'string' }, reused: { type: 'boolean' }, links }), ...errors(404, 413, 415, 502, 503) },
};
export const getAnalysis = {
  tags: ['analyses'],
  summary: 'Status, progress and result (findings with fingerprints and triage, risk, and measured gas when the analysis asked for it)',
  params: idParams,
  querystring: { type: 'object', additionalProperties: false, properties: { include: { type: 'string', enum: ['report'] } } },
  response: { 200: analysisSummary, ...errors(404) },
};
export const sarif = { tags: ['analyses'], summary: 'The result as SARIF 2.1.0', params: idParams, produces: ['application/sarif+json'], response: { ...errors(404, 409) } };
export const markdown = { tags: ['analyses'], summary: 'The result as a Markdown report', params: idParams, produces: ['text/markdown'], response: { ...errors(404, 409) } };
export const cancel = { tags: ['analyses'], summary: 'Cancel a queued or running analysis', params: idParams, response: { 200: obj({ id: uuid, status: { type: 'string' } }), ...errors(404, 409) } };
export const events = { tags: ['analyses'], summary: 'Server-sent events: progress, then completed', params: idParams, produces: ['text/event-stream'], response: { ...errors(404) } };
export const diff = {
  tags: ['analyses'],
  summary: 'Findings new, fixed and unchanged since the base analysis, by fingerprint',
  params: idParams,
  querystring: { type: 'object', required: ['base'], additionalProperties: false, properties: { base: uuid } },
  response: { 200: obj({ base: uuid, head: uuid, summary: obj({ new: { type: 'integer' }, fixed: { type: 'integer' }, unchanged: { type: 'integer' } }), new: { type: 'array', items: anyObj }, fixed: { type: 'array', items: anyObj }, unchanged: { type: 'array', items: anyObj } }), ...errors(404, 409) },
};

const fpParams = { type: 'object', required: ['id', 'fingerprint'], additionalProperties: false, properties: { id: uuid, fingerprint: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9:._/+=-]+$' } } } as const;
export const getTriage = { tags: ['triage'], summary: "A project's triage, in the format of .synor/triage.json", params: idParams, response: { 200: obj({ version: { type: 'integer' }, fingerprints: { type: 'string' }, findings: anyObj }), ...errors(404) } };
export const putTriage = {
  tags: ['triage'],
  summary: 'Set the triage of one finding (by fingerprint)',
  params: fpParams,
  body: { type: 'object', required: ['state', 'reason'], additionalProperties: false, properties: { state: { type: 'string', enum: [...TRIAGE_STATES] }, reason: { type: 'string', minLength: 1, maxLength: 4000 }, author: { type: 'string', maxLength: 200 } } },
  response: { 200: obj({ fingerprint: { type: 'string' }, state: { type: 'string' }, reason: { type: 'string' }, author: { type: 'string' }, date: { type: 'string' } }), ...errors(404) },
};
export const deleteTriage = { tags: ['triage'], summary: 'Remove the triage of one finding', params: fpParams, response: { 204: { type: 'null' }, ...errors(404) } };
export const trends = {
  tags: ['projects'],
  summary: 'Findings by severity and rule over the project’s succeeded analyses, oldest first',
  params: idParams,
  querystring: { type: 'object', additionalProperties: false, properties: { branch: { type: 'string', maxLength: 255 }, limit: { type: 'integer', minimum: 1, maximum: 500 } } },
  response: { 200: obj({ points: { type: 'array', items: anyObj } }), ...errors(404) },
};
export const auditLog = { tags: ['projects'], summary: 'Who changed what in a project (admin)', params: idParams, querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 1000 } } }, response: { 200: obj({ entries: { type: 'array', items: anyObj } }), ...errors(404) } };
export const getContract = { tags: ['contracts'], summary: 'One contract seen by an analysis', params: idParams, response: { 200: anyObj, ...errors(404) } };
export const searchContracts = {
  tags: ['contracts'],
  summary: 'Contracts by project, chain and address, or name',
  querystring: { type: 'object', additionalProperties: false, properties: { projectId: uuid, chainId: { type: 'integer', minimum: 0 }, address: { type: 'string', pattern: '^0x[0-9a-fA-F]{40}$' }, name: { type: 'string', maxLength: 200 } } },
  response: { 200: obj({ contracts: { type: 'array', items: anyObj } }), ...errors() },
};

const webhook = obj({ id: uuid, projectId: uuid, url: { type: 'string' }, events: { type: 'array', items: { type: 'string' } }, description: { type: 'string' }, active: { type: 'boolean' }, createdAt: { type: 'string', format: 'date-time' } });
const webhookParams = { type: 'object', required: ['id', 'webhookId'], additionalProperties: false, properties: { id: uuid, webhookId: uuid } } as const;
export const createWebhook = {
  tags: ['webhooks'],
  summary: 'Register a webhook for the project (admin); its signing secret is shown once',
  description:
    'When one of the project’s analyses ends, the service POSTs a JSON event to the URL, signed with the secret: the header `synor-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. ' +
    'Only http and https URLs; loopback, private and reserved addresses are refused unless the server sets SYNOR_WEBHOOK_ALLOW_PRIVATE=1.',
  params: idParams,
  body: {
    type: 'object',
    required: ['url'],
    additionalProperties: false,
    properties: {
      url: { type: 'string', minLength: 1, maxLength: 2048 },
      events: { type: 'array', items: { type: 'string', enum: ['analysis.succeeded', 'analysis.failed', 'analysis.cancelled'] }, minItems: 1, uniqueItems: true, description: 'By default all three' },
      description: { type: 'string', maxLength: 500 },
    },
  },
  response: { 201: obj({ ...webhook.properties, secret: { type: 'string', description: 'Shown once' } }), ...errors(404) },
};
export const listWebhooks = { tags: ['webhooks'], summary: "The project's webhooks (admin); never their secrets", params: idParams, response: { 200: obj({ webhooks: { type: 'array', items: webhook } }), ...errors(404) } };
export const deleteWebhook = { tags: ['webhooks'], summary: 'Remove a webhook (admin); its pending deliveries are not sent', params: webhookParams, response: { 204: { type: 'null' }, ...errors(404) } };
export const listDeliveries = {
  tags: ['webhooks'],
  summary: "A webhook's deliveries, newest first, with every attempt (admin)",
  params: webhookParams,
  querystring: { type: 'object', additionalProperties: false, properties: { status: { type: 'string', enum: ['pending', 'retrying', 'delivered', 'dead'] }, limit: { type: 'integer', minimum: 1, maximum: 500 } } },
  response: {
    200: obj({
      deliveries: {
        type: 'array',
        items: obj({ id: uuid, webhookId: uuid, analysisId: uuid, event: { type: 'string' }, status: { type: 'string', enum: ['pending', 'retrying', 'delivered', 'dead'] }, attempts: { type: 'integer' }, lastStatus: nullable('integer'), lastError: nullable('string'), log: { type: 'array', items: anyObj }, deliveredAt: nullable('string') }),
      },
    }),
    ...errors(404),
  },
};
