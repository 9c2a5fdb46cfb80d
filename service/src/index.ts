/** The Synor service as a library: `synor serve`, `synor worker` and `synor keys` (cli/src/serve.ts) start it. */
export { readConfig, ConfigUsageError, type ServiceConfig } from './config';
export { openService, type Service } from './service';
export { startWorker } from './worker';
export { buildApp } from './app';
export { createKey, ROLES, type Role } from './auth';
export { openPglite, openPostgres } from './db';
export { migrate } from './migrations';
export { runAnalysis, engineVersion } from './engine-run';
