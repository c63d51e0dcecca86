import type { Release } from '../domain/release.js';
import type { Deps } from './deps.js';

/** `/release history <repo>`: the bot's last releases of a repository, newest first. */
export function releaseHistory(deps: { store: Pick<Deps['store'], 'releases'> }, repo: string, limit = 10): Promise<Release[]> {
  return deps.store.releases.history(repo, limit);
}
