import type { TestProject } from 'vitest/node';
import { startPgCluster } from './pg-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgres://… of the run's throwaway cluster; '' when PostgreSQL is not installed */
    pgUrl: string;
  }
}

/**
 * One throwaway PostgreSQL cluster for the whole run (each test file makes its own database in it).
 * Without PostgreSQL the tests that need it skip, saying so; in CI (CI=true) its absence is an error.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startPgCluster();
  if (!cluster) {
    if (process.env.CI) throw new Error('PostgreSQL is not installed (initdb not found): .ci/run installs it with apt-get');
    console.warn('\n⚠ PostgreSQL is not installed (initdb not found): the PostgreSQL store tests are SKIPPED. `apt-get install postgresql` runs them.\n');
  }
  project.provide('pgUrl', cluster?.url ?? '');
  return () => cluster?.stop();
}
