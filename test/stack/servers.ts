/**
 * One server of a running stack stopped and started again, the rest left as
 * they are: how the tests make "the mail server is down" and "it is back"
 * happen for real (the app sees refused connections, then a server that
 * answers). The pid file follows, so `down` still stops what runs.
 *
 *   await stopServers(paths, ['dovecot', 'postfix']);
 *   ... the app queues work ...
 *   await startServers(paths, ['dovecot', 'postfix']);   // resolves once they answer
 */
import { HOST, type StackPaths } from './config.ts';
import { isAlive, portOpen, readGreeting, stopPid, waitFor } from './proc.ts';
import { readPids, startServer, writePids, type ServiceName } from './stack.ts';

/** Any server of the stack. The identity provider keeps sessions in memory: restarting it signs everyone out. */
export type ServerName = Exclude<ServiceName, 'milter'>;

const READY_MS = 30_000;

function pidsOf(p: StackPaths) {
  const pids = readPids(p);
  if (!pids) throw new Error(`no running stack in ${p.root} (no pid file)`);
  return pids;
}

/** Stops the named servers (SIGTERM, then SIGKILL); a server already stopped is fine. */
export async function stopServers(p: StackPaths, names: readonly ServerName[]): Promise<void> {
  const pids = pidsOf(p);
  for (const name of names) {
    const entry = pids.services[name];
    if (entry && isAlive(entry.pid) && !(await stopPid(entry.pid))) throw new Error(`${name}: pid ${entry.pid} did not stop`);
  }
  // The ports are free once nothing listens: a test may rely on "refused" from here on.
  await Promise.all(names.map((name) => waitFor(`${name} stopped`, async () => !(await answers(name, pids.ports)), READY_MS)));
}

/** Starts the named servers again from their rendered configs and waits until each answers. */
export async function startServers(p: StackPaths, names: readonly ServerName[]): Promise<void> {
  for (const name of names) {
    const pids = pidsOf(p);
    const entry = pids.services[name];
    if (entry && isAlive(entry.pid)) continue;
    const started = await startServer(p, name);
    pids.services[name] = started;
    writePids(p, pids);
  }
  const ports = pidsOf(p).ports;
  await Promise.all(names.map((name) => waitFor(name, () => answers(name, ports), READY_MS)));
}

async function answers(name: ServerName, ports: Record<string, number>): Promise<boolean> {
  const port = (key: string) => {
    const n = ports[key];
    if (n === undefined) throw new Error(`no ${key} port recorded`);
    return n;
  };
  switch (name) {
    case 'idp': {
      // Its discovery answering, and the https listener the other servers introspect through.
      const discovery = await fetch(`http://${HOST}:${port('idp')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(2000) }).then(
        (r) => r.ok,
        () => false,
      );
      return discovery && (await portOpen(port('idpTls'), HOST));
    }
    case 'dovecot':
      return (await readGreeting(port('imap'), HOST)).startsWith('* OK');
    case 'postfix':
      return (await readGreeting(port('submission'), HOST)).startsWith('220');
    case 'apache':
      return portOpen(port('apache'), HOST);
    case 'documents':
      return portOpen(port('documents'), HOST);
  }
}
