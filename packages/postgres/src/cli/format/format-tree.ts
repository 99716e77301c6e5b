import type { CausationNode } from '@factum/event-store';

function label(node: CausationNode, marked: string | undefined): string {
  const event = node.event;
  const mark = node.id === marked ? '  <==' : '';
  if (!event) return `${node.id} (command or request; not an event)${mark}`;
  const command = typeof event.metadata.commandType === 'string' ? `  via ${event.metadata.commandType}` : '';
  return `${event.type}  ${event.streamId}@${event.version}  ${event.position}  ${event.occurredAt.toISOString()}  id=${event.eventId}${command}${mark}`;
}

/** A causation tree as terminal lines: each event under the message that caused it. */
export function formatTree(root: CausationNode, marked?: string): string {
  const lines = [label(root, marked)];
  const walk = (node: CausationNode, indent: string): void => {
    node.effects.forEach((child, index) => {
      const last = index === node.effects.length - 1;
      lines.push(`${indent}${last ? '└─ ' : '├─ '}${label(child, marked)}`);
      walk(child, `${indent}${last ? '   ' : '│  '}`);
    });
  };
  walk(root, '');
  return `${lines.join('\n')}\n`;
}
