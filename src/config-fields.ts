import { z } from 'zod';

/** Field schemas more than one part of the configuration uses, and how a problem with one is told. */

export const userOrGroup = z.string().regex(/^[US][A-Z0-9]+$/, 'must be a Slack user ID (U…) or user-group ID (S…)');

export const timeZone = z.string().refine(isTimeZone, 'must be an IANA time zone, like Europe/Berlin');

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

// zod's messages for a missing variable say "expected string, received undefined": say "required".
export function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return 'required';
  return issue.message;
}
