/**
 * `npm run -s grant -- <username> <dossier code>`: checks an official's signing PIN (read from
 * standard input, hidden when typed at a terminal; never an argument, which `ps` would show) and
 * prints a one-time signing grant for that case — what the API does before a signed approval — so
 * that a case can be driven by hand with the Temporal CLI (`act` update with `signingGrant`).
 * A wrong PIN counts towards the lockout like any other.
 */
import { authorizeSigning, SigningAuthorizationError } from '../activities/signing-grants';
import { connectMongo, disconnectMongo } from '../models/db';
import { loadConfig } from '../runtime/config';
import { parseKek } from '../signing';
import { readSecrets } from './secret-input';

async function main(): Promise<number> {
  const [username, caseCode] = process.argv.slice(2);
  if (!username || !caseCode) {
    console.error('usage: npm run -s grant -- <username> <dossier code>   (the PIN on stdin)');
    return 2;
  }
  const config = loadConfig();
  const [pin] = await readSecrets(['Signing PIN']);
  await connectMongo(config.mongodbUri);
  try {
    const token = await authorizeSigning({
      officialId: username,
      caseCode,
      pin: pin as string,
      kek: parseKek(config.keyEncryptionKey),
    });
    process.stdout.write(`${token}\n`);
    return 0;
  } catch (err) {
    if (err instanceof SigningAuthorizationError) {
      console.error(`${err.code}: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await disconnectMongo();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
