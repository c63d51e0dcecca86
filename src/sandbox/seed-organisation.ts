import type { GitHubEmulator } from './github/github-emulator.js';

const dev = { name: 'Dana Dev', email: 'dana@example.com', username: 'dana' };

/** A repository of the sandbox's organisation, and the path of the bot it shows. */
export interface SeededRepo {
  name: string;
  shows: string;
  /** a connector: CI can announce a build of it */
  connector?: boolean;
  /** release branches besides the default one that the page can push to (`branches:` in the sandbox's release-bot.yml) */
  branches?: string[];
  /** CI reports on each of its commits (a green build, an e2e run the page finishes): its policy requires checks */
  ci?: boolean;
}

/** What CI starts on a commit of a `ci` repository: a build that passes at once and an e2e run that waits for the page. */
export function startCi(github: GitHubEmulator, repo: string, sha: string) {
  return [
    github.ci.setStatus(repo, sha, {
      context: 'ci/build',
      state: 'success',
      targetUrl: `${github.webUrl}/acme/${repo}/actions/build`,
      description: 'Build passed',
    }),
    ...github.ci.createCheckRun(repo, sha, { name: 'e2e', status: 'in_progress', detailsUrl: `${github.webUrl}/acme/${repo}/actions/e2e` }).events,
  ];
}

const CONNECTORS: [string, 'unreleased' | 'current' | 'archived'][] = [
  ['connector-salesforce', 'unreleased'],
  ['connector-stripe', 'unreleased'],
  ['connector-zendesk', 'unreleased'],
  ['connector-hubspot', 'current'],
  ['connector-jira', 'current'],
  ['connector-legacy-ftp', 'archived'],
];

/** The sandbox's organisation: a repository for every path the bot takes. */
export function seedOrganisation(github: GitHubEmulator): SeededRepo[] {
  github.createRepo('widget');
  github.commit('widget', 'feat: first widget', { author: dev });
  github.tag('widget', 'v1.2.0', { annotated: true });
  github.commit('widget', 'fix: widgets no longer wobble', { author: dev });
  github.tag('widget', 'v1.2.3', { annotated: true });
  github.tag('widget', 'latest');
  github.commit('widget', 'fix: handle empty input', { author: dev });
  github.commit('widget', 'feat(api): add the export endpoint', { author: dev });
  // A beta channel and a maintenance line, so a push to each shows what release branches do.
  github.createBranch('widget', 'develop', 'main');
  github.commit('widget', 'feat: dark mode, for the beta', { author: dev, branch: 'develop' });
  github.createBranch('widget', '1.2.x', 'v1.2.3');

  github.createRepo('site');
  github.commit('site', 'feat: landing page', { author: dev });
  github.tag('site', 't2.4.0');
  github.commit('site', 'fix: broken footer link', { author: dev });
  // site's policy requires green checks: its head has a passing build and an e2e run still going.
  startCi(github, 'site', github.head('site'));

  github.createRepo('connector-sdk');
  github.commit('connector-sdk', 'feat: retry helper', { author: dev });
  github.tag('connector-sdk', '3.1.0');
  github.commit('connector-sdk', 'feat: pagination helper', { author: dev });

  const connectors: SeededRepo[] = [];
  for (const [name, state] of CONNECTORS) {
    github.createRepo(name);
    github.commit(name, 'feat: first sync', { author: dev });
    github.tag(name, '1.0.0');
    if (state !== 'current') github.commit(name, name.endsWith('stripe') ? 'feat: sync refunds' : 'fix: token refresh', { author: dev });
    if (state === 'archived') github.setArchived(name, true);
    const shows = {
      unreleased: 'a connector with unreleased commits',
      current: 'a connector with nothing to release',
      archived: 'an archived connector: never released',
    }[state];
    connectors.push({ name, shows, connector: true });
  }

  github.createRepo('infra-dns');
  github.commit('infra-dns', 'feat: new zone', { author: dev });

  // Where the gitops deployer rolls connector images out: one file per connector.
  const files = Object.fromEntries(CONNECTORS.map(([name]) => [`connectors/${name}.yaml`, `name: ${name}\nimage: ghcr.io/acme/${name}:1.0.0\nreplicas: 2\n`]));
  github.createRepo('infra-deploy');
  github.commit('infra-deploy', 'chore: connectors in production', { author: dev, files });

  return [
    { name: 'widget', shows: 'v-tags; an unreleased fix and feature; betas from develop, fixes on 1.2.x', branches: ['develop', '1.2.x'] },
    { name: 'site', shows: 't-prefixed tags (tagPrefix: t); two approvals and green checks (finish its e2e run below)', ci: true },
    { name: 'connector-sdk', shows: 'the trigger repository of the connector release train' },
    ...connectors,
    { name: 'infra-dns', shows: 'excluded by infra-*: never released' },
    { name: 'infra-deploy', shows: 'where rollouts commit connector images (gitops); excluded' },
  ];
}

/** The person the sandbox page pushes commits as. */
export const SANDBOX_DEVELOPER = dev;

export const SANDBOX_CONFIG = `# The sandbox's release-bot.yml
approvers: [U0APPROVER]
breakGlass: [U0APPROVER]  # alice may release during a freeze ("Release anyway" asks her why): try /release freeze widget "incident 42"
exclude: [infra-*]
branches:
  develop: { prerelease: beta }
  "1.2.x": { maintenance: true }
repos:
  site: { tagPrefix: t }
policies:                 # site needs two approvals (alice, then bob) and green checks: finish its e2e run on the page
  - { repos: [site], approvers: [U0APPROVER, U0DEVELOPER], requiredApprovals: 2, requireChecks: true }
connectors:
  triggerRepos: [connector-sdk]
rollout:
  deployer: gitops
  repo: infra-deploy
  path: connectors/{connectorId}.yaml
`;
