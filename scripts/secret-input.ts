/**
 * Secrets for operator commands (PINs, PKCS#12 passwords) come from standard input, never from
 * arguments (which `ps` shows): one per line when piped, or typed at a hidden prompt.
 */

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
