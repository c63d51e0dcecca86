import { describe, expect, it } from 'vitest';
import { classifyPush, type PushFacts, type RepoPolicy } from '../../src/domain/classify-push.js';

const push: PushFacts = {
  repo: 'widget',
  ref: 'refs/heads/main',
  defaultBranch: 'main',
  deleted: false,
  archived: false,
  headCommitMessage: 'feat: add the thing',
  commitCount: 2,
};
const policy: RepoPolicy = { exclude: ['infra-*', 'docs'] };

describe('classifyPush', () => {
  it('proposes a release for a push with commits to the default branch', () => {
    expect(classifyPush(push, policy)).toMatchObject({ kind: 'propose', line: { kind: 'default' } });
  });

  it('skips a tag push', () => {
    expect(classifyPush({ ...push, ref: 'refs/tags/v1.2.3' }, policy)).toEqual({
      kind: 'skip',
      reason: 'tag-push',
      detail: 'push of the tag v1.2.3, not a branch',
    });
  });

  it('skips a deleted branch', () => {
    expect(classifyPush({ ...push, deleted: true, commitCount: 0, headCommitMessage: null }, policy)).toEqual({
      kind: 'skip',
      reason: 'branch-deleted',
      detail: 'refs/heads/main was deleted',
    });
  });

  it('skips a push to another branch, naming both', () => {
    expect(classifyPush({ ...push, ref: 'refs/heads/feature/x' }, policy)).toEqual({
      kind: 'skip',
      reason: 'not-default-branch',
      detail: 'push to refs/heads/feature/x, not the default branch main',
    });
  });

  it('compares the whole branch name with the default branch', () => {
    expect(classifyPush({ ...push, ref: 'refs/heads/main-old' }, policy)).toMatchObject({ reason: 'not-default-branch' });
    expect(classifyPush({ ...push, ref: 'refs/heads/trunk', defaultBranch: 'trunk' }, policy)).toMatchObject({ kind: 'propose', line: { kind: 'default' } });
  });

  it('skips an archived repository', () => {
    expect(classifyPush({ ...push, archived: true }, policy)).toEqual({
      kind: 'skip',
      reason: 'archived',
      detail: 'widget is archived',
    });
  });

  it('skips an excluded repository, naming the pattern', () => {
    expect(classifyPush({ ...push, repo: 'infra-dns' }, policy)).toEqual({
      kind: 'skip',
      reason: 'excluded',
      detail: 'infra-dns matches the exclude pattern infra-*',
    });
    expect(classifyPush({ ...push, repo: 'docs' }, policy)).toMatchObject({ reason: 'excluded' });
    expect(classifyPush({ ...push, repo: 'docs-site' }, policy)).toMatchObject({ kind: 'propose', line: { kind: 'default' } });
  });

  it('matches exclude patterns against the name when the repo comes as org/name', () => {
    expect(classifyPush({ ...push, repo: 'acme/infra-dns' }, policy)).toEqual({
      kind: 'skip',
      reason: 'excluded',
      detail: 'acme/infra-dns matches the exclude pattern infra-*',
    });
  });

  it.each(['[skip release]', '[release skip]', '[Skip Release]', '[SKIP RELEASE]'])('skips when the head commit says %s anywhere', (marker) => {
    expect(classifyPush({ ...push, headCommitMessage: `chore: tidy\n\nnot worth it ${marker} yet` }, policy)).toEqual({
      kind: 'skip',
      reason: 'skip-release-marker',
      detail: `the head commit says ${marker}`,
    });
  });

  it('does not take [skip ci] or a bare "skip release" for the marker', () => {
    expect(classifyPush({ ...push, headCommitMessage: 'docs: x [skip ci]' }, policy)).toMatchObject({ kind: 'propose', line: { kind: 'default' } });
    expect(classifyPush({ ...push, headCommitMessage: 'feat: skip release notes for drafts' }, policy)).toMatchObject({
      kind: 'propose',
      line: { kind: 'default' },
    });
  });

  it('skips a push without commits', () => {
    expect(classifyPush({ ...push, commitCount: 0, headCommitMessage: null }, policy)).toEqual({
      kind: 'skip',
      reason: 'no-commits',
      detail: 'push to refs/heads/main carries no commits',
    });
  });

  it('gives the first reason in order: tag, deletion, branch, archived, excluded, marker, commits', () => {
    const everything: PushFacts = {
      repo: 'infra-dns',
      ref: 'refs/tags/v1.0.0',
      defaultBranch: 'main',
      deleted: true,
      archived: true,
      headCommitMessage: '[skip release]',
      commitCount: 0,
    };
    const reasons = [
      classifyPush(everything, policy),
      classifyPush({ ...everything, ref: 'refs/heads/x' }, policy),
      classifyPush({ ...everything, ref: 'refs/heads/x', deleted: false }, policy),
      classifyPush({ ...everything, ref: 'refs/heads/main', deleted: false }, policy),
      classifyPush({ ...everything, ref: 'refs/heads/main', deleted: false, archived: false }, policy),
      classifyPush({ ...everything, ref: 'refs/heads/main', deleted: false, archived: false, repo: 'widget' }, policy),
      classifyPush({ ...everything, ref: 'refs/heads/main', deleted: false, archived: false, repo: 'widget', headCommitMessage: null }, policy),
    ].map((d) => (d.kind === 'skip' ? d.reason : d.kind));
    expect(reasons).toEqual(['tag-push', 'branch-deleted', 'not-default-branch', 'archived', 'excluded', 'skip-release-marker', 'no-commits']);
  });
});
