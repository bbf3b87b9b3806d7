// The documents cache as the feature uses it: the store's two copies of each
// document kept consistent with the outbox. The view the user sees is always
// the server's last copy with the user's waiting actions applied in order, so
// an answer from the server, a refusal or a dropped action all come down to
// "rebuild the view of this document".
import type { DocDirectory } from '../../../shared/documents';
import type { ApiDocument, Directory, Me as ApiMe } from './api';
import type { Me } from './boxes';
import { applyLocal, type Directory as NameBook } from './local';
import type { DocumentOutbox } from './outbox';
import type { DocumentStore } from './store';

export type MeRecord = Me & { name: string; unitName: string };

export class DocumentCache {
  private dirCache: DocDirectory | null = null;

  constructor(
    readonly store: DocumentStore,
    readonly outbox: DocumentOutbox,
  ) {}

  me(): MeRecord | null {
    const raw = this.store.meta('me');
    return raw ? (JSON.parse(raw) as MeRecord) : null;
  }

  /** Saves who the user is; true when their role or unit changed (every row's boxes follow). */
  setMe(api: ApiMe): boolean {
    const before = this.me();
    const me: MeRecord = { username: api.username, name: api.name, role: api.role, unitId: api.unit.id, unitName: api.unit.name };
    this.store.setMeta('me', JSON.stringify(me));
    const changed = !before || before.role !== me.role || before.unitId !== me.unitId || before.username !== me.username;
    if (changed) this.store.rederive(me);
    return changed;
  }

  /** True when the cached directory predates the people's mail addresses: the next pull fetches it again. */
  directoryLacksEmail(): boolean {
    const dir = this.directory();
    return dir.people.length > 0 && dir.people.every((p) => typeof p.email !== 'string');
  }

  directory(): DocDirectory {
    if (this.dirCache) return this.dirCache;
    const raw = this.store.meta('directory');
    this.dirCache = raw ? (JSON.parse(raw) as DocDirectory) : { units: [], people: [] };
    return this.dirCache;
  }

  setDirectory(d: Directory): void {
    const dir: DocDirectory = {
      units: d.units.map((u) => ({ id: u.id, name: u.name, head: u.head })),
      people: d.people.map((p) => ({ username: p.username, name: p.name, email: p.email, title: p.title, role: p.role, unitId: p.unitId })),
    };
    this.store.setMeta('directory', JSON.stringify(dir));
    this.dirCache = dir;
  }

  private names(): NameBook {
    const dir = this.directory();
    return {
      unitName: (id) => dir.units.find((u) => u.id === id)?.name ?? null,
      personName: (u) => dir.people.find((p) => p.username === u)?.name ?? null,
    };
  }

  /** The server's copy with the waiting actions on top. */
  viewOf(server: ApiDocument): ApiDocument {
    const names = this.names();
    let view = server;
    for (const e of this.outbox.pendingFor(server.id)) view = applyLocal(view, e.payload.action, e.id, e.payload.actor, e.payload.at, names);
    return view;
  }

  /** A copy from the server (the feed, an action's answer, a 409's current state). */
  putServer(server: ApiDocument): void {
    const me = this.me();
    const prev = this.store.get(server.id);
    const last = server.trace.at(-1)?.actor?.username;
    const byOther = last !== me?.username && (!prev || prev.version !== server.version);
    this.store.put(server, this.viewOf(server), me, byOther);
  }

  /** The view again after the outbox changed (an action queued, dropped, refused). */
  rebuild(id: string): void {
    const server = this.store.server(id);
    if (!server) return;
    this.store.put(server, this.viewOf(server), this.me(), false);
  }
}
