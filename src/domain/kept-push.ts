/**
 * What the bot keeps of a `push` delivery: the fields it reads (the branch, the commits' range,
 * who pushed, the repository) and nothing else. A push payload is 5–10 KB, mostly URLs, file
 * lists and nested accounts; storing all of it before every answer is most of the intake's work,
 * and a push that must be handled again after a restart needs only these.
 * https://docs.github.com/en/webhooks/webhook-events-and-payloads#push
 */
export function keptPush(body: Record<string, unknown>): Record<string, unknown> {
  const repo = record(body.repository);
  const owner = record(repo.owner);
  const head = body.head_commit === null ? null : keptCommit(record(body.head_commit));
  return {
    ref: body.ref,
    before: body.before,
    after: body.after,
    created: body.created,
    deleted: body.deleted,
    forced: body.forced,
    base_ref: body.base_ref,
    compare: body.compare,
    head_commit: head,
    commits: Array.isArray(body.commits) ? body.commits.map((c) => keptCommit(record(c))) : undefined,
    pusher: pick(record(body.pusher), ['name', 'email']),
    sender: pick(record(body.sender), ['login', 'id', 'type']),
    repository: {
      ...pick(repo, ['id', 'name', 'full_name', 'default_branch', 'archived', 'html_url', 'private']),
      owner: pick(owner, ['login', 'name', 'type']),
    },
  };
}

function keptCommit(c: Record<string, unknown>): Record<string, unknown> {
  return { id: c.id, message: c.message, timestamp: c.timestamp, author: pick(record(c.author), ['name', 'email', 'username']) };
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function pick(from: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (from[k] !== undefined) out[k] = from[k];
  return out;
}
