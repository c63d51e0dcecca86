import { isRecord } from './is-record.js';
import type { Block } from './types.js';

export interface FoundElement {
  blockId: string;
  element: Record<string, unknown>;
}

/** Every interactive element of a message: elements of `actions` blocks and section accessories. */
export function interactiveElements(blocks: Block[] | undefined): FoundElement[] {
  const found: FoundElement[] = [];
  for (const block of blocks ?? []) {
    const blockId = String(block.block_id ?? '');
    const candidates = block.type === 'actions' && Array.isArray(block.elements) ? block.elements : [];
    for (const element of [...candidates, block.type === 'section' ? block.accessory : undefined]) {
      if (isRecord(element) && element.type !== 'image') found.push({ blockId, element });
    }
  }
  return found;
}

/** The element with this `action_id` in a message's blocks, as a user would find it on screen. */
export function findActionElement(blocks: Block[] | undefined, actionId: string): FoundElement | undefined {
  return interactiveElements(blocks).find((f) => f.element.action_id === actionId);
}
