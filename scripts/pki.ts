/**
 * `npm run pki -- <command>`: PKI administration for operators (services/pki-admin.ts).
 *
 *   trust <roots.pem>                     add a licensed CA's root certificates as trust anchors
 *   import-official <username> <file.p12> the official's certificate and key; stdin: the file's
 *                                         password, then the official's new signing PIN
 *   import-seal <unit code> <file.p12>    a unit's organisation seal; stdin: the file's password
 *   register-remote <username> <provider> <credential id>
 *                                         the official signs through a remote signing service
 *                                         of SIGNING_PROVIDERS (confirming on their phone); the
 *                                         credential's certificate is read and checked
 *   register-token <username> <cert.pem>  the official signs with a token (its certificate)
 *   use-pin <username>                    the official signs with the server-held key again
 *   signature-image <username> <file.png | --remove>
 *                                         the image of the official's handwritten signature shown
 *                                         in their signature boxes (PNG or JPEG, ≤ 1 MiB)
 *   unlock <username>                     clear the wrong-PIN lockout of an official's key
 *   revoke <username | seal:UNIT>         revoke a certificate issued by the deployment's CAs
 *   roots                                 print the trust anchors (PEM)
 *   ltv-renew                             renew the document time-stamps (PAdES B-LTA) of every
 *                                         archived decision and control sheet whose TSA
 *                                         certificate ends within 90 days (or that has none)
 *
 * Exit code 0 on success, 1 when refused (the reason on stderr), 2 for usage errors.
 */
import { readFileSync } from 'node:fs';
import {
  addDeploymentTrustAnchors,
  importOfficialCertificate,
  importSealCertificate,
  registerRemoteCredential,
  registerTokenCertificate,
  revokeSigner,
  setSignatureImage,
  useServerKey,
  unlockOfficialKey,
} from '../services/pki-admin';
import { trustAnchors } from '../activities/pki';
import { documentActivities } from '../activities/documents/issue';
import { loadConfig } from '../runtime/config';
import { readSecrets, runOperatorCommand } from './operator-cli';

const USAGE = `usage: npm run pki -- trust <roots.pem>
       npm run pki -- import-official <username> <file.p12>   (stdin: file password, new PIN)
       npm run pki -- import-seal <unit code> <file.p12>      (stdin: file password)
       npm run pki -- register-remote <username> <provider> <credential id>
       npm run pki -- register-token <username> <cert.pem>
       npm run pki -- use-pin <username>
       npm run pki -- signature-image <username> <file.png | --remove>
       npm run pki -- unlock <username>
       npm run pki -- revoke <username | seal:UNIT>
       npm run pki -- roots
       npm run pki -- ltv-renew`;

type Command = (args: string[], kek: Buffer) => Promise<string>;

const COMMANDS: Record<string, { arity: number; run: Command }> = {
  trust: {
    arity: 1,
    run: async ([file]) => {
      const { added } = await addDeploymentTrustAnchors(readFileSync(file as string, 'utf8'));
      return `${added} trust anchor(s) added.`;
    },
  },
  'import-official': {
    arity: 2,
    run: async ([username, file], kek) => {
      const p12 = readFileSync(file as string);
      const [password, pin] = await readSecrets(['PKCS#12 password', 'New signing PIN']);
      const r = await importOfficialCertificate({
        username: username as string,
        p12,
        password: password as string,
        pin: pin as string,
        kek,
      });
      return `${username} now signs as ${r.subject} (serial ${r.serialNumber}, valid until ${r.notAfter.toISOString()}).`;
    },
  },
  'import-seal': {
    arity: 2,
    run: async ([unitCode, file], kek) => {
      const p12 = readFileSync(file as string);
      const [password] = await readSecrets(['PKCS#12 password']);
      const r = await importSealCertificate({
        unitCode: unitCode as string,
        p12,
        password: password as string,
        kek,
      });
      return `${unitCode} now seals as ${r.subject} (serial ${r.serialNumber}, valid until ${r.notAfter.toISOString()}).`;
    },
  },
  'register-remote': {
    arity: 3,
    run: async ([username, provider, credentialId]) => {
      const r = await registerRemoteCredential({
        username: username as string,
        provider: provider as string,
        credentialId: credentialId as string,
        providers: loadConfig().signingProviders,
      });
      return `${username} now signs through ${r.provider} as ${r.subject} (serial ${r.serialNumber}, valid until ${r.notAfter.toISOString()}); each signature is confirmed at the service.`;
    },
  },
  'register-token': {
    arity: 2,
    run: async ([username, file]) => {
      const r = await registerTokenCertificate({
        username: username as string,
        pem: readFileSync(file as string, 'utf8'),
      });
      return `${username} now signs with the token of ${r.subject} (serial ${r.serialNumber}, valid until ${r.notAfter.toISOString()}).`;
    },
  },
  'use-pin': {
    arity: 1,
    run: async ([username]) => {
      const { hasKey } = await useServerKey(username as string);
      return hasKey
        ? `${username} signs with the server-held key and PIN again.`
        : `${username} has no server-held key: import one (import-official) or register a remote credential or token.`;
    },
  },
  'signature-image': {
    arity: 2,
    run: async ([username, file]) => {
      if (file === '--remove') {
        await setSignatureImage(username as string, null);
        return `${username}'s signature boxes show no handwritten signature from now on.`;
      }
      const r = await setSignatureImage(username as string, readFileSync(file as string));
      return `${username}'s signature boxes show this ${r.format?.toUpperCase()} image (${r.width}×${r.height} px) from now on.`;
    },
  },
  unlock: {
    arity: 1,
    run: async ([username]) => {
      const { wasLocked } = await unlockOfficialKey(username as string);
      return wasLocked
        ? `The signing key of ${username} is unlocked.`
        : `The signing key of ${username} was not locked.`;
    },
  },
  revoke: {
    arity: 1,
    run: async ([who]) => {
      const { serialNumber } = await revokeSigner(who as string);
      return `Certificate ${serialNumber} of ${who} is revoked; the CRLs and /api/verify show it.`;
    },
  },
  roots: { arity: 0, run: async () => (await trustAnchors()).trimEnd() },
  'ltv-renew': {
    arity: 0,
    run: async (_args, kek) => {
      const config = loadConfig();
      const { renewArchiveTimestamps } = documentActivities({
        kek,
        publicBaseUrl: config.publicBaseUrl,
        tsa: config.tsa,
      });
      const r = await renewArchiveTimestamps();
      const failed = r.failed.map((f) => `\n  ${f.documentId}: ${f.error}`).join('');
      if (r.failed.length > 0)
        throw new Error(`${r.failed.length} document(s) not renewed:${failed}`);
      return `${r.checked} archived document(s) checked, ${r.renewed.length} renewed.`;
    },
  },
};

const [name, ...args] = process.argv.slice(2);
const command = name ? COMMANDS[name] : undefined;
if (!command || args.length !== command.arity) {
  console.error(USAGE);
  process.exit(2);
}
runOperatorCommand(({ kek }) => command.run(args, kek));
