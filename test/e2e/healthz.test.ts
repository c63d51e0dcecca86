import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/open-database.js';
import { seedWidget, startWorld, type World } from './world.js';

interface Health {
  ok: boolean;
  problems?: string[];
  outbox: { pending: number; oldestAgeSeconds: number | null; failed: number };
}

describe('/healthz', () => {
  let world: World;
  afterEach(async () => {
    world.slack.outage(undefined);
    await world.stop();
  });

  const health = async (w: World) => {
    const res = await fetch(`http://127.0.0.1:${w.bot.port}/healthz`);
    return { status: res.status, body: (await res.json()) as Health };
  };

  it('reports the outbox backlog and the age of its oldest message, and stays 200 while Slack only delays', async () => {
    world = await startWorld({ outboxBackoff: { baseMs: 50, maxMs: 100 } });
    expect((await health(world)).body).toEqual({
      ok: true,
      replica: expect.stringMatching(/-\d+$/),
      database: 'sqlite',
      outbox: { pending: 0, oldestAgeSeconds: null, failed: 0 },
    });
    world.slack.outage({ status: 503 });
    const { before, after } = seedWidget(world.github);
    await world.webhook('push', world.github.pushPayload('widget', { before, after }));
    await world.slack.waitFor(() => world.slack.calls('chat.postMessage').some((c) => c.error === 'service_unavailable'));
    const during = await health(world);
    expect(during.status).toBe(200);
    expect(during.body.outbox.pending).toBe(1);
    expect(during.body.outbox.oldestAgeSeconds).toBeGreaterThanOrEqual(0);
    world.slack.outage(undefined);
    await world.bot.idle();
    expect((await health(world)).body.outbox).toMatchObject({ pending: 0, oldestAgeSeconds: null });
  });

  it('answers 503 when the database cannot be written', async () => {
    world = await startWorld();
    expect((await health(world)).status).toBe(200);
    // As a full disk would: every write the health check makes is refused.
    const db = openDatabase(world.env.DATABASE_PATH!);
    db.exec("CREATE TRIGGER refuse_insert BEFORE INSERT ON health_check BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
    db.exec("CREATE TRIGGER refuse_update BEFORE UPDATE ON health_check BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
    db.close();
    const down = await health(world);
    expect(down.status).toBe(503);
    expect(down.body.problems).toContain('the database cannot be written');
  });
});
