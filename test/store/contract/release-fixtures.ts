import type { ApprovalPolicy } from '../../../src/domain/approval-policy.js';
import type { Freeze } from '../../../src/domain/freeze-window.js';
import type { ReleaseChecks } from '../../../src/domain/release.js';
import type { Records } from '../../../src/workflows/ports/records.js';
import { newRelease } from '../new-release.js';
import { readAudit } from './read-audit.js';

export const policy = (over: Partial<ApprovalPolicy> = {}): ApprovalPolicy => ({
  approvers: null,
  requiredApprovals: 1,
  selfApproval: true,
  expireAfter: null,
  ...over,
});
export const freeze: Freeze = { id: 'adhoc-1', reason: 'incident', until: null, source: 'ad-hoc', by: 'U9', scope: 'widget' };
export const checks = (verdict: ReleaseChecks['verdict'], failed = 0): ReleaseChecks => ({
  summary: { checks: [], passed: 1, pending: 0, failed },
  verdict,
  readAt: '2026-06-01T10:00:00Z',
  source: 'gate',
  toldWaiting: false,
});
export const sha = (c: string) => c.repeat(40);

/** The audit of one release: [action, from, to, reason]. */
export async function trail(records: Records, id: number) {
  return (await readAudit(records).entries({ subjectType: 'release', subjectId: String(id) })).map((e) => [e.action, e.fromStatus, e.toStatus, e.reason]);
}

/** A release of `repo` taken to `failed` (approved, then failed). */
export async function failedRelease(records: Records, repo: string, s: string) {
  const { release } = await records.releases.propose(newRelease({ repo, sha: sha(s) }), 'github');
  await records.releases.approve(release.id, 'U1');
  return (await records.releases.advance(release.id, 'approved', 'failed', 'bot', 'tag refused', { error: 'HTTP 422' }))!;
}
