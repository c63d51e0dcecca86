import type { GitModel } from './git-model.js';
import type { RepoRecord } from './git-objects.js';

/** A tag as a test looks at it. */
export interface TagInfo {
  name: string;
  /** the commit, peeled */
  sha: string;
  tagObjectSha?: string;
  message?: string;
}

/** The tags of `record`, in creation order. */
export function tagInfos(git: GitModel, record: RepoRecord): TagInfo[] {
  return [...record.tags].map(([name, target]) => {
    const tagObject = target.type === 'tag' ? record.tagObjects.get(target.sha) : undefined;
    return {
      name,
      sha: git.peel(record, target),
      ...(tagObject ? { tagObjectSha: tagObject.sha, message: tagObject.message } : {}),
    };
  });
}
