/**
 * `npm run -s grant -- <username> <dossier code>`: checks an official's signing PIN (read from
 * standard input, hidden when typed at a terminal; never an argument, which `ps` would show) and
 * prints a one-time signing grant for that case — what the API does before a signed approval — so
 * that a case can be driven by hand with the Temporal CLI (`act` update with `signingGrant`).
 * A wrong PIN counts towards the lockout like any other.
 */
import { authorizeSigning } from '../activities/signing-grants';
import { readSecrets, runOperatorCommand } from './operator-cli';

const [username, caseCode] = process.argv.slice(2);
if (!username || !caseCode) {
  console.error('usage: npm run -s grant -- <username> <dossier code>   (the PIN on stdin)');
  process.exit(2);
}
runOperatorCommand(async ({ kek }) => {
  const [pin] = await readSecrets(['Signing PIN']);
  return authorizeSigning({ officialId: username, caseCode, pin: pin as string, kek });
});
