import { describe, expect, it } from 'vitest';
import { escapeMrkdwn } from '../../src/domain/escape-mrkdwn.js';

describe('escapeMrkdwn', () => {
  it('makes a commit titled <!channel> ping nobody', () => {
    expect(escapeMrkdwn('fix: <!channel> & <@U123>')).toBe('fix: &lt;!channel&gt; &amp; &lt;@U123&gt;');
  });

  it('escapes an ampersand before the entities it makes', () => {
    expect(escapeMrkdwn('&lt;')).toBe('&amp;lt;');
  });

  it('leaves mrkdwn formatting characters alone', () => {
    expect(escapeMrkdwn('*bold* _it_ `code` ~x~')).toBe('*bold* _it_ `code` ~x~');
  });
});
