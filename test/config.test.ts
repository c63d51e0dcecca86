import { describe, expect, it } from 'vitest';
import { loadConfig, parseRepoFile, repoSettings } from '../src/config.js';

const env = {
  SLACK_BOT_TOKEN: 'xoxb-1-secret-bot',
  SLACK_APP_TOKEN: 'xapp-1-secret-app',
  GITHUB_TOKEN: 'ghp_secretgithubtoken',
  GITHUB_WEBHOOK_SECRET: 'hook-secret-value',
  GITHUB_ORG: 'acme',
  RELEASE_CHANNEL: 'C0RELEASES',
  RELEASE_APPROVERS: 'U01, S02',
};
const noFile = () => undefined;

describe('loadConfig', () => {
  it('takes the defaults of DESIGN.md §3', () => {
    const r = loadConfig(env, noFile);
    if (!r.ok) throw new Error(r.problems.join());
    expect(r.config).toMatchObject({
      slack: { apiUrl: 'https://slack.com/api/' },
      github: { apiUrl: 'https://api.github.com', writesPerMinute: 80, writesPerHour: 500, concurrency: 8, org: 'acme' },
      approvers: ['U01', 'S02'],
      databasePath: './data/release-bot.db',
      port: 3000,
    });
    expect(r.config.policy).toMatchObject({ defaultBump: 'patch', tagPrefix: 'v', notes: 'conventional', connectors: { prefix: 'connector-', tagPrefix: '' } });
  });

  it('takes PostgreSQL from DATABASE_URL, with the replica settings, and refuses a URL of another database', () => {
    const r = loadConfig(
      { ...env, DATABASE_URL: 'postgres://bot:pw@db:5432/release_bot', RELEASE_BOT_REPLICA_ID: 'pod-0', RELEASE_BOT_TAKEOVER_MS: '5000' },
      noFile,
    );
    if (!r.ok) throw new Error(r.problems.join());
    expect(r.config).toMatchObject({ databaseUrl: 'postgres://bot:pw@db:5432/release_bot', replicaId: 'pod-0', takeoverMs: 5000 });
    expect(loadConfig(env, noFile)).toMatchObject({ ok: true, config: { databaseUrl: undefined, takeoverMs: 15_000 } });
    const wrong = loadConfig({ ...env, DATABASE_URL: 'mysql://bot:pw@db/release_bot' }, noFile);
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.problems).toEqual(['DATABASE_URL: a postgres://user:password@host:5432/database URL']);
  });

  it('merges approvers from the file and applies per-repo and connector settings', () => {
    const r = loadConfig(env, () => 'approvers: [U03, U01]\nrepos:\n  site: { tagPrefix: t, notes: github }\ndefaultBump: none\n');
    if (!r.ok) throw new Error(r.problems.join());
    expect(r.config.approvers).toEqual(['U01', 'S02', 'U03']);
    expect(repoSettings(r.config, 'site')).toMatchObject({ tagPrefix: 't', notes: 'github', defaultBump: 'none', channel: 'C0RELEASES' });
    expect(repoSettings(r.config, 'widget').tagPrefix).toBe('v');
    expect(repoSettings(r.config, 'connector-foo').tagPrefix).toBe('');
  });

  it("reads releaseRules at the top level and per repo, the repo's checked first", () => {
    const yaml = [
      'releaseRules:',
      '  - { type: refactor, release: patch }',
      '  - { type: chore, scope: deps, release: patch }',
      '  - { type: feat, scope: experimental, release: false }',
      '  - { breaking: true, release: major }',
      'repos:',
      '  site: { releaseRules: [{ type: refactor, release: false }] }',
    ].join('\n');
    const r = loadConfig(env, () => yaml);
    if (!r.ok) throw new Error(r.problems.join());
    const top = [
      { type: 'refactor', release: 'patch' },
      { type: 'chore', scope: 'deps', release: 'patch' },
      { type: 'feat', scope: 'experimental', release: false },
      { breaking: true, release: 'major' },
    ];
    expect(repoSettings(r.config, 'widget').releaseRules).toEqual([top]);
    expect(repoSettings(r.config, 'site').releaseRules).toEqual([[{ type: 'refactor', release: false }], top]);
  });

  it('has no release rules unless configured', () => {
    const r = loadConfig(env, noFile);
    if (!r.ok) throw new Error(r.problems.join());
    expect(repoSettings(r.config, 'widget').releaseRules).toEqual([]);
  });

  it('names a release rule without release, with a wrong release or matching everything', () => {
    const yaml = [
      'releaseRules:',
      '  - { type: refactor }',
      '  - { type: docs, release: huge }',
      '  - { release: patch }',
      '  - { breaking: false, release: patch }',
      'repos:',
      '  site: { releaseRules: [{ type: feat, release: true }] }',
    ].join('\n');
    const r = loadConfig(env, () => yaml);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.problems.join('\n');
    expect(text).toMatch(/releaseRules\.0\.release: required/);
    expect(text).toContain('releaseRules.1.release: must be major, minor, patch or false');
    expect(text).toContain('releaseRules.2: a rule needs at least one of type, scope or breaking: true');
    expect(text).toContain('releaseRules.3.breaking: must be true, or left out');
    expect(text).toContain('repos.site.releaseRules.0.release: must be major, minor, patch or false');
  });

  it('reads branches at the top level and per repo, the repo winning', () => {
    const yaml = [
      'branches:',
      '  develop: { prerelease: beta }',
      '  "1.x": { maintenance: true }',
      'repos:',
      '  site: { branches: { develop: { prerelease: alpha } } }',
    ].join('\n');
    const r = loadConfig(env, () => yaml);
    if (!r.ok) throw new Error(r.problems.join());
    expect(repoSettings(r.config, 'widget').branches).toEqual({ develop: { prerelease: 'beta' }, '1.x': { maintenance: true } });
    expect(repoSettings(r.config, 'site').branches).toMatchObject({ develop: { prerelease: 'alpha' }, '1.x': { maintenance: true } });
  });

  it('refuses bad branches with every problem named', () => {
    const yaml = [
      'branches:',
      '  develop: { prerelease: "not an id" }',
      '  lts: { maintenance: true }',
      '  "release/*": { prerelease: rc }',
      '  "release/1.x": { maintenance: true }',
      '  hotfix: { channel: next }',
      'repos:',
      '  site: { branches: { nightly: { prerelease: "7" } } }',
    ].join('\n');
    const r = loadConfig(env, () => yaml);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.problems.join('\n');
    expect(text).toContain('branches.hotfix: must be { prerelease: <id> } or { maintenance: true }');
    const valid = loadConfig(env, () => yaml.replace('  hotfix: { channel: next }\n', ''));
    expect(valid.ok).toBe(false);
    if (valid.ok) return;
    const problems = valid.problems.join('\n');
    expect(problems).toContain('branches.develop: prerelease "not an id" is not a prerelease identifier');
    expect(problems).toContain('branches.lts: a maintenance branch is named N.x or N.N.x');
    expect(problems).toContain('branches.release/1.x: configured twice with different roles (also by release/*)');
    expect(problems).toContain('repos.site.branches.nightly: prerelease "7" is not a prerelease identifier');
  });

  it('lists every problem by name and never a secret value', () => {
    const r = loadConfig(
      { ...env, SLACK_BOT_TOKEN: 'xoxp-wrong-kind-secret', GITHUB_ORG: undefined, RELEASE_CHANNEL: 'general', PORT: 'eighty', RELEASE_APPROVERS: 'alice' },
      () => 'defaultBump: huge\nunknownKey: 1\n',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.problems.join('\n');
    for (const name of ['SLACK_BOT_TOKEN', 'GITHUB_ORG: required', 'RELEASE_CHANNEL', 'PORT', 'RELEASE_APPROVERS', 'defaultBump', 'unknownKey'])
      expect(text).toContain(name);
    expect(text).not.toContain('xoxp-wrong-kind-secret');
    expect(text).not.toContain('ghp_secretgithubtoken');
  });

  it('reports YAML that does not parse', () => {
    const r = loadConfig(env, () => 'repos: [unclosed');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatch(/not valid YAML/);
  });
});

describe('digest', () => {
  it('takes a weekday, a time and an IANA time zone, and names what is wrong', () => {
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
      GITHUB_TOKEN: 'g',
      GITHUB_WEBHOOK_SECRET: 's',
      GITHUB_ORG: 'acme',
      RELEASE_CHANNEL: 'C1',
    };
    const ok = loadConfig(env, () => 'digest: { weekly: "mon 09:00", timezone: Europe/Berlin }');
    expect(ok.ok && ok.config.policy.digest).toEqual({ weekly: 'mon 09:00', timezone: 'Europe/Berlin' });
    const bad = loadConfig(env, () => 'digest: { weekly: "monday 9", timezone: Mars/Olympus }');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems.join('\n')).toMatch(/weekday and a time[\s\S]*IANA time zone/);
  });
});

describe('policies', () => {
  it('reads policies with their defaults and durations, and people', () => {
    const yaml = `
policies:
  - { repos: [connector-*], approvers: [U0ANN, U0BOB, S0LEADS], requiredApprovals: 2, selfApproval: false, expireAfter: 24h }
  - { repos: [site], requireChecks: true }
people: { U0ANN: ann-gh }
`;
    const r = loadConfig(env, () => yaml);
    if (!r.ok) throw new Error(r.problems.join());
    expect(r.config.policies).toEqual([
      {
        repos: ['connector-*'],
        approvers: ['U0ANN', 'U0BOB', 'S0LEADS'],
        requiredApprovals: 2,
        selfApproval: false,
        expireAfter: { text: '24h', ms: 86_400_000 },
        requireChecks: false,
      },
      { repos: ['site'], requiredApprovals: 1, selfApproval: true, expireAfter: undefined, requireChecks: true },
    ]);
    expect(r.config.policy.people).toEqual({ U0ANN: 'ann-gh' });
  });

  it('refuses to start with every problem of every policy named', () => {
    const yaml = `
policies:
  - { repos: [a-*], approvers: [U0ANN, U0BOB], requiredApprovals: 3 }
  - { repos: [b-*], requiredApprovals: 0 }
  - { repos: [c-*], expireAfter: 1.5h }
  - { repos: [d-*], approvers: [S0LEADS], requiredApprovals: 5, reviewers: 2 }
  - { repos: [e-*], requiredApprovals: 3 }
  - { repos: [f-*], requireChecks: yes please }
people: { alice: alice-gh }
`;
    const r = loadConfig(env, () => yaml);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.problems.join('\n');
    expect(text).toContain('policies.1.requiredApprovals: must be at least 1');
    expect(text).toContain('policies.2.expireAfter: must be a duration: a whole number and s, m, h or d (45s, 30m, 24h, 7d)');
    expect(text).toMatch(/policies\.3: Unrecognized key: "reviewers"/);
    expect(text).toContain('policies.5.requireChecks: must be true or false');
    expect(text).toContain('people.alice');
  });

  it('holds requiredApprovals to the users listed, with a group counted as of unknown size', () => {
    const yaml = `
policies:
  - { repos: [a-*], approvers: [U0ANN, U0BOB], requiredApprovals: 3 }
  - { repos: [b-*], approvers: [U0ANN, S0LEADS], requiredApprovals: 5 }
`;
    const r = loadConfig({ ...env, RELEASE_APPROVERS: 'U01' }, () => `${yaml}  - { repos: [c-*], requiredApprovals: 2 }\n`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      './release-bot.yml: policies.0.requiredApprovals: 3 distinct approvals cannot be given by the 2 approvers listed',
      './release-bot.yml: policies.2.requiredApprovals: 2 distinct approvals cannot be given by the 1 approver listed',
    ]);
  });

  it('reads METRICS_TOKEN when set (GET /metrics is open without it), and refuses an empty one', () => {
    const open = loadConfig(env, noFile);
    expect(open.ok && open.config.metricsToken).toBeUndefined();
    const guarded = loadConfig({ ...env, METRICS_TOKEN: 'scrape-secret' }, noFile);
    expect(guarded.ok && guarded.config.metricsToken).toBe('scrape-secret');
    const empty = loadConfig({ ...env, METRICS_TOKEN: '' }, noFile);
    expect(empty.ok ? [] : empty.problems.map((p) => p.split(':')[0])).toEqual(['METRICS_TOKEN']);
  });
});

describe("a repository's .github/release-bot.yml", () => {
  const org = () => {
    const r = loadConfig(
      env,
      () =>
        'releaseRules: [{ type: refactor, release: patch }]\nrepos:\n  widget: { tagPrefix: w, notes: github, releaseRules: [{ type: docs, release: patch }] }\n',
    );
    if (!r.ok) throw new Error(r.problems.join());
    return r.config;
  };

  it('overrides repos.<name> key by key, over the connector defaults and the top level', () => {
    const file = parseRepoFile('tagPrefix: release-\nreleaseRules:\n  - { type: chore, scope: deps, release: minor }\n');
    expect(repoSettings(org(), 'widget', file)).toMatchObject({
      tagPrefix: 'release-',
      notes: 'github',
      releaseRules: [[{ type: 'chore', scope: 'deps', release: 'minor' }], [{ type: 'refactor', release: 'patch' }]],
    });
    expect(repoSettings(org(), 'connector-foo', parseRepoFile('tagPrefix: v\n')).tagPrefix).toBe('v');
    expect(repoSettings(org(), 'connector-foo', parseRepoFile('notes: github\n')).tagPrefix).toBe('');
  });

  it('is ignored when invalid: the organisation settings apply', () => {
    const file = parseRepoFile('tagPrefix: release-\napprovers: [U0MALLORY]\n');
    expect(file.kind).toBe('invalid');
    expect(repoSettings(org(), 'widget', file)).toMatchObject({ tagPrefix: 'w', notes: 'github' });
  });

  it('names YAML that does not parse', () => {
    const file = parseRepoFile('tagPrefix: [unclosed\n');
    expect(file).toEqual({ kind: 'invalid', problems: [expect.stringMatching(/^not valid YAML \(/)] });
  });

  it('reads an empty file as no settings', () => {
    expect(parseRepoFile('')).toEqual({ kind: 'valid', settings: {} });
    expect(parseRepoFile('# nothing yet\n')).toEqual({ kind: 'valid', settings: {} });
  });
});

describe('freeze and breakGlass', () => {
  it('reads absolute and weekly freezes and the break-glass list', () => {
    const yaml = [
      'freeze:',
      '  - { from: "2026-12-22T00:00:00Z", to: "2027-01-04T00:00:00Z", reason: holidays }',
      '  - { weekly: "fri 16:00 - mon 08:00", timezone: Europe/Berlin, reason: no weekend releases }',
      'breakGlass: [S0RELMGRS, U0ONCALL]',
    ].join('\n');
    const r = loadConfig(env, () => yaml);
    if (!r.ok) throw new Error(r.problems.join());
    expect(r.config.freezes).toEqual([
      { kind: 'absolute', from: new Date('2026-12-22T00:00:00Z'), to: new Date('2027-01-04T00:00:00Z'), reason: 'holidays' },
      {
        kind: 'weekly',
        start: { weekday: 5, hour: 16, minute: 0 },
        end: { weekday: 1, hour: 8, minute: 0 },
        timeZone: 'Europe/Berlin',
        reason: 'no weekend releases',
      },
    ]);
    expect(r.config.breakGlass).toEqual(['S0RELMGRS', 'U0ONCALL']);
  });

  it('refuses to start naming every bad freeze: a date without a zone, from after to, a bad weekday or time, an unknown time zone, no reason', () => {
    const yaml = [
      'freeze:',
      '  - { from: "2026-12-22", to: "2027-01-04T00:00:00Z", reason: holidays }',
      '  - { from: "2027-01-04T00:00:00Z", to: "2026-12-22T00:00:00Z", reason: backwards }',
      '  - { weekly: "fri 16:00 - mon 08:00", timezone: Europe/Bearlin, reason: weekend }',
      '  - { weekly: "fry 16:00 - mon 08:00", reason: weekend }',
      '  - { weekly: "fri 25:00 - mon 08:00", reason: weekend }',
      '  - { weekly: "fri 16:00 - mon 08:00", timezone: Europe/Berlin }',
      'breakGlass: [nobody]',
    ].join('\n');
    const r = loadConfig(env, () => yaml);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      './release-bot.yml: freeze.0.from: must be an ISO 8601 date and time with a zone, like "2026-12-22T00:00:00Z"',
      './release-bot.yml: freeze.1.to: must be after from',
      './release-bot.yml: freeze.2.timezone: must be an IANA time zone, like Europe/Berlin',
      './release-bot.yml: freeze.3.weekly: must be two weekdays and times, like "fri 16:00 - mon 08:00"',
      './release-bot.yml: freeze.4.weekly: must be two weekdays and times, like "fri 16:00 - mon 08:00"',
      './release-bot.yml: freeze.5.reason: required',
      './release-bot.yml: breakGlass.0: must be a Slack user ID (U…) or user-group ID (S…)',
    ]);
  });
});
