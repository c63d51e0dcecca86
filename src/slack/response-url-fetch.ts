/** What a failed answer is counted as: Slack's error word, or the HTTP status when there is none. */
async function errorOf(res: Response): Promise<string> {
  const text = await res
    .clone()
    .text()
    .catch(() => '');
  let word = text.trim();
  try {
    const body = JSON.parse(text) as { error?: unknown };
    if (typeof body.error === 'string') word = body.error;
  } catch {
    // Slack answers a response_url in JSON; anything else is named by its status.
  }
  return /^[a-z_]{1,40}$/.test(word) ? word : `http_${res.status}`;
}

/**
 * The fetch Bolt makes its HTTP calls with (`clientOptions.fetch`). Web API calls pass through
 * (WebSlack counts their errors); a refused answer to a command's or a click's response_url (used
 * more than five times, or after 30 minutes:
 * https://docs.slack.dev/interactivity/handling-user-interaction#message_responses) is counted as
 * method `response_url`, as Bolt's `respond()` throws it into a listener that may not say so.
 */
export function responseUrlFetch(apiUrl: string, failed: (method: string, error: string) => void, fetchFn: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    const res = await fetchFn(input, init);
    const url = input instanceof Request ? input.url : String(input);
    if (!res.ok && !url.startsWith(apiUrl)) failed('response_url', await errorOf(res));
    return res;
  };
}
