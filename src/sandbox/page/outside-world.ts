import { randomUUID } from 'node:crypto';
import { sign } from '@octokit/webhooks-methods';
import semver from 'semver';
import type { GitHubEmulator, Person, WebhookEvent } from '../github/github-emulator.js';
import { startCi } from '../seed-organisation.js';

/** What the bot answered, as the page shows it. */
export interface BotAnswer {
  status: number;
  body: unknown;
}

export interface PushResult {
  repo: string;
  sha: string;
  deliveryId: string;
  webhook: BotAnswer;
  /** what the bot made of the delivery, when it finished within the wait */
  delivery?: { status: string; outcome: string | null };
}

export interface OutsideWorldDeps {
  github: GitHubEmulator;
  /** `http://127.0.0.1:PORT`, known once the bot listens */
  botOrigin(): string;
  webhookSecret: string;
  buildSecret: string;
  author: Person;
  delivery(id: string): { status: string; outcome: string | null } | undefined;
  /** repositories whose CI reports on every commit (and whose checks the page can finish) */
  ci?: (repo: string) => boolean;
}

/**
 * The world outside Slack, as the sandbox page plays it: a developer pushes to GitHub (which
 * then sends the bot a signed `push` webhook) and CI announces a connector image it built.
 */
export class OutsideWorld {
  constructor(private readonly deps: OutsideWorldDeps) {}

  /** A commit on the default branch (or `branch`), then the `push` webhook GitHub would send for it. */
  async push(repo: string, message: string, branch?: string): Promise<PushResult> {
    const { github } = this.deps;
    const before = github.head(repo, branch);
    const sha = github.commit(repo, message, { author: this.deps.author, ...(branch ? { branch } : {}) });
    // CI picks the commit up as it lands (a green build, an e2e run that waits for the page's button),
    // so the proposal already shows it; GitHub's webhooks for it follow the push's.
    const ci = !branch && this.deps.ci?.(repo) ? startCi(github, repo, sha) : [];
    const payload = github.pushPayload(repo, { before, after: sha, ...(branch ? { ref: branch } : {}) });
    const deliveryId = randomUUID();
    const body = JSON.stringify(payload);
    const webhook = await this.post('/api/github/webhooks', body, this.deps.webhookSecret, {
      'x-github-event': 'push',
      'x-github-delivery': deliveryId,
      'user-agent': 'GitHub-Hookshot/sandbox',
    });
    const delivery = await this.settled(deliveryId, 3000);
    await this.deliver(ci);
    return { repo, sha, deliveryId, webhook, ...(delivery ? { delivery } : {}) };
  }

  /** CI finishes every check run still going on the head of `repo`, and GitHub sends the bot its webhooks. */
  async finishChecks(repo: string, conclusion: 'success' | 'failure'): Promise<{ finished: string[]; answers: BotAnswer[] }> {
    const { github } = this.deps;
    const running = github.ci.checkRuns(repo, github.head(repo)).filter((r) => r.status !== 'completed');
    const events = running.flatMap((r) => github.ci.completeCheckRun(repo, r.id, conclusion));
    return { finished: running.map((r) => r.name), answers: await this.deliver(events) };
  }

  private async deliver(events: WebhookEvent[]): Promise<BotAnswer[]> {
    const answers: BotAnswer[] = [];
    for (const e of events)
      answers.push(
        await this.post('/api/github/webhooks', JSON.stringify(e.payload), this.deps.webhookSecret, {
          'x-github-event': e.event,
          'x-github-delivery': randomUUID(),
          'user-agent': 'GitHub-Hookshot/sandbox',
        }),
      );
    return answers;
  }

  /** CI's notice that it pushed a connector image, signed with BUILD_WEBHOOK_SECRET. */
  async build(connectorId: string, version = this.latestVersion(connectorId)): Promise<{ request: unknown; answer: BotAnswer }> {
    const request = { build: { type: 'connector', connectorId, image: `ghcr.io/${this.deps.github.org}/${connectorId}:${version}`, version } };
    const answer = await this.post('/api/builds', JSON.stringify(request), this.deps.buildSecret, { 'user-agent': 'sandbox-ci' });
    return { request, answer };
  }

  /** The highest bare semver tag of a connector (connector tags are bare `1.2.3`). */
  latestVersion(repo: string): string {
    const versions = this.deps.github
      .tags(repo)
      .map((t) => t.name)
      .filter((name) => semver.valid(name) !== null);
    return versions.sort(semver.rcompare)[0] ?? '0.1.0';
  }

  private async post(path: string, body: string, secret: string, headers: Record<string, string>): Promise<BotAnswer> {
    const res = await fetch(`${this.deps.botOrigin()}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': await sign(secret, body), ...headers },
      body,
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: show the text as it came
    }
    return { status: res.status, body: parsed };
  }

  /** The delivery once the bot has handled it, or undefined if it is still at work after `timeoutMs`. */
  private async settled(id: string, timeoutMs: number): Promise<{ status: string; outcome: string | null } | undefined> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const delivery = this.deps.delivery(id);
      if (delivery && delivery.status !== 'pending') return { status: delivery.status, outcome: delivery.outcome };
      if (Date.now() > end) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
