import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/start-sandbox.js';

// Debian's chromium; `.ci/run` installs it when missing. Off CI, a machine without it skips.
const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];
const RESULTS = fileURLToPath(new URL('../../test-results/', import.meta.url));
const available = existsSync(CHROMIUM) || process.env.CI === 'true';

describe.skipIf(!available)('the sandbox page, in a browser', () => {
  let sandbox: Sandbox;
  let context: BrowserContext;
  let page: Page;
  const dirs: string[] = [];

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sandbox-page-'));
    const profile = mkdtempSync(join(tmpdir(), 'sandbox-chromium-'));
    dirs.push(dataDir, profile);
    sandbox = await startSandbox({ env: { SANDBOX_DATA_DIR: dataDir }, sink: { write: () => {} }, port: 0 });
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1440, height: 1000 },
    });
    context.setDefaultTimeout(10_000);
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(sandbox.url);
    await page.locator('#live.on').waitFor();
  });

  afterEach(async (test) => {
    if (test.task.result?.state === 'fail') {
      mkdirSync(RESULTS, { recursive: true });
      await page.screenshot({ path: join(RESULTS, `sandbox-page-failed-${test.task.name.slice(0, 40).replace(/\W+/g, '-')}.png`), fullPage: true });
    }
  });

  afterAll(async () => {
    await context?.close();
    await sandbox?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** Waits until the element's text contains `text` (playwright-core has no web-first assertions). */
  const textOf = (locator: Locator, text: string) => expect.poll(() => locator.textContent(), { timeout: 10_000 }).toContain(text);
  const channelMessage = (text: string) => page.locator('#timeline > article.msg', { hasText: text });

  it('shows the proposal for a push to widget, and the release link in its thread once the approver approves', async () => {
    await page.locator('#push [data-repo="widget"]').click();
    const proposal = channelMessage('widget v1.2.3 → v1.3.0');
    await proposal.waitFor();
    expect(await proposal.locator('.b-header').textContent()).toBe('widget v1.2.3 → v1.3.0');
    expect(await proposal.locator('select[data-action-id="release_bump"]').inputValue()).toMatch(/:minor$/);

    await proposal.getByRole('button', { name: 'Approve v1.3.0' }).click();
    const link = proposal.locator('.thread a[href*="/releases/tag/v1.3.0"]');
    await link.waitFor();
    await textOf(proposal.locator('.thread'), 'Tagged v1.3.0');
    // The parent was edited in place: no more buttons, the release linked.
    await expect.poll(() => proposal.getByRole('button', { name: 'Approve v1.3.0' }).count()).toBe(0);
    await textOf(proposal.locator('.meta').first(), '(edited)');
    await channelMessage('is released').waitFor();
    await textOf(page.locator('#repos'), 'release v1.3.0');
  });

  it('refuses the non-approver with a message only they see', async () => {
    await page.getByRole('radio', { name: 'bob (developer)' }).check();
    await page.locator('#message').fill('/release connector-sdk');
    await page.locator('#message').press('Enter');
    const proposal = channelMessage('connector-sdk 3.1.0 → 3.2.0');
    await proposal.waitFor();

    await proposal.getByRole('button', { name: 'Approve 3.2.0' }).click();
    const refusal = page.locator('article.msg.ephemeral', { hasText: 'Only release approvers' });
    await refusal.waitFor();
    await textOf(refusal, 'Only visible to you');
    expect(await proposal.getByRole('button', { name: 'Approve 3.2.0' }).isEnabled()).toBe(true);

    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, 'sandbox-page.png'), fullPage: true });

    await page.getByRole('radio', { name: 'alice (approver)' }).check();
    await channelMessage('connector-sdk 3.1.0 → 3.2.0').waitFor();
    await expect.poll(() => page.locator('article.msg.ephemeral').count()).toBe(0);
  });

  it("shows site's policy at work: one approval of two, the second waits for the checks, CI's button turns them green and it releases", async () => {
    await page.getByRole('radio', { name: 'bob (developer)' }).check();
    await page.locator('#message').fill('/release site');
    await page.locator('#message').press('Enter');
    const proposal = channelMessage('site t2.4.0 → t2.4.1');
    await proposal.waitFor();
    await proposal.getByRole('button', { name: 'Approve t2.4.1' }).click();
    await textOf(proposal, '1 of 2 approvals');

    await textOf(proposal, '1 running');

    await page.getByRole('radio', { name: 'alice (approver)' }).check();
    await channelMessage('site t2.4.0 → t2.4.1').getByRole('button', { name: 'Approve t2.4.1' }).click();
    await textOf(channelMessage('site t2.4.0 → t2.4.1'), 'waiting for the checks');
    await page.locator('#ci [data-ci="site:success"]').click();
    await channelMessage('site t2.4.1 is released').waitFor();
  });

  it('pushes to the beta channel of widget from its own button, and shows the beta proposal', async () => {
    await page.locator('#commit-message').fill('fix: dark mode contrast');
    await page.locator('#push [data-repo="widget@develop"]').click();
    const proposal = channelMessage('widget v1.2.3 → v1.3.0-beta.1');
    await proposal.waitFor();
    await textOf(proposal, 'beta prerelease from develop');
  });

  it('draws a hostile commit message as text: no element, no script, no ping', async () => {
    const hostile = 'feat: <img src=x onerror="document.title=\'pwned\'"> <!channel> *loud*';
    await page.locator('#commit-message').fill(hostile);
    await page.locator('#push [data-repo="widget"]').click();
    const proposal = channelMessage('widget v1.3.0 → v1.4.0');
    await proposal.waitFor();
    await textOf(proposal, '<img src=x onerror=');
    await textOf(proposal, '<!channel>');
    expect(await page.locator('#timeline img').count()).toBe(0);
    expect(await page.locator('#timeline .mention.loud').count()).toBe(0);
    expect(await page.title()).toBe('release-bot sandbox');
  });
  /** Pushes to widget and finds the proposal that push made (earlier tests may have proposed and released others). */
  async function newProposal(): Promise<Locator> {
    const proposals = page.locator('#timeline > article.msg', { hasText: /widget v\S+ → v\S+/ });
    const before = await proposals.count();
    await page.locator('#push [data-repo="widget"]').click();
    await expect.poll(() => proposals.count(), { timeout: 10_000 }).toBe(before + 1);
    return proposals.nth(before);
  }

  it('shows the modal "Release anyway" opens during a freeze: the reason asked for, the app\'s error under the field, then released', async () => {
    const say = async (text: string) => {
      await page.locator('#message').fill(text);
      await page.locator('#composer button[type="submit"]').click();
    };
    await say('/release freeze widget "incident 42"');
    await textOf(page.locator('#log'), 'freeze widget');
    const proposal = await newProposal();
    await textOf(proposal, 'frozen: incident 42');
    await proposal.getByRole('button', { name: /^Approve v/ }).click();
    const version = /→ (v\S+)/.exec((await proposal.locator('.b-header').textContent()) ?? '')?.[1];
    await proposal.getByRole('button', { name: 'Release anyway' }).click();

    const modal = page.getByRole('dialog', { name: 'Release anyway' });
    await modal.waitFor();
    await textOf(modal, 'is held by');
    // Submitted empty (the field's own check bypassed, as a Slack client lets an app judge it), the app's answer shows under the field.
    await modal.locator('textarea').evaluate((el) => el.removeAttribute('required'));
    await modal.getByRole('button', { name: 'Release anyway' }).click();
    await textOf(modal.locator('.field-error'), 'Say why');
    await modal.locator('textarea').fill('the fix for incident 42 itself');
    await modal.getByRole('button', { name: 'Release anyway' }).click();
    await modal.waitFor({ state: 'detached' });
    expect(await page.locator('#modal-layer').isHidden()).toBe(true);
    await textOf(proposal.locator('.thread'), 'the fix for incident 42 itself');
    await channelMessage(`widget ${version} is released`).waitFor();
    expect(sandbox.github.tags('widget').map((t) => t.name)).toContain(version);
    await say('/release unfreeze widget');
  });

  it('closes the modal with Cancel, and nothing is released', async () => {
    await page.locator('#message').fill('/release freeze widget "incident 43"');
    await page.locator('#composer button[type="submit"]').click();
    await textOf(page.locator('#timeline'), 'incident 43');
    const proposal = await newProposal();
    await textOf(proposal, 'frozen: incident 43');
    const version = /→ (v\S+)/.exec((await proposal.locator('.b-header').textContent()) ?? '')?.[1];
    await proposal.getByRole('button', { name: 'Release anyway' }).click();
    const modal = page.getByRole('dialog', { name: 'Release anyway' });
    await modal.waitFor();
    await modal.getByRole('button', { name: 'Cancel' }).click();
    await modal.waitFor({ state: 'detached' });
    expect(sandbox.slack.openViews('U0APPROVER')).toHaveLength(0);
    await textOf(page.locator('#log'), 'closed');
    expect(version).toMatch(/^v\d/);
    expect(sandbox.github.tags('widget').map((t) => t.name)).not.toContain(version);
    await page.locator('#message').fill('/release unfreeze widget');
    await page.locator('#composer button[type="submit"]').click();
  });

  it('draws mrkdwn as Slack does, and never makes a link of javascript:', async () => {
    // A string, not a function: vitest would rewrite a function's `import()` for Node.
    const sample =
      '*bold* _it_ ~gone~ `a<b` <https://example.com/x?a=1&amp;b=2|site> <@U0APPROVER> <#C1> <javascript:alert(1)|click> snake_case_name 2*3*4 &lt;b&gt;\n&gt; quoted\n```x &amp; y```';
    const html = await page.evaluate(`(async () => {
      const { renderMrkdwn } = await import('/sandbox/mrkdwn.js');
      const ctx = { userName: (id) => (id === 'U0APPROVER' ? 'alice' : undefined), channelName: () => 'releases' };
      const box = document.createElement('div');
      box.append(renderMrkdwn(${JSON.stringify(sample)}, ctx));
      return box.innerHTML;
    })()`);
    expect(html).toContain('<strong>bold</strong> <em>it</em> <s>gone</s> <code>a&lt;b</code>');
    expect(html).toContain('<a href="https://example.com/x?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">site</a>');
    expect(html).toContain('<span class="mention">@alice</span> <span class="mention">#releases</span> click snake_case_name 2*3*4 &lt;b&gt;');
    expect(html).toContain('<blockquote>quoted</blockquote><pre class="code-block">x &amp; y</pre>');
    expect(html).not.toContain('javascript:');
  });
});
