import type { Store } from '../store/store.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** One release the history holds, in minutes after its proposal; `rollout` when its image went out. */
export interface PastRelease {
  repo: string;
  version: string;
  /** days before now that it was proposed */
  daysAgo: number;
  /** hours between the oldest commit and the proposal */
  commitHours: number;
  approveMinutes: number;
  releaseMinutes: number;
  rollout?: { minutes: number; outcome: 'deployed' | 'failed' | 'rolled-back'; fix?: { version: string; minutes: number }; rollbackTo?: string };
}

/**
 * A few weeks of a busy organisation: most releases fine, one failed rollout fixed, one rolled back
 * and still pinned. Versions stay below the sandbox's tags (widget v1.2.3, connectors 1.0.0), so the
 * records never claim a tag the emulated organisation has.
 */
export const SANDBOX_HISTORY: readonly PastRelease[] = [
  { repo: 'widget', version: '1.0.0', daysAgo: 50, commitHours: 30, approveMinutes: 45, releaseMinutes: 47 },
  {
    repo: 'connector-hubspot',
    version: '0.7.0',
    daysAgo: 44,
    commitHours: 52,
    approveMinutes: 200,
    releaseMinutes: 203,
    rollout: { minutes: 230, outcome: 'deployed' },
  },
  {
    repo: 'connector-jira',
    version: '0.8.0',
    daysAgo: 40,
    commitHours: 20,
    approveMinutes: 30,
    releaseMinutes: 31,
    rollout: { minutes: 50, outcome: 'deployed' },
  },
  { repo: 'widget', version: '1.1.0', daysAgo: 25, commitHours: 70, approveMinutes: 15, releaseMinutes: 17 },
  {
    repo: 'connector-hubspot',
    version: '0.8.0',
    daysAgo: 21,
    commitHours: 26,
    approveMinutes: 90,
    releaseMinutes: 92,
    rollout: { minutes: 120, outcome: 'failed', fix: { version: '0.8.1', minutes: 95 } },
  },
  {
    repo: 'connector-jira',
    version: '0.9.0',
    daysAgo: 12,
    commitHours: 8,
    approveMinutes: 25,
    releaseMinutes: 26,
    rollout: { minutes: 40, outcome: 'deployed' },
  },
  { repo: 'site', version: '2.3.0', daysAgo: 9, commitHours: 100, approveMinutes: 600, releaseMinutes: 602 },
  { repo: 'widget', version: '1.1.1', daysAgo: 5, commitHours: 18, approveMinutes: 20, releaseMinutes: 22 },
  {
    repo: 'connector-hubspot',
    version: '0.9.0',
    daysAgo: 3,
    commitHours: 30,
    approveMinutes: 40,
    releaseMinutes: 42,
    rollout: { minutes: 60, outcome: 'rolled-back', rollbackTo: '0.8.1' },
  },
];

/**
 * Writes `history` through the store's own methods, moving the store's clock (`setClock`) to each
 * step's time, so every row and audit line is what the bot would have written then. For the
 * sandbox (the insights have something to show on first use) and the tests.
 */
export function seedHistory(store: Store, setClock: (at: Date) => void, now: Date, history: readonly PastRelease[] = SANDBOX_HISTORY): void {
  for (const [i, h] of history.entries()) {
    const proposed = now.getTime() - h.daysAgo * DAY;
    const at = (minutes: number) => setClock(new Date(proposed + minutes * MINUTE));
    const connector = h.repo.startsWith('connector-');
    const tag = connector ? h.version : `v${h.version}`;
    at(0);
    const { release } = store.releases.propose(
      {
        repo: h.repo,
        sha: `${String(i).padStart(2, '0')}${'5eed'.repeat(9)}5e`,
        defaultBranch: 'main',
        repoUrl: `https://github.com/sandbox/${h.repo}`,
        tagPrefix: connector ? '' : 'v',
        currentTag: null,
        currentVersion: null,
        lastPrerelease: null,
        highestStable: null,
        ignoredTags: [],
        line: 'default',
        suggestedBump: 'minor',
        bump: 'minor',
        pre: null,
        draft: false,
        nextVersion: h.version,
        tag,
        commits: [
          {
            sha: `${'c0'.repeat(19)}${String(i).padStart(2, '0')}`,
            title: `feat: change ${i}`,
            type: 'feat',
            scope: null,
            subject: `change ${i}`,
            breaking: false,
            breakingNote: null,
            bump: 'minor',
            author: 'dana',
            date: new Date(proposed - h.commitHours * HOUR).toISOString(),
          },
        ],
        reason: { kind: 'none' },
        notesMode: 'conventional',
        channel: 'CHISTORY',
        trigger: 'command',
        requestedBy: 'U0DANA',
        batchId: null,
      },
      'U0DANA',
    );
    at(h.approveMinutes);
    store.releases.approve(release.id, 'U0LEAD');
    at(h.releaseMinutes - 1);
    store.releases.advance(release.id, 'approved', 'tagged', 'bot', 'tagged');
    at(h.releaseMinutes);
    store.releases.advance(release.id, 'tagged', 'published', 'bot', 'published', {
      releaseId: 1000 + i,
      releaseUrl: `https://github.com/sandbox/${h.repo}/releases/tag/${tag}`,
    });
    store.releases.advance(release.id, 'published', 'notified', 'bot', 'notified');
    store.releases.setReported(release.id, 'notified');
    if (h.rollout) seedRollout(store, at, h, release.id);
  }
  for (const connectorId of new Set(history.filter((h) => h.rollout).map((h) => h.repo))) {
    for (const r of store.rollouts.ofConnector(connectorId)) {
      store.rollouts.setReported(r.id, r.status);
      // Told long ago, on GitHub too: a start-up makes no deployment of the past.
      store.rolloutDeployments.setError(r.id, 'seeded history: no GitHub deployment');
    }
  }
}

function seedRollout(store: Store, at: (minutes: number) => void, h: PastRelease, releaseId: number): void {
  const r = h.rollout!;
  const image = (v: string) => `ghcr.io/sandbox/${h.repo}:${v}`;
  const put = (
    version: string,
    kind: 'build' | 'rollback',
    minutes: number,
    outcome: 'deployed' | 'failed',
    o: { releaseId?: number; rollbackOf?: number } = {},
  ) => {
    at(minutes - 2);
    const recorded = store.rollouts.record(
      {
        connectorId: h.repo,
        version,
        image: image(version),
        kind,
        source: kind === 'build' ? 'build-notice' : 'slack',
        needsApproval: false,
        requestedBy: kind === 'build' ? null : 'U0ONCALL',
        releaseId: o.releaseId ?? null,
        rollbackOf: o.rollbackOf ?? null,
        channel: 'CHISTORY',
        // a thread and a reported status, as if told in Slack long ago: a restart finds nothing to resume
        threadTs: '1700000000.000100',
        ownMessage: kind !== 'build',
      },
      {
        buildKey: kind === 'build' ? `${h.repo}@${version}` : null,
        actor: kind === 'rollback' ? 'U0ONCALL' : 'bot',
        reason: 'history',
        pin: kind === 'rollback' ? 'rolled back in the sandbox history' : undefined,
      },
    );
    if (recorded.kind !== 'recorded') return null;
    store.rollouts.start(recorded.rollout.id, 'bot', 'history');
    at(minutes);
    store.rollouts.finish(
      recorded.rollout.id,
      outcome === 'deployed' ? { kind: 'deployed', result: 'ok', attempts: 1 } : { kind: 'failed', error: 'deploy timed out', attempts: 3 },
    );
    return recorded.rollout.id;
  };
  const id = put(h.version, 'build', r.minutes, r.outcome === 'failed' ? 'failed' : 'deployed', { releaseId });
  if (r.fix) put(r.fix.version, 'build', r.minutes + r.fix.minutes, 'deployed');
  if (r.rollbackTo && id !== null) put(r.rollbackTo, 'rollback', r.minutes + 30, 'deployed', { rollbackOf: id });
}
