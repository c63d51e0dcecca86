// The sandbox page: one user's view of one channel, redrawn on every change the Slack emulator
// reports (Server-Sent Events), plus the controls that play Slack users and the outside world.
import { h } from './dom.js';
import { answerLine, drawChannels, drawExamples, drawOutsideWorld, drawRepos, drawUsers, logEntry } from './panels.js';
import { renderItem } from './render-message.js';
import { drawModal } from './modal.js';

const $ = (id) => document.getElementById(id);
const view = {
  userId: localStorage.getItem('sandbox.user') ?? 'U0APPROVER',
  channelId: localStorage.getItem('sandbox.channel') ?? 'C0RELEASES',
};
let state = null;
let controlsDrawn = false;
const drawn = new Map(); // ts → { sig, node }: unchanged messages keep their DOM (and focus)

const ctx = {
  userName: (id) => state?.users.find((u) => u.id === id)?.name,
  channelName: (id) => state?.channels.find((c) => c.id === id)?.name,
  act: (kind, item, element, value) => act(kind, item, element, value),
};

async function api(path, body) {
  const res = await fetch(
    `/sandbox/api/${path}`,
    body === undefined
      ? {}
      : {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        },
  );
  const json = await res.json().catch(() => ({ error: `${res.status} ${res.statusText}` }));
  if (!res.ok) throw new Error(json.error ?? `${res.status}`);
  return json;
}

// --- drawing ---------------------------------------------------------------------------

let refreshing = null;
let again = false;
function refresh() {
  if (refreshing) {
    again = true;
    return refreshing;
  }
  refreshing = (async () => {
    do {
      again = false;
      const params = new URLSearchParams({ user: view.userId, channel: view.channelId });
      draw(await api(`state?${params}`));
    } while (again);
  })()
    .catch((error) => {
      if (/unknown user or channel/.test(error.message) && view.userId !== 'U0APPROVER') {
        // A choice remembered from an older sandbox: start again from the defaults.
        setTimeout(() => switchTo({ userId: 'U0APPROVER', channelId: 'C0RELEASES' }));
      }
      logEntry($('log'), { title: 'could not load the channel', lines: [error.message], ok: false });
    })
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

function draw(next) {
  state = next;
  if (!controlsDrawn) {
    drawOutsideWorld($('push'), $('builds'), state.repos, outside, $('ci'));
    drawExamples($('examples'), (text) => {
      $('message').value = text;
      $('message').focus();
    });
    controlsDrawn = true;
  }
  drawUsers($('users'), state.users, view.userId, (id) => switchTo({ userId: id }));
  drawChannels($('channels'), state.channels, view.channelId, (id) => switchTo({ channelId: id }));
  drawRepos($('repos'), state.repos);
  const channel = state.channels.find((c) => c.id === view.channelId);
  $('channel-title').textContent = `#${channel?.name ?? view.channelId}`;
  $('message').placeholder = `Message #${channel?.name ?? ''}, or /release widget minor`;
  drawTimeline(state.timeline);
  drawModal($('modal-layer'), state.modal, ctx, { submit: submitModal, dismiss: dismissModal });
}

function drawTimeline(items) {
  const box = $('timeline');
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 60;
  const nodes = items.map((item) => {
    const sig = JSON.stringify(item);
    const seen = drawn.get(item.ts);
    if (seen?.sig === sig) return seen.node;
    const node = renderItem(item, ctx);
    if (seen) node.classList.add('flash');
    drawn.set(item.ts, { sig, node });
    return node;
  });
  if (nodes.length === 0) {
    nodes.push(h('p', { class: 'empty' }, 'Nothing here yet. Push a commit to widget (left), or type /release widget below.'));
  }
  let at = box.firstChild;
  for (const node of nodes) {
    if (node === at) at = at.nextSibling;
    else box.insertBefore(node, at);
  }
  while (at) {
    const next = at.nextSibling;
    at.remove();
    at = next;
  }
  if (atBottom) box.scrollTop = box.scrollHeight;
}

function switchTo(change) {
  Object.assign(view, change);
  localStorage.setItem('sandbox.user', view.userId);
  localStorage.setItem('sandbox.channel', view.channelId);
  drawn.clear();
  $('timeline').replaceChildren();
  void refresh();
}

const me = () => state?.users.find((u) => u.id === view.userId)?.name ?? view.userId;

// --- acting as a Slack user ------------------------------------------------------------

async function act(kind, item, element, value) {
  const label = kind === 'click' ? `clicked “${element.text?.text ?? element.action_id}”` : `chose “${value}”`;
  try {
    const result = await api(kind, {
      userId: view.userId,
      channelId: view.channelId,
      messageTs: item.ts,
      actionId: element.action_id,
      ...(kind === 'select' ? { value } : {}),
    });
    logEntry($('log'), { title: `${me()} ${label}`, ...ackLines(result) });
  } catch (error) {
    logEntry($('log'), { title: `${me()} ${label}`, lines: [error.message], ok: false });
  }
}

// --- the modal the bot opened in front of this user --------------------------------------

async function submitModal(values) {
  const title = `${me()} submitted “${state?.modal?.title ?? 'a modal'}”`;
  try {
    const result = await api('submit', { userId: view.userId, values });
    const errors = result.errors && Object.values(result.errors).map(String);
    logEntry($('log'), errors?.length ? { title, lines: errors, ok: false } : { title, ...ackLines(result) });
    return result.errors;
  } catch (error) {
    logEntry($('log'), { title, lines: [error.message], ok: false });
    return undefined;
  }
}

async function dismissModal() {
  const title = `${me()} closed “${state?.modal?.title ?? 'a modal'}”`;
  try {
    await api('dismiss', { userId: view.userId });
    logEntry($('log'), { title, lines: ['the app is not told (the view did not ask with notify_on_close)'] });
  } catch (error) {
    logEntry($('log'), { title, lines: [error.message], ok: false });
  }
  void refresh();
}

function ackLines(result, what = 'the app') {
  if (result.timedOut) return { ok: false, lines: [`${what} did not acknowledge within 3 s; Slack would show an operation_timeout error`] };
  if (result.ackError) return { ok: false, lines: [`acknowledged, but Slack would refuse the answer: ${result.ackError}`] };
  return { lines: [`acknowledged in ${Math.round(result.ackMs)} ms`] };
}

$('composer').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('message');
  const text = input.value.trim();
  if (!text) return;
  input.disabled = true;
  try {
    const result = await api('say', { userId: view.userId, channelId: view.channelId, text });
    if (result.kind === 'command') logEntry($('log'), { title: `${me()} typed ${text}`, ...ackLines(result, result.command) });
    input.value = '';
  } catch (error) {
    logEntry($('log'), { title: `${me()} typed ${text}`, lines: [error.message], ok: false });
  } finally {
    input.disabled = false;
    input.focus();
  }
});

// --- acting as GitHub and CI -----------------------------------------------------------

async function outside(kind, repo, button) {
  button.disabled = true;
  try {
    if (kind === 'push') {
      const message = $('commit-message').value.trim() || 'feat: a new thing';
      const r = await api('push', { repo: repo.name, message, ...(repo.branch ? { branch: repo.branch } : {}) });
      logEntry($('log'), {
        title: `pushed ${r.sha.slice(0, 7)} to ${repo.name}${repo.branch ? ` (${repo.branch})` : ''}`,
        ok: r.webhook.status < 300 && r.delivery?.status !== 'failed',
        lines: [
          `webhook → ${answerLine(r.webhook)}`,
          r.delivery ? `the bot: ${r.delivery.status}${r.delivery.outcome ? `: ${r.delivery.outcome}` : ''}` : 'the bot is still handling it…',
        ],
      });
    } else if (kind === 'ci-success' || kind === 'ci-failure') {
      const conclusion = kind === 'ci-success' ? 'success' : 'failure';
      const r = await api('ci', { repo: repo.name, conclusion });
      logEntry($('log'), {
        title: r.finished.length ? `CI: ${r.finished.join(', ')} on ${repo.name} → ${conclusion}` : `CI: nothing running on ${repo.name}`,
        ok: r.answers.every((a) => a.status < 300),
        lines: r.answers.map((a) => `webhook → ${answerLine(a)}`),
      });
    } else {
      const r = await api('build', { connectorId: repo.name });
      const missing = r.answer.status === 404;
      logEntry($('log'), {
        title: `CI built ${r.request.build.image}`,
        ok: r.answer.status < 300,
        lines: [`POST /api/builds → ${answerLine(r.answer)}`, missing ? 'this bot does not take build notices yet' : null],
      });
    }
  } catch (error) {
    logEntry($('log'), { title: `${kind} ${repo.name}`, lines: [error.message], ok: false });
  } finally {
    button.disabled = false;
    void refresh();
  }
}

// --- live updates ----------------------------------------------------------------------

const events = new EventSource('/sandbox/api/events');
events.addEventListener('hello', () => {
  $('live').textContent = '● live';
  $('live').className = 'live on';
  void refresh();
});
events.addEventListener('change', () => void refresh());
events.addEventListener('error', () => {
  $('live').textContent = '○ reconnecting…';
  $('live').className = 'live off';
});
void refresh();
