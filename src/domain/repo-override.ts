import { z } from 'zod';

/**
 * The settings a single repository may have of its own (DESIGN.md §3): `repos.<name>` in the
 * organisation's release-bot.yml and a repository's own `.github/release-bot.yml` are read with
 * this one schema. Approval rules and freezes are not in it: only the organisation sets them.
 */

export const defaultBump = z.enum(['patch', 'none']);
export const notes = z.enum(['conventional', 'github']);

/**
 * One `releaseRules` entry; commit-analyzer's lib/load-release-rules.js also insists on `release`.
 * A rule that names nothing would match every commit, which is `defaultBump` written badly.
 */
export const releaseRule = z
  .object({
    type: z.string().min(1).optional(),
    scope: z.string().min(1).optional(),
    breaking: z.literal(true, { error: 'must be true, or left out' }).optional(),
    release: z.union([z.enum(['major', 'minor', 'patch']), z.literal(false)], {
      error: (issue) => (issue.input === undefined ? 'required' : 'must be major, minor, patch or false'),
    }),
  })
  .strict()
  .refine((rule) => rule.type !== undefined || rule.scope !== undefined || rule.breaking !== undefined, {
    message: 'a rule needs at least one of type, scope or breaking: true',
  });

/** `branches:` — glob → a prerelease channel or a maintenance line (DESIGN.md §3), besides the default branch. */
export const branches = z.record(
  z.string().min(1),
  z.union([z.object({ prerelease: z.string().min(1) }).strict(), z.object({ maintenance: z.literal(true) }).strict()], {
    error: 'must be { prerelease: <id> } or { maintenance: true }',
  }),
);

export const repoOverride = z
  .object({
    tagPrefix: z.string().optional(),
    defaultBump: defaultBump.optional(),
    notes: notes.optional(),
    channel: z
      .string()
      .regex(/^[CG][A-Z0-9]+$/, 'must be a Slack channel ID')
      .optional(),
    releaseRules: z.array(releaseRule).optional(),
    branches: branches.optional(),
  })
  .strict();

export type RepoOverride = z.infer<typeof repoOverride>;

/** The keys a repository may set, in the order people read them. */
export const REPO_OVERRIDE_KEYS = Object.keys(repoOverride.shape) as (keyof RepoOverride)[];
