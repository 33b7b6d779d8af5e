// Typed DOM events for the live layer: an EventTarget whose events are named in a map from event
// name to detail type. Listeners get the detail, typed, and go away with their owner's AbortSignal,
// so whoever subscribes says for how long (a run bar, the plugin, a speaker-view iframe).
export class Emitter<Events extends object> extends EventTarget {
  /** Calls `listener` with each event's detail until `signal` aborts. */
  on<K extends keyof Events & string>(type: K, listener: (detail: Events[K]) => void, signal?: AbortSignal): void {
    this.addEventListener(type, (e) => listener((e as CustomEvent<Events[K]>).detail), signal ? { signal } : undefined);
  }

  protected emit<K extends keyof Events & string>(type: K, detail: Events[K]): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
