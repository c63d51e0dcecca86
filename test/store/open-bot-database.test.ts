import { describe, expect, it } from 'vitest';
import { databasePassword } from '../../src/store/open-bot-database.js';

describe('databasePassword', () => {
  it("finds a DATABASE_URL's password (decoded) to hide from the logs, and nothing where there is none", () => {
    expect(databasePassword('postgres://bot:s3cr%40t@db.internal:5432/release_bot')).toBe('s3cr@t');
    expect(databasePassword('postgres://db.internal/release_bot')).toBeUndefined();
    expect(databasePassword(undefined)).toBeUndefined();
  });
});
