import type { CommandDefinition, MessageSchema } from './message';
import { checkMessageType, checkSchema } from './message-type';

/**
 * Declares a command: its type name (yours, stored nowhere but used to route) and its zod
 * schema. Returns a factory: `OpenAccount({ accountId, owner })` makes the command, type-checked
 * against the schema; `dispatch` validates it at run time.
 */
export function defineCommand<const Type extends string, Schema extends MessageSchema>(type: Type, schema: Schema): CommandDefinition<Type, Schema> {
  checkMessageType(type, 'command');
  checkSchema(schema, type);
  const factory = (data: unknown) => ({ type, data });
  Object.defineProperty(factory, 'name', { value: type });
  return Object.freeze(Object.assign(factory, { kind: 'command' as const, type, schema })) as unknown as CommandDefinition<Type, Schema>;
}
