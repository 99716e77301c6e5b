import { causationTree, type CausationNode, type RecordedEvent } from '@factum/event-store';
import type { CliCommand } from '../cli-command';
import { CliUsageError, NothingTracedError } from '../cli-errors';
import { formatTree } from '../format/format-tree';

const toJson = (node: CausationNode): unknown => ({
  id: node.id,
  ...(node.event ? { event: { ...node.event, occurredAt: node.event.occurredAt.toISOString() } } : {}),
  effects: node.effects.map(toJson),
});

/**
 * `factum trace <event-id | correlation-id>`: the conversation as a causation tree. An event id
 * shows the whole conversation it belongs to, with that event marked.
 */
export const traceCommand: CliCommand = {
  name: 'trace',
  summary: 'the causation tree of a conversation, from an event id or a correlation id',
  usage: ['trace <event-id | correlation-id> [--json]'],
  async run(context) {
    const [id, ...extra] = context.args;
    if (id === undefined || extra.length > 0) throw new CliUsageError('Usage: factum trace <event-id | correlation-id>');
    const store = await context.store();
    const chain = await store.readCausationChain(id);
    const event = chain[chain.length - 1];
    const correlation = event?.correlationId ?? (event ? null : id);
    const events: RecordedEvent[] = [];
    if (correlation !== null) for await (const member of store.readCorrelated(correlation)) events.push(member);
    if (events.length === 0 && event) events.push(...chain);
    if (events.length === 0) throw new NothingTracedError(id);
    // The root: what the conversation's first event names as its cause (the first command), or that event itself.
    const first = event ? chain[0]! : events[0]!;
    const root = causationTree(events, first.causationId ?? first.eventId);
    // Events of the conversation that hang off another root (a second command of the same request) get trees of their own.
    const placed = new Set<string>();
    const collect = (node: CausationNode): void => {
      placed.add(node.id);
      node.effects.forEach(collect);
    };
    collect(root);
    const trees = [root];
    for (const member of events) {
      if (placed.has(member.eventId)) continue;
      const tree = causationTree(events, member.causationId ?? member.eventId);
      collect(tree);
      trees.push(tree);
    }
    const { io } = context;
    if (context.json) io.out(`${JSON.stringify(trees.map(toJson))}\n`);
    else for (const tree of trees) io.out(formatTree(tree, event ? id : undefined));
    return 0;
  },
};
