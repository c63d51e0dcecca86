import type { BotOctokit } from '../github/make-octokit.js';
import { replaceImageLine } from '../domain/replace-image-line.js';
import type { Deployer, DeployRequest, DeployResult } from '../workflows/ports/deployer.js';

const CONFLICT_RETRIES = 3;

function status(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'status' in error ? Number((error as { status: unknown }).status) : undefined;
}

/**
 * Commits the new image reference into the connector's YAML file in the infrastructure
 * repository through the contents API, changing only the `image:` line. Safe to repeat: a file
 * that already names the image is left alone and counts as deployed. A 409 (someone changed the
 * file between our read and our write) reads it again.
 */
export class GitopsDeployer implements Deployer {
  readonly name = 'gitops' as const;
  private readonly owner: string;
  private readonly repo: string;
  private readonly pathTemplate: string;

  constructor(
    private readonly octokit: BotOctokit,
    o: { org: string; repo: string; path: string },
  ) {
    const [owner, repo] = o.repo.includes('/') ? o.repo.split('/', 2) : [o.org, o.repo];
    this.owner = owner!;
    this.repo = repo!;
    this.pathTemplate = o.path;
  }

  async deploy(req: DeployRequest): Promise<DeployResult> {
    const path = this.pathTemplate.replaceAll('{connectorId}', req.connectorId);
    const where = `${path} in ${this.owner}/${this.repo}`;
    for (let attempt = 1; attempt <= CONFLICT_RETRIES; attempt++) {
      let file: { content: string; sha: string };
      try {
        const res = await this.octokit.rest.repos.getContent({ owner: this.owner, repo: this.repo, path });
        if (Array.isArray(res.data) || res.data.type !== 'file' || !('content' in res.data)) return failed(`${where} is not a file`, attempt);
        file = { content: Buffer.from(res.data.content, 'base64').toString('utf8'), sha: res.data.sha };
      } catch (error) {
        if (status(error) === 404) return failed(`${where} does not exist: create it with an \`image:\` line, or fix rollout.path`, attempt);
        throw error;
      }
      const change = replaceImageLine(file.content, req.image);
      switch (change.kind) {
        case 'unchanged':
          return { kind: 'deployed', detail: `${where} already names ${req.image} (line ${change.line}); nothing committed`, attempts: attempt };
        case 'bad-image':
          return failed(`${req.image} is not an image reference`, attempt);
        case 'no-image-line':
          return failed(`${where} has no \`image: <reference>\` line to change`, attempt);
        case 'ambiguous':
          return failed(`${where} has several \`image:\` lines (${change.lines.join(', ')}) and none of them is this connector's image`, attempt);
        case 'changed':
          break;
      }
      try {
        const res = await this.octokit.rest.repos.createOrUpdateFileContents({
          owner: this.owner,
          repo: this.repo,
          path,
          sha: file.sha,
          message: commitMessage(req, change.from),
          content: Buffer.from(change.text, 'utf8').toString('base64'),
          // plugin-retry would repeat a 409 as it stands; a conflict needs a fresh read instead.
          request: { retries: 0 },
        });
        const sha = res.data.commit.sha ?? '';
        return {
          kind: 'deployed',
          detail: `committed ${sha.slice(0, 7)} to ${where} (line ${change.lines.join(', ')}: ${change.from} → ${req.image})`,
          attempts: attempt,
        };
      } catch (error) {
        if (status(error) === 409 && attempt < CONFLICT_RETRIES) continue;
        if (status(error) === 409) return failed(`${where} kept changing while the bot wrote it (409 ${CONFLICT_RETRIES} times)`, attempt);
        throw error;
      }
    }
    return failed(`${where} could not be written`, CONFLICT_RETRIES);
  }
}

/** Names the release and the rollout, so `git log` of the infrastructure tells who deployed what. */
export function commitMessage(req: DeployRequest, from: string): string {
  const title = req.kind === 'rollback' ? `Roll back ${req.connectorId} to ${req.version}` : `Deploy ${req.connectorId} ${req.version}`;
  const lines = [title, '', `Image: ${req.image}`, `Was: ${from}`];
  if (req.release) lines.push(`Release: ${req.connectorId} ${req.release.tag}${req.release.url ? ` ${req.release.url}` : ''}`);
  lines.push(`Rollout: #${req.rolloutId}, ${req.requestedBy ? `requested in Slack by ${req.requestedBy}` : 'automatic, from the build notice'} (release-bot)`);
  return lines.join('\n');
}

function failed(reason: string, attempts: number): DeployResult {
  return { kind: 'failed', reason, attempts };
}
