import { findLastRelease, type TagRef, type VersionBase, type VersionTag } from '../domain/last-release.js';

/**
 * Runs `findLastRelease` to its answer, finding out the ancestry of each tag it asks about:
 * `known` answers from what is already at hand (a GraphQL history), `check` asks GitHub.
 * Only the tags that can change the answer are asked about, highest first, so a repository
 * whose highest stable tag is on the proposed commit's history costs one check.
 */
export async function resolveVersionBase(
  tags: readonly TagRef[],
  o: {
    prefix: string;
    pre?: string | null;
    known?: (tag: VersionTag) => boolean | undefined;
    check: (tag: VersionTag) => Promise<boolean>;
  },
): Promise<VersionBase> {
  const ancestry = new Map<string, boolean>();
  for (;;) {
    const step = findLastRelease(tags, { prefix: o.prefix, pre: o.pre ?? null, ancestry });
    if (step.kind === 'found') return step.base;
    ancestry.set(step.tag.tag, o.known?.(step.tag) ?? (await o.check(step.tag)));
  }
}
