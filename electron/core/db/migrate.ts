import type { Db } from './open';

export interface Migration {
  /** 1, 2, 3 …: the value of user_version once it is applied. */
  version: number;
  name: string;
  sql: string;
}

/**
 * Brings a database to the newest schema. Each migration runs in its own
 * transaction with the user_version bump, so a crash leaves the database at a
 * whole version. A database newer than this build is refused rather than
 * guessed at: an older app must not write a schema it does not know.
 */
export function migrate(db: Db, migrations: readonly Migration[]): { from: number; to: number } {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const from = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.length;
  if (from > latest) {
    throw new Error(`database schema ${from} is newer than this app knows (${latest})`);
  }
  for (const m of migrations.slice(from)) {
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return { from, to: latest };
}
