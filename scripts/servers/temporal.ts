import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTE_REGISTRATIONS } from '../../workflows/search-attributes';
import { RunningServer, spawnServer, waitFor } from './process';

export interface TemporalDevServer extends RunningServer {
  address: string;
  uiUrl: string | null;
}

/**
 * Starts `temporal server start-dev` with our search attributes registered. With `dbFile` the
 * state survives restarts; without it the server keeps everything in memory (tests).
 */
export async function startTemporalDevServer(opts: {
  cli: string;
  port: number;
  uiPort?: number;
  dbFile?: string;
  namespace?: string;
  logFile: string;
}): Promise<TemporalDevServer> {
  const namespace = opts.namespace ?? 'default';
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(opts.port)];
  args.push('--namespace', namespace, '--log-level', 'warn', '--log-format', 'json');
  if (opts.uiPort) args.push('--ui-port', String(opts.uiPort), '--ui-disable-news-fetch');
  else args.push('--headless');
  if (opts.dbFile) {
    args.push('--db-filename', opts.dbFile);
    args.push('--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal');
  }
  for (const sa of SEARCH_ATTRIBUTE_REGISTRATIONS)
    args.push('--search-attribute', `${sa.name}=${sa.cliType}`);
  // Workflow Updates are on by default in current servers; saying so costs nothing.
  args.push('--dynamic-config-value', 'frontend.enableUpdateWorkflowExecution=true');
  const server = spawnServer('temporal', opts.cli, args, { logFile: opts.logFile });
  const address = `127.0.0.1:${opts.port}`;
  await waitFor('Temporal dev server', () => temporalReady(address, namespace), {
    timeoutMs: 90_000,
    child: server.child,
    logFile: opts.logFile,
  });
  // The dev server applies --search-attribute only to a fresh database; make sure on restarts too.
  await ensureSearchAttributes(address, namespace);
  return { ...server, address, uiUrl: opts.uiPort ? `http://127.0.0.1:${opts.uiPort}` : null };
}

/** True when the frontend answers for the namespace. */
export async function temporalReady(address: string, namespace = 'default'): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1000 });
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return true;
  } finally {
    await connection.close();
  }
}

const INDEXED_VALUE_TYPE = {
  Keyword: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Datetime: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  Bool: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
} as const;

/**
 * Registers whichever of our search attributes the namespace lacks; returns the ones added. The
 * time-skipping test server cannot list attributes, so there all of them are (re-)added.
 */
export async function ensureSearchAttributes(
  target: string | Connection,
  namespace = 'default',
): Promise<string[]> {
  const connection =
    typeof target === 'string' ? await Connection.connect({ address: target }) : target;
  try {
    let existing: string[] = [];
    try {
      const res = await connection.operatorService.listSearchAttributes({ namespace });
      existing = Object.keys(res.customAttributes ?? {});
    } catch (err) {
      if ((err as { code?: number }).code !== 12 /* UNIMPLEMENTED */) throw err;
    }
    const missing = SEARCH_ATTRIBUTE_REGISTRATIONS.filter((sa) => !existing.includes(sa.name));
    if (missing.length > 0) {
      await connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(
          missing.map((sa) => [sa.name, INDEXED_VALUE_TYPE[sa.cliType]]),
        ),
      });
    }
    return missing.map((sa) => sa.name);
  } finally {
    if (typeof target === 'string') await connection.close();
  }
}
