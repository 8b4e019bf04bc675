/**
 * The one logger of every process. Fields that could carry a secret are redacted wherever they
 * appear, so a PIN, a password, a token or key material never reaches a log.
 */
import pino from 'pino';

export const REDACTED_KEYS = [
  'pin',
  'password',
  'passwordHash',
  'token',
  'trackingToken',
  'authorization',
  'privateKey',
  'privateKeyPem',
  'encryptedPrivateKey',
  'keyEncryptionKey',
  'authTokenSecret',
  'webhookSecret',
  'signature',
  'secret',
];

const paths = REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `req.headers.${k}`]);

export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info'): pino.Logger {
  return pino({
    name,
    level,
    redact: { paths, censor: '[redacted]' },
    base: { pid: process.pid },
  });
}

export type Logger = pino.Logger;
