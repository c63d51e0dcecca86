// The sandbox's own controls around the channel: who you are, where you are, what the
// outside world does, what GitHub holds now, and a log of what each action got back.
import { h, safeUrl } from './dom.js';

export const EXAMPLES = [
  '/release widget',
  '/release site minor --dry-run',
  '/release widget major --pre rc',
  '/release history widget',
  '/release help',
  '/release stats',
  '/release stats connectors --days 90',
  '/release freeze widget "incident 42"',
  '/release unfreeze widget',
  '/connectors status',
  '/connectors batch',
  '/deploy connector-stripe 1.0.0',
  '/deploy connector-stripe rollback',
];

export function drawUsers(el, users, current, pick) {
  el.replaceChildren(
    ...users.map((u) =>
      h(
        'label',
        { class: 'radio' },
        h('input', { type: 'radio', name: 'user', value: u.id, checked: u.id === current, onchange: () => pick(u.id) }),
        ` ${u.name}`,
      ),
    ),
  );
}

export function drawChannels(el, channels, current, pick) {
  el.replaceChildren(
    ...channels.map((c) =>
      h(
        'button',
        {
          type: 'button',
          class: `channel-link${c.id === current ? ' current' : ''}`,
          'aria-current': c.id === current ? 'page' : false,
          dataset: { channel: c.id },
          onclick: () => pick(c.id),
        },
        `# ${c.name}`,
      ),
    ),
  );
}

export function drawOutsideWorld(push, builds, repos, act, ci) {
  // One chip per repository (its default branch), and one per release branch it has.
  const targets = repos.flatMap((r) => [r, ...(r.branches ?? []).map((branch) => ({ ...r, branch }))]);
  push.replaceChildren(
    ...targets.map((r) =>
      h(
        'button',
        {
          type: 'button',
          class: 'chip',
          dataset: r.branch ? { repo: `${r.name}@${r.branch}` } : { repo: r.name },
          title: r.shows,
          onclick: (e) => act('push', r, e.currentTarget),
        },
        r.branch ? `${r.name} · ${r.branch}` : r.name,
      ),
    ),
  );
  builds.replaceChildren(
    ...repos
      .filter((r) => r.connector)
      .map((r) => h('button', { type: 'button', class: 'chip', dataset: { connector: r.name }, onclick: (e) => act('build', r, e.currentTarget) }, r.name)),
  );
  // A repository whose policy requires checks: its running checks pass, or fail.
  ci?.replaceChildren(
    ...repos
      .filter((r) => r.ci)
      .flatMap((r) => [
        h(
          'button',
          { type: 'button', class: 'chip', dataset: { ci: `${r.name}:success` }, onclick: (e) => act('ci-success', r, e.currentTarget) },
          `${r.name} ✅ pass`,
        ),
        h(
          'button',
          { type: 'button', class: 'chip', dataset: { ci: `${r.name}:failure` }, onclick: (e) => act('ci-failure', r, e.currentTarget) },
          `${r.name} ❌ fail`,
        ),
      ]),
  );
}

export function drawRepos(el, repos) {
  el.replaceChildren(
    ...repos.map((r) =>
      h(
        'li',
        {},
        h('div', {}, h('strong', {}, r.name), ' ', h('span', { class: 'muted' }, r.shows)),
        h('div', { class: 'repo-refs' }, `main: ${r.head}`),
        h(
          'div',
          { class: 'repo-refs' },
          r.tags.length ? `tags: ${r.tags.join(', ')}` : 'no tags',
          r.releases.map((rel) => [
            ' · ',
            safeUrl(rel.url) ? h('a', { href: safeUrl(rel.url), target: '_blank', rel: 'noopener noreferrer' }, `release ${rel.tag}`) : rel.tag,
          ]),
        ),
      ),
    ),
  );
}

export function drawExamples(el, fill) {
  el.replaceChildren(...EXAMPLES.map((text) => h('button', { type: 'button', class: 'chip', onclick: () => fill(text) }, text)));
}

/** One entry of "What happened": a title, then what came back (text only). */
export function logEntry(el, { title, lines = [], ok = true }) {
  const time = new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  el.prepend(
    h(
      'li',
      { class: ok ? 'ok' : 'bad' },
      h('div', {}, h('time', {}, time), ' ', h('strong', {}, title)),
      lines.filter(Boolean).map((line) => h('div', { class: 'log-line' }, line)),
    ),
  );
  while (el.children.length > 100) el.lastElementChild.remove();
}

/** `{ status, body }` from the bot, in one line. */
export function answerLine(answer) {
  const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  return `${answer.status} ${body.length > 300 ? `${body.slice(0, 300)}…` : body}`;
}
