import type { Logger } from 'pino';
import { loadConfig, type Config } from '../../../src/config.js';
import type { Store } from '../../../src/store/store.js';
import type { Deps } from '../../../src/workflows/deps.js';
import type { OwedMessage } from '../../../src/workflows/ports/outbox.js';
import type { Records } from '../../../src/workflows/ports/records.js';
import { FakeDeployer } from './fake-deployer.js';
import { FakeDeployments } from './fake-deployments.js';
import { FakeDirectory } from './fake-directory.js';
import { FakeGitHub } from './fake-github.js';
import { memoryRecords } from './memory-records.js';
import { RecordingNarrator, said, type Told } from './recording-narrator.js';
import { recordingLogger, type LogLine } from './recording-logger.js';
import { TestClock } from './test-clock.js';

export const ORG = 'acme';
export const RELEASE_CHANNEL = 'CRELEASES';
export const APPROVER = 'UAPPROVER';
export const APPROVER_GROUP = 'SAPPROVERS';
export const GROUP_MEMBER = 'UGROUPIE';
export const STRANGER = 'USTRANGER';

/** The environment a bot needs to start, with nothing real in it. */
export const TEST_ENV: Record<string, string> = {
  SLACK_BOT_TOKEN: 'xoxb-test',
  SLACK_APP_TOKEN: 'xapp-test',
  GITHUB_TOKEN: 'ghp_test',
  GITHUB_WEBHOOK_SECRET: 'webhook-secret',
  GITHUB_ORG: ORG,
  RELEASE_CHANNEL,
  RELEASE_BOT_CONFIG: 'release-bot.yml',
};

/** release-bot.yml for most tests: one approver by name, one group, connectors on, `infra-*` excluded. */
export const TEST_YAML = `
approvers: [${APPROVER}, ${APPROVER_GROUP}]
exclude: ['infra-*']
connectors:
  triggerRepos: [connector-kit]
`;

/** The config `loadConfig` makes of an environment and a release-bot.yml; throws with the problems when it is invalid. */
export function testConfig(yaml = TEST_YAML, env: Record<string, string | undefined> = {}): Config {
  const loaded = loadConfig({ ...TEST_ENV, ...env }, () => yaml);
  if (!loaded.ok) throw new Error(`test config is invalid:\n${loaded.problems.join('\n')}`);
  return loaded.config;
}

/** Full `Deps` of fakes, with handles on each fake for the test to drive and to assert on. */
export interface TestDeps extends Deps {
  github: FakeGitHub;
  orgReader: FakeGitHub;
  deployments: FakeDeployments;
  narrator: RecordingNarrator;
  directory: FakeDirectory;
  deployer?: FakeDeployer;
  store: Records;
  /** the same database, synchronously: seed rows, read what was recorded and owed */
  sync: Store;
  clock: TestClock;
  logs: LogLine[];
}

export interface DepsOptions {
  yaml?: string;
  env?: Record<string, string | undefined>;
  groups?: Record<string, string[]>;
  /** false: no `rollout:` deployer, as without a `rollout:` section */
  deployer?: FakeDeployer | false;
}

export function makeDeps(o: DepsOptions = {}): TestDeps {
  const clock = new TestClock();
  const { records, sync } = memoryRecords(clock.now);
  const github = new FakeGitHub(ORG);
  const { logger, lines } = recordingLogger();
  return {
    config: testConfig(o.yaml, o.env),
    store: records,
    github,
    orgReader: github,
    deployments: new FakeDeployments(),
    narrator: new RecordingNarrator(),
    directory: new FakeDirectory(o.groups ?? { [APPROVER_GROUP]: [GROUP_MEMBER] }),
    logger: logger as Logger,
    ...(o.deployer === false ? {} : { deployer: o.deployer ?? new FakeDeployer('http') }),
    sync,
    clock,
    logs: lines,
  };
}

/** An owed outbox row with what the recording narrator said in it. */
export type OwedRow = Omit<OwedMessage, 'message'> & { key: string; told: Told };

/** The messages owed and not sent yet, oldest first, with what each was about. */
export function owed(sync: Store): OwedRow[] {
  return sync.outbox.pending().map((row) => ({
    key: row.key,
    lane: row.lane,
    kind: row.kind,
    channel: row.channel,
    refTs: row.refTs,
    refKey: row.refKey,
    told: said(row.message),
  }));
}

let sent = 0;
/** Plays the outbox sender: every pending row is marked sent with a fresh ts (which the store records on its row). */
export function sendAll(sync: Store): void {
  for (const row of sync.outbox.pending()) sync.outbox.markSent(row.id, row.revision, `1700000000.${String(++sent).padStart(6, '0')}`);
}
