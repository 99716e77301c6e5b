/** A projector, event handler or process manager class; constructor parameters come from the app's container. */
export type SubscriberClass<T extends object = object> = new (...args: never[]) => T;
