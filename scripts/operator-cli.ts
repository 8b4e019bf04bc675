/**
 * What operator commands (`npm run grant`, `npm run pki`) share: secrets (PINs, PKCS#12 passwords)
 * come from standard input, never from arguments (which `ps` shows) — one per line when piped, or
 * typed at a hidden prompt; and one way to run against the configured MongoDB and exit.
 */
import { ERROR_STATUS } from '../domain/errors';
import { connectMongo, disconnectMongo } from '../models/db';
import { loadConfig } from '../runtime/config';
import { parseKek } from '../signing';

async function hiddenPrompt(label: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(`${label}: `);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (): void => {
      stdin.setRawMode(false);
      stdin.off('data', onData);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (key: string): void => {
      for (const ch of key) {
        if (ch === '\r' || ch === '\n') {
          done();
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          done();
          reject(new Error('cancelled'));
          return;
        }
        value = ch === '\u007f' ? value.slice(0, -1) : value + ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** One secret per label, in order. */
export async function readSecrets(labels: readonly string[]): Promise<string[]> {
  if (process.stdin.isTTY) {
    const values: string[] = [];
    for (const label of labels) values.push(await hiddenPrompt(label));
    return values;
  }
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  const lines = text.split(/\r?\n/);
  if (lines.length < labels.length || labels.some((_, i) => (lines[i] ?? '') === '')) {
    throw new Error(`expected on standard input, one per line: ${labels.join(', ')}`);
  }
  return labels.map((_, i) => lines[i] as string);
}

/** A refusal of a service (a typed error with one of the contract's codes), not a crash. */
function isRefusal(err: unknown): err is Error & { code: string } {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && typeof code === 'string' && code in ERROR_STATUS;
}

/**
 * Runs `command` connected to $MONGODB_URI and exits: 0 with its output on stdout, 1 with
 * `CODE: reason` on stderr when a service refuses, 1 with the message on any other failure.
 */
export function runOperatorCommand(command: (ctx: { kek: Buffer }) => Promise<string>): void {
  const run = async (): Promise<number> => {
    const config = loadConfig();
    const kek = parseKek(config.keyEncryptionKey);
    await connectMongo(config.mongodbUri);
    try {
      console.log(await command({ kek }));
      return 0;
    } catch (err) {
      if (!isRefusal(err)) throw err;
      console.error(`${err.code}: ${err.message}`);
      return 1;
    } finally {
      await disconnectMongo();
    }
  };
  run().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
