import { describe, expect, it } from 'vitest';
import { requireApprover, type Attempt } from '../../src/workflows/require-approver.js';
import { APPROVER, APPROVER_GROUP, GROUP_MEMBER, makeDeps, STRANGER } from './fakes/make-deps.js';

const attempt = (userId: string): Attempt => ({ userId, subjectType: 'release', subjectId: '7', action: 'approve' });

describe('requireApprover', () => {
  it('allows a listed user without asking Slack about groups, and audits nothing', async () => {
    const t = makeDeps();

    expect(await requireApprover(t, attempt(APPROVER))).toEqual({ allowed: true });
    expect(t.directory.lookups).toEqual([]);
    expect(t.sync.audit.entries()).toEqual([]);
  });

  it('allows a member of a listed user group', async () => {
    const t = makeDeps();

    expect(await requireApprover(t, attempt(GROUP_MEMBER))).toEqual({ allowed: true });
    expect(t.directory.lookups).toEqual([APPROVER_GROUP]);
  });

  it('refuses anyone else and audits who tried what, on what', async () => {
    const t = makeDeps();

    expect(await requireApprover(t, { userId: STRANGER, subjectType: 'connector', subjectId: 'connector-foo', action: '/deploy rollback' })).toEqual({
      allowed: false,
      why: 'not-an-approver',
    });
    expect(t.sync.audit.entries()).toMatchObject([
      {
        actor: STRANGER,
        subjectType: 'connector',
        subjectId: 'connector-foo',
        action: 'refused',
        fromStatus: null,
        toStatus: null,
        reason: '/deploy rollback: not an approver',
      },
    ]);
  });

  it('takes approvers from RELEASE_APPROVERS as well as release-bot.yml', async () => {
    const t = makeDeps({ env: { RELEASE_APPROVERS: 'UFROMENV, SENVGROUP' }, groups: { SENVGROUP: ['UENVGROUPIE'] } });

    expect(await requireApprover(t, attempt('UFROMENV'))).toEqual({ allowed: true });
    expect(await requireApprover(t, attempt('UENVGROUPIE'))).toEqual({ allowed: true });
    expect(await requireApprover(t, attempt(APPROVER))).toEqual({ allowed: true });
  });

  it('looks up only user groups (S…), never a user id, as a group', async () => {
    const t = makeDeps({ yaml: 'approvers: [UONE, STWO, UTHREE]', groups: {} });

    expect(await requireApprover(t, attempt(STRANGER))).toEqual({ allowed: false, why: 'not-an-approver' });
    expect(t.directory.lookups).toEqual(['STWO']);
  });

  it('refuses everyone when no approver is configured', async () => {
    const t = makeDeps({ yaml: '' });

    expect(await requireApprover(t, attempt(APPROVER))).toEqual({ allowed: false, why: 'not-an-approver' });
    expect(t.sync.audit.entries()).toHaveLength(1);
  });
});
