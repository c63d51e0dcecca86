import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/open-database.js';

describe('reuseStatements (through openDatabase)', () => {
  it('prepares each SQL text once and hands the same statement back', () => {
    const db = openDatabase(':memory:');
    db.exec('CREATE TABLE t (x INTEGER)');
    const insert = db.prepare('INSERT INTO t (x) VALUES (?)');
    expect(db.prepare('INSERT INTO t (x) VALUES (?)')).toBe(insert);
    expect(db.prepare('SELECT x FROM t')).not.toBe(insert);
    for (let i = 0; i < 3; i++) db.prepare('INSERT INTO t (x) VALUES (?)').run(i);
    expect(db.prepare('SELECT x FROM t ORDER BY x').all()).toEqual([{ x: 0 }, { x: 1 }, { x: 2 }]);
  });

  it('still sees a column added after the statement was first prepared', () => {
    const db = openDatabase(':memory:');
    db.exec('CREATE TABLE t (x INTEGER)');
    db.prepare('INSERT INTO t (x) VALUES (?)').run(1);
    expect(db.prepare('SELECT * FROM t').get()).toEqual({ x: 1 });
    db.exec('ALTER TABLE t ADD COLUMN y TEXT');
    expect(db.prepare('SELECT * FROM t').get()).toEqual({ x: 1, y: null });
  });

  it('stops keeping statements past its bound, and they still work', () => {
    const db = openDatabase(':memory:');
    for (let i = 0; i < 600; i++) expect(db.prepare(`SELECT ${i} AS n`).get()).toEqual({ n: i });
    expect(db.prepare('SELECT 599 AS n')).not.toBe(db.prepare('SELECT 599 AS n'));
    expect(db.prepare('SELECT 1 AS n')).toBe(db.prepare('SELECT 1 AS n'));
  });
});
