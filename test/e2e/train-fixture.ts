import type { GitHubEmulator } from '../../src/sandbox/github/github-emulator.js';

export const TRAIN_CONFIG = `approvers: [U0APPROVER]
connectors:
  triggerRepos: [connector-sdk]
github:
  writesPerMinute: 6000
  concurrency: 8
`;

/**
 * 30 repositories: 20 connectors with unreleased commits (connector-sdk among them), 5 up to
 * date, 3 archived, and 2 that are not connectors. Returns the head each releasable one should be tagged on.
 */
export function seedTrain(github: GitHubEmulator, o: { releasable?: number } = {}): { releasable: Map<string, string>; untouched: string[] } {
  const releasable = new Map<string, string>();
  const untouched: string[] = [];
  // `releasable` below 20 leaves connector-sdk out
  for (let i = 1; i <= (o.releasable ?? 20); i++) {
    const name = i === 20 ? 'connector-sdk' : `connector-r${String(i).padStart(2, '0')}`;
    github.createRepo(name);
    github.commit(name, 'feat: first sync');
    github.tag(name, '1.4.0', { annotated: i % 2 === 0 });
    github.tag(name, 'v9.9.9'); // not a connector tag: connectors use bare tags
    github.commit(name, i % 5 === 0 ? 'feat!: new auth flow' : i % 2 ? 'fix: token refresh' : 'feat: sync deletes');
    releasable.set(name, github.head(name));
  }
  for (let i = 1; i <= 5; i++) {
    const name = `connector-u${i}`;
    github.createRepo(name);
    github.commit(name, 'feat: first sync');
    github.tag(name, '2.0.0');
    untouched.push(name);
  }
  for (let i = 1; i <= 3; i++) {
    const name = `connector-a${i}`;
    github.createRepo(name);
    github.commit(name, 'feat: first sync');
    github.tag(name, '0.3.0');
    github.commit(name, 'fix: never released');
    github.setArchived(name, true);
    untouched.push(name);
  }
  for (const name of ['widget', 'site']) {
    github.createRepo(name);
    github.commit(name, 'feat: not a connector');
    untouched.push(name);
  }
  return { releasable, untouched };
}

/** The version each releasable connector should get. */
export const expectedVersion = (name: string) => {
  const i = name === 'connector-sdk' ? 20 : Number(name.slice(-2));
  return i % 5 === 0 ? '2.0.0' : i % 2 ? '1.4.1' : '1.5.0';
};
