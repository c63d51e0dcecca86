import { z } from 'zod';
import type { PolicyEntry } from './domain/approval-policy.js';
import { parseDuration } from './domain/duration.js';
import { userOrGroup } from './config-fields.js';

/** One entry of `policies:` (DESIGN.md §3): the first whose `repos` globs match a repository applies. */
export const policySchema = z
  .object({
    repos: z.array(z.string().min(1)).min(1, 'must name at least one repository glob'),
    approvers: z.array(userOrGroup).min(1, 'must name at least one approver, or be left out for the global list').optional(),
    requiredApprovals: z
      .number({ error: 'must be a whole number of approvals' })
      .int('must be a whole number of approvals')
      .min(1, 'must be at least 1')
      .default(1),
    selfApproval: z.boolean().default(true),
    expireAfter: z
      .string()
      .refine((d) => parseDuration(d) !== null, 'must be a duration: a whole number and s, m, h or d (45s, 30m, 24h, 7d)')
      .optional(),
    requireChecks: z.boolean({ error: 'must be true or false' }).default(false),
  })
  .strict();

/** `policies:` as checked, with each `expireAfter` read into milliseconds. */
export function readPolicies(entries: z.infer<typeof policySchema>[]): PolicyEntry[] {
  return entries.map((p) => {
    const ms = p.expireAfter === undefined ? null : parseDuration(p.expireAfter);
    return { ...p, ...(p.expireAfter !== undefined && ms !== null ? { expireAfter: { text: p.expireAfter, ms } } : { expireAfter: undefined }) };
  });
}
