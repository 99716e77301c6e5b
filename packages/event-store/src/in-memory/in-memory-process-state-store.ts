import type { ProcessInstance, ProcessStateStore, SaveProcessInstance } from '../contract/process-state-store';
import { checkIdentifier } from '../validation/identifier';
import { checkProcessInstance } from '../validation/subscriber-input';

export class InMemoryProcessStateStore implements ProcessStateStore {
  private readonly instances = new Map<string, Map<string, ProcessInstance>>();

  async load(processName: string, key: string): Promise<ProcessInstance | null> {
    const instance = this.instances.get(checkIdentifier(processName, 'processName'))?.get(checkIdentifier(key, 'key'));
    return instance ? { ...instance } : null;
  }

  async save(instance: SaveProcessInstance): Promise<void> {
    // Frozen JSON, as a database would keep it: later changes to the live state do not leak in.
    const { processName, key, state, position } = checkProcessInstance(instance);
    let byKey = this.instances.get(processName);
    if (!byKey) this.instances.set(processName, (byKey = new Map<string, ProcessInstance>()));
    byKey.set(key, { processName, key, state, position, updatedAt: new Date() });
  }

  async delete(processName: string, key: string): Promise<void> {
    this.instances.get(checkIdentifier(processName, 'processName'))?.delete(checkIdentifier(key, 'key'));
  }

  async list(processName: string): Promise<ProcessInstance[]> {
    const byKey = this.instances.get(checkIdentifier(processName, 'processName'));
    return [...(byKey?.values() ?? [])].map((instance) => ({ ...instance })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}
