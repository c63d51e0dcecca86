import type { GitHubEmulator } from '../github/github-emulator.js';
import type { SeededRepo } from '../seed-organisation.js';
import type { SlackEmulator } from '../slack/slack-emulator.js';
import type { Block, StoredEphemeral, StoredMessage } from '../slack/types.js';

export interface PageUser {
  id: string;
  name: string;
  approver: boolean;
}

/** A message as one user sees it in a channel: its current version, replies nested. */
export interface PageItem {
  ts: string;
  text: string;
  blocks?: Block[];
  author: string;
  bot: boolean;
  edited: boolean;
  /** only the page's current user sees it */
  ephemeral: boolean;
  replies?: PageItem[];
}

export interface PageRepo extends SeededRepo {
  tags: string[];
  /** the title of the newest commit on the default branch */
  head: string;
  releases: { tag: string; url: string }[];
}

/** The modal open in front of the page's user, as Slack's client would show it (the newest on top). */
export interface PageModal {
  id: string;
  title: string;
  submit?: string;
  close: string;
  blocks: Block[];
}

/** `GET /sandbox/api/state`: everything the page draws, for one user in one channel. */
export interface PageState {
  userId: string;
  channelId: string;
  users: PageUser[];
  channels: { id: string; name: string }[];
  timeline: PageItem[];
  repos: PageRepo[];
  modal?: PageModal;
}

export interface PageWorld {
  slack: SlackEmulator;
  github: GitHubEmulator;
  users: PageUser[];
  repos: SeededRepo[];
}

/** Slack ts are `seconds.micros` with a fixed number of digits: compared as padded strings. */
const tsKey = (ts: string) => ts.padStart(20, '0');
const byTs = (a: { ts: string }, b: { ts: string }) => (tsKey(a.ts) < tsKey(b.ts) ? -1 : tsKey(a.ts) > tsKey(b.ts) ? 1 : 0);

export function pageState(world: PageWorld, userId: string, channelId: string): PageState {
  const { slack } = world;
  const names = new Map(world.users.map((u) => [u.id, u.name]));
  const fromMessage = (m: StoredMessage): PageItem => ({
    ts: m.ts,
    text: m.text,
    ...(m.blocks ? { blocks: m.blocks } : {}),
    author: m.botId ? 'release-bot' : (names.get(m.userId ?? '') ?? m.userId ?? 'someone'),
    bot: Boolean(m.botId),
    edited: m.edited !== undefined,
    ephemeral: false,
  });
  const fromEphemeral = (e: StoredEphemeral): PageItem => ({
    ts: e.messageTs,
    text: e.text,
    ...(e.blocks ? { blocks: e.blocks } : {}),
    author: 'release-bot',
    bot: true,
    edited: e.versions > 1,
    ephemeral: true,
  });

  const ephemerals = slack.ephemerals({ userId, channelId });
  const parents = slack.messages(channelId);
  const parentTs = new Set(parents.map((m) => m.ts));
  const timeline: PageItem[] = parents.map((m) => {
    const replies = [...slack.replies(channelId, m.ts).map(fromMessage), ...ephemerals.filter((e) => e.threadTs === m.ts).map(fromEphemeral)].sort(byTs);
    return { ...fromMessage(m), ...(replies.length > 0 ? { replies } : {}) };
  });
  // An ephemeral in a thread whose parent is gone, or in no thread, shows in the channel.
  timeline.push(...ephemerals.filter((e) => !e.threadTs || !parentTs.has(e.threadTs)).map(fromEphemeral));
  timeline.sort(byTs);

  const open = slack.openViews(userId).at(-1);
  const label = (o: unknown, fallback: string) => (o && typeof o === 'object' && 'text' in o && typeof o.text === 'string' ? o.text : fallback);
  const modal: PageModal | undefined = open && {
    id: open.id,
    title: label(open.view.title, ''),
    ...(open.view.submit ? { submit: label(open.view.submit, 'Submit') } : {}),
    close: label(open.view.close, 'Cancel'),
    blocks: (open.view.blocks as Block[] | undefined) ?? [],
  };

  return {
    userId,
    channelId,
    users: world.users,
    ...(modal ? { modal } : {}),
    channels: slack.channelList(),
    timeline,
    repos: world.repos.map((r) => ({
      ...r,
      tags: world.github
        .tags(r.name)
        .map((t) => t.name)
        .slice(-3),
      head: world.github.commitsOf(r.name)[0]?.message.split('\n')[0] ?? '',
      releases: world.github
        .releases(r.name)
        .map((rel) => ({ tag: rel.tag_name, url: rel.html_url }))
        .slice(-3),
    })),
  };
}
