import type { Outbox, OwedMessage } from './ports/outbox.js';

/** Owes each message, in order (call it inside the unit of work that decided them). */
export async function owe(tx: { outbox: Outbox }, ...messages: (OwedMessage | OwedMessage[])[]): Promise<void> {
  for (const m of messages.flat()) await tx.outbox.owe(m);
}
