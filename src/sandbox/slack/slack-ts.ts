/**
 * Message timestamps as Slack makes them: `seconds.microseconds`, unique and increasing
 * within a workspace (`'1732170000.000100'`). Also the id of a message.
 */
export function createTsClock(now: () => number = Date.now): () => string {
  let last = 0n;
  return () => {
    const micros = BigInt(now()) * 1000n;
    last = micros > last ? micros : last + 1n;
    return formatTs(last);
  };
}

function formatTs(micros: bigint): string {
  const seconds = micros / 1_000_000n;
  const fraction = (micros % 1_000_000n).toString().padStart(6, '0');
  return `${seconds}.${fraction}`;
}

/** `1732170000.000100` → `p1732170000000100`, the form permalinks use. */
export function permalinkId(ts: string): string {
  return `p${ts.replace('.', '')}`;
}
