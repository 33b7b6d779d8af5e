// The saved records of the results store, indexed in memory by experiment, runtime and parameters,
// so that `latest` (asked by every follower's deck, 31 times on opening it) costs a look-up and at
// most one asynchronous file read, whatever it asks: parameters that match nothing cost nothing.
// A folder is listed again (asynchronously) when asked after REFRESH_MS, so records written by
// another process (`ffi-corners run` beside the server) are found; this server's own writes update
// the index as they happen.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { paramsMatch, type RunRecord, type RunStatus } from '../../protocol/record.ts';
import type { ResultsStore } from './store.ts';

/** A folder listed more recently than this is answered from memory. */
const REFRESH_MS = 1000;
/** Record texts kept in memory (as UTF-8 bytes, sent to every asker without a copy), least recently
 * used out first beyond this many bytes: every record of a talk's deck (~40 of ≤ 400 kB, two views). */
const CACHED_BYTES = 48 * 1024 * 1024;

interface Entry {
  name: string;
  status: RunStatus;
  params: Record<string, unknown>;
}

interface Folder {
  /** By file name, which sorts by start time. */
  entries: Map<string, Entry>;
  listedAt: number;
  listing: Promise<void> | null;
}

export class RecordIndex {
  private readonly folders = new Map<string, Folder>();
  /** file (and view) → its text as saved (serialised once, sent to many). */
  private readonly texts = new Map<string, Buffer>();
  private cachedBytes = 0;
  /** Reads under way, by key: a room asking for the same record at once reads it once. */
  private readonly loading = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly store: ResultsStore,
    private readonly isRecordFile: (name: string) => boolean,
  ) {}

  /** A record this server saved (or is saving): indexed at once, its cached text replaced. */
  saved(file: string, record: RunRecord, text: string): void {
    const dir = file.slice(0, file.lastIndexOf('/'));
    const folder = this.folders.get(dir);
    const name = file.slice(dir.length + 1);
    folder?.entries.set(name, { name, status: record.status, params: record.params });
    for (const key of [...this.texts.keys()]) if (key === file || key.startsWith(`${file}\0`)) this.forget(key);
    if (record.status !== 'running') this.remember(file, Buffer.from(text));
  }

  /** A record removed (pruned). */
  removed(file: string): void {
    const dir = file.slice(0, file.lastIndexOf('/'));
    this.folders.get(dir)?.entries.delete(file.slice(dir.length + 1));
    for (const key of [...this.texts.keys()]) if (key === file || key.startsWith(`${file}\0`)) this.forget(key);
  }

  /** The text (UTF-8) of the newest record of (experiment, runtime) whose parameters include `params`:
   * the newest `ok` one, else the newest of any status; null when none. */
  async latestRecord(
    experiment: string,
    runtimeId: string | null,
    params?: Record<string, unknown>,
    view?: { key: string; of: (text: string) => string },
  ): Promise<Buffer | null> {
    const dir = this.store.dir(experiment, runtimeId);
    const folder = await this.folder(dir);
    const matching = [...folder.entries.values()].filter((e) => paramsMatch(e.params, params)).sort((a, b) => (a.name < b.name ? 1 : -1));
    const pick = matching.find((e) => e.status === 'ok') ?? matching[0];
    if (!pick) return null;
    const file = join(dir, pick.name);
    const key = view ? `${file}\0${view.key}` : file;
    const cached = this.texts.get(key);
    if (cached !== undefined) return this.remember(key, cached);
    try {
      let load = this.loading.get(key);
      if (!load) {
        load = readFile(file).then((raw) => (view ? Buffer.from(view.of(raw.toString('utf8'))) : raw));
        this.loading.set(key, load);
        void load.finally(() => this.loading.delete(key)).catch(() => {});
      }
      const text = await load;
      return pick.status === 'running' ? text : this.remember(key, text); // a running record changes: not kept
    } catch {
      folder.entries.delete(pick.name); // removed meanwhile
      return null;
    }
  }

  private remember(key: string, text: Buffer): Buffer {
    this.forget(key);
    this.texts.set(key, text);
    this.cachedBytes += text.length;
    while (this.cachedBytes > CACHED_BYTES && this.texts.size > 1) this.forget(this.texts.keys().next().value!);
    return text;
  }

  private forget(key: string): void {
    const had = this.texts.get(key);
    if (had) this.cachedBytes -= had.length;
    this.texts.delete(key);
  }

  private async folder(dir: string): Promise<Folder> {
    let folder = this.folders.get(dir);
    if (!folder) this.folders.set(dir, (folder = { entries: new Map(), listedAt: 0, listing: null }));
    if (Date.now() - folder.listedAt > REFRESH_MS) folder.listing ??= this.list(dir, folder).finally(() => (folder.listing = null));
    if (folder.listing) await folder.listing;
    return folder;
  }

  /** Lists a folder: new files are read once (params and status), files gone are forgotten. */
  private async list(dir: string, folder: Folder): Promise<void> {
    let names: string[];
    try {
      names = (await readdir(dir)).filter(this.isRecordFile);
    } catch {
      names = [];
    }
    const present = new Set(names);
    for (const name of folder.entries.keys()) if (!present.has(name)) folder.entries.delete(name);
    for (const name of names) {
      const known = folder.entries.get(name);
      if (known && known.status !== 'running') continue; // a finished record does not change
      try {
        const record = JSON.parse(await readFile(join(dir, name), 'utf8')) as RunRecord;
        if (record && typeof record === 'object' && record.params && typeof record.status === 'string') {
          folder.entries.set(name, { name, status: record.status, params: record.params });
        }
      } catch {
        /* being written, or damaged: left out until it reads */
      }
    }
    folder.listedAt = Date.now();
  }
}
