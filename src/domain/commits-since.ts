import type { CommitInput } from './analyze-commits.js';

/**
 * The commits after `tagSha` in a history listed newest first, oldest first; `null` when the
 * tagged commit is not in the part of history at hand (more must be read).
 */
export function commitsSince(history: readonly CommitInput[], tagSha: string | null, historyComplete: boolean): CommitInput[] | null {
  if (tagSha === null) return historyComplete ? [...history].reverse() : null;
  const at = history.findIndex((c) => c.sha === tagSha);
  if (at === -1) return null;
  return history.slice(0, at).reverse();
}
