import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../../src/store/migrate.js';
import { openDatabase } from '../../src/store/open-database.js';
import { openStore } from '../../src/store/store.js';
import { buildKey, newRollout } from './contract/new-rollout.js';

const path = () => join(mkdtempSync(join(tmpdir(), 'rollout-deployment-store-')), 'bot.db');
const rolloutSql = `INSERT INTO rollouts (connector_id, version, image, kind, source, status, channel, thread_ts, reported, received_at, updated_at)
  VALUES ('connector-foo', '1.3.0', 'ghcr.io/acme/connector-foo:1.3.0', 'build', 'build-notice', 'deployed', 'C1', '1.1', 'deployed', 'x', 'x')`;

describe('rollout deployment store (migration 0014)', () => {
  it('makes no deployment after the fact for rollouts from before the migration', () => {
    const file = path();
    const db = openDatabase(file);
    migrate(
      db,
      readMigrations().filter((m) => m.version < 14),
    );
    db.exec(rolloutSql);
    db.close();

    const s = openStore(file);
    expect(s.rolloutDeployments.get(1)).toMatchObject({ deploymentId: null, state: null, error: 'rolled out before the bot recorded GitHub deployments' });
    expect(s.rollouts.unfinished()).toEqual([]);
    s.close();
  });

  it('records the id and each state, audited, and lists the connector deployments last set to success', () => {
    const s = openStore(path());
    s.atomically(() => {
      s.rollouts.record(newRollout('1.4.0'), { ...buildKey('1.4.0'), startBy: 'bot' });
    });
    s.rolloutDeployments.setId(1, 42, 'created');
    s.rolloutDeployments.setState(1, 'in_progress', 'deploying');
    expect(s.rolloutDeployments.active('connector-foo', 99)).toEqual([]);
    s.rolloutDeployments.setState(1, 'success', 'deployed');
    expect(s.rolloutDeployments.active('connector-foo', 99)).toMatchObject([{ rolloutId: 1, deploymentId: 42, state: 'success' }]);
    expect(s.rolloutDeployments.active('connector-foo', 1)).toEqual([]);
    expect(s.rolloutDeployments.setError(1, 'gone')).toBe(true);
    expect(s.rolloutDeployments.setError(1, 'gone again')).toBe(false);
    expect(s.audit.entries({ subjectType: 'deployment', subjectId: '1' }).map((e) => `${e.action}:${e.fromStatus}→${e.toStatus}`)).toEqual([
      'deployment-created:null→null',
      'deployment-in_progress:null→in_progress',
      'deployment-success:in_progress→success',
      'deployment-abandoned:null→null',
    ]);
    s.close();
  });
});
