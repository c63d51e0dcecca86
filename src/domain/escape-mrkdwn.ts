/**
 * Makes outside text (commit titles, branch names, authors) inert in Slack mrkdwn, so a commit
 * titled `<!channel>` pings nobody. Slack asks for exactly these three:
 * https://api.slack.com/reference/surfaces/formatting#escaping
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
