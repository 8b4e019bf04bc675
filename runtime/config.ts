/**
 * Configuration from environment variables, with safe defaults for development and a refusal to
 * start in production without real secrets. Every variable the code reads is listed in
 * `CONFIG_VARIABLES` (the README's table and the docker-compose test use it).
 */
import { isIP } from 'node:net';

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  publicBaseUrl: string;
  temporal: { address: string; namespace: string; taskQueue: string };
  mongodbUri: string;
  /** Key-encryption key for private keys at rest (officials', seals', CAs'). */
  keyEncryptionKey: string;
  /** HMAC secret for officials' bearer tokens. */
  authTokenSecret: string;
  authTokenTtlSeconds: number;
  demo: { password: string; pin: string; enabled: boolean };
  logLevel: string;
  /**
   * A licensed time-stamping authority (RFC 3161 over HTTP; credentials in the URL's userinfo are
   * sent as HTTP basic authentication); null: the deployment's own TSA.
   */
  tsa: { url: string | null };
  /**
   * Which proxies in front of the API are believed when they name the client's address in
   * X-Forwarded-For (express's `trust proxy`): a hop count, or addresses, CIDR ranges and the names
   * loopback, linklocal, uniquelocal; false: none. The sign-in limits count per client address.
   */
  trustProxy: number | string[] | false;
  /** Remote signing services (CSC API) officials and citizens may sign through. */
  signingProviders: SigningProviderConfig[];
  supervision: {
    /** The Temporal Web UI, for links to a case's history; null: no links. */
    temporalUiUrl: string | null;
    /** An official's stage this many working days old is SILENT (stuck) even before its deadline. */
    silentWorkingDays: number;
  };
}

/** One remote signing service (`SIGNING_PROVIDERS`, a JSON array of these). */
export interface SigningProviderConfig {
  /** Short id, e.g. `smartca`; stored in officials' profiles. */
  id: string;
  /** Shown to users, e.g. "VNPT SmartCA". */
  name: string;
  /** The CSC API base URL, up to and including `/csc/v1` or `/csc/v2`. */
  url: string;
  /** OAuth2 client credentials of the deployment at this provider (omit when none). */
  oauth2?: { tokenUrl: string; clientId: string; clientSecret: string; scope?: string };
}

/** Every environment variable the code reads, with its default and meaning. */
export const CONFIG_VARIABLES = {
  NODE_ENV: { default: 'development', doc: '`production` refuses development defaults' },
  PORT: { default: '3000', doc: 'HTTP port of the API and web UI' },
  PUBLIC_BASE_URL: {
    default: 'http://localhost:3000',
    doc: 'Base URL printed in documents (tracking links)',
  },
  TEMPORAL_ADDRESS: { default: '127.0.0.1:7233', doc: 'Temporal frontend host:port' },
  TEMPORAL_NAMESPACE: { default: 'default', doc: 'Temporal namespace' },
  TEMPORAL_TASK_QUEUE: { default: 'cases', doc: 'Task queue of the case worker' },
  MONGODB_URI: {
    default: 'mongodb://127.0.0.1:27017/motcua',
    doc: 'MongoDB connection string (database name included)',
  },
  KEY_ENCRYPTION_KEY: {
    default: '(development key)',
    doc: 'Base64 (or hex) of ≥ 32 random bytes that, with each PIN, encrypts private keys at rest; required in production',
  },
  AUTH_TOKEN_SECRET: {
    default: '(development secret)',
    doc: "Secret that signs officials' bearer tokens; required in production",
  },
  AUTH_TOKEN_TTL_SECONDS: { default: '28800', doc: "Lifetime of an official's token (8 h)" },
  DEMO_PASSWORD: { default: 'demo', doc: 'Password of the demo accounts (development only)' },
  DEMO_PIN: { default: '123456', doc: 'Signing PIN of the demo accounts (development only)' },
  LOG_LEVEL: { default: 'info', doc: 'pino log level' },
  WORKFLOW_BUNDLE_PATH: {
    default: '(bundle the workflows at start)',
    doc: 'Prebuilt workflow bundle the worker loads (the image sets it)',
  },
  NOTIFY_SENDER: {
    default: 'file',
    doc: 'How e-mails and SMS leave the outbox: `file` (development, JSON lines) or `webhook`',
  },
  NOTIFY_WEBHOOK_URL: {
    default: '',
    doc: 'URL the webhook sender POSTs each message to (required with NOTIFY_SENDER=webhook)',
  },
  NOTIFY_WEBHOOK_SECRET: {
    default: '',
    doc: 'Key of the HMAC-SHA256 signature on each webhook POST (required with the webhook in production)',
  },
  TSA_URL: {
    default: '',
    doc: "RFC 3161 time-stamping service of a licensed TSA (production), credentials as https://user:password@host/path (HTTP basic); unset: the deployment's own development TSA",
  },
  SIGNING_PROVIDERS: {
    default: '',
    doc: 'Remote signing services (CSC API) as JSON: [{"id","name","url" (…/csc/v1 or …/csc/v2), "oauth2": {"tokenUrl","clientId","clientSecret","scope"}}]; see docs/signing.md',
  },
  TRUST_PROXY: {
    default: 'loopback',
    doc: 'Proxies believed about the client address (X-Forwarded-For), comma-separated addresses, CIDR ranges or loopback/linklocal/uniquelocal, a hop count, or `none`; sign-in limits count per client address',
  },
  NOTIFY_FILE_PATH: {
    default: '.data/outbox/sent.jsonl',
    doc: 'File the development sender appends each message to',
  },
  TEMPORAL_UI_URL: {
    default: 'http://localhost:8233 (development; none in production)',
    doc: "Temporal Web UI that the supervisors' page links each case's history to",
  },
  SUPERVISION_SILENT_WORKING_DAYS: {
    default: '5',
    doc: "An official's stage older than this many working days shows as stuck (SILENT) even before its deadline",
  },
} as const;

export type ConfigVariable = keyof typeof CONFIG_VARIABLES;

/** Base64 of a fixed, public phrase: development data only (parseKek wants ≥ 32 bytes). */
const DEV_KEK = 'bW90Y3VhIGRldmVsb3BtZW50LW9ubHkga2V5LWVuY3J5cHRpb24ga2V5LCBub3Qgc2VjcmV0';
const DEV_AUTH_SECRET = 'development-only-auth-token-secret-do-not-use-in-production';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function int(name: ConfigVariable, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`${name} must be a positive integer`);
  return n;
}

/** Parses SIGNING_PROVIDERS; throws a ConfigError naming what is wrong. */
export function parseSigningProviders(raw: string | undefined): SigningProviderConfig[] {
  if (!raw || raw.trim() === '') return [];
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    throw new ConfigError('SIGNING_PROVIDERS must be a JSON array');
  }
  if (!Array.isArray(list)) throw new ConfigError('SIGNING_PROVIDERS must be a JSON array');
  const url = (v: unknown): v is string => typeof v === 'string' && /^https?:\/\/\S+$/.test(v);
  const seen = new Set<string>();
  return list.map((p: Record<string, unknown>, i) => {
    const where = `SIGNING_PROVIDERS[${i}]`;
    if (typeof p?.id !== 'string' || !/^[a-z0-9-]{1,32}$/.test(p.id) || seen.has(p.id))
      throw new ConfigError(`${where}.id must be a unique short id (a-z, 0-9, -)`);
    seen.add(p.id);
    if (typeof p.name !== 'string' || p.name.trim() === '')
      throw new ConfigError(`${where}.name is required`);
    if (!url(p.url)) throw new ConfigError(`${where}.url must be the CSC API's http(s) URL`);
    const o = p.oauth2 as Record<string, unknown> | undefined;
    if (o !== undefined) {
      if (!url(o.tokenUrl) || typeof o.clientId !== 'string' || typeof o.clientSecret !== 'string')
        throw new ConfigError(`${where}.oauth2 needs tokenUrl, clientId and clientSecret`);
    }
    return {
      id: p.id,
      name: p.name.normalize('NFC'),
      url: p.url,
      ...(o
        ? {
            oauth2: {
              tokenUrl: o.tokenUrl as string,
              clientId: o.clientId as string,
              clientSecret: o.clientSecret as string,
              ...(typeof o.scope === 'string' ? { scope: o.scope } : {}),
            },
          }
        : {}),
    };
  });
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** TRUST_PROXY as express takes it; refuses what would let any client choose its address. */
export function parseTrustProxy(raw: string | undefined): Config['trustProxy'] {
  const value = (raw ?? 'loopback').trim();
  if (value === '' || value === 'none' || value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((e) => e.trim());
  for (const entry of entries) {
    const [address = '', prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    const prefixOk =
      prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (!PROXY_NAMES.includes(entry) && (family === 0 || !prefixOk || rest.length > 0)) {
      throw new ConfigError(
        `TRUST_PROXY: "${entry}" is not an address, a CIDR range, ${PROXY_NAMES.join(', ')}, a hop count or none`,
      );
    }
  }
  return entries;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const mode =
    env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const production = mode === 'production';
  const port = int('PORT', env.PORT, 3000);
  const kek = env.KEY_ENCRYPTION_KEY ?? (production ? '' : DEV_KEK);
  const authSecret = env.AUTH_TOKEN_SECRET ?? (production ? '' : DEV_AUTH_SECRET);
  if (production) {
    const problems: string[] = [];
    if (!/^[A-Za-z0-9+/=_-]{43,}$/.test(kek) || kek === DEV_KEK) {
      problems.push('KEY_ENCRYPTION_KEY (base64 of at least 32 random bytes)');
    }
    if (authSecret.length < 32) problems.push('AUTH_TOKEN_SECRET (at least 32 characters)');
    if (!env.MONGODB_URI) problems.push('MONGODB_URI');
    if (!env.TEMPORAL_ADDRESS) problems.push('TEMPORAL_ADDRESS');
    if (env.TSA_URL && !/^https?:\/\//.test(env.TSA_URL)) problems.push('TSA_URL (an http(s) URL)');
    if (env.TEMPORAL_UI_URL && !/^https?:\/\//.test(env.TEMPORAL_UI_URL)) {
      problems.push('TEMPORAL_UI_URL (an http(s) URL)');
    }
    if (problems.length) {
      throw new ConfigError(`Refusing to start in production without: ${problems.join(', ')}`);
    }
  }
  return {
    env: mode,
    port,
    publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    temporal: {
      address: env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
      namespace: env.TEMPORAL_NAMESPACE ?? 'default',
      taskQueue: env.TEMPORAL_TASK_QUEUE ?? 'cases',
    },
    mongodbUri: env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/motcua',
    keyEncryptionKey: kek,
    authTokenSecret: authSecret,
    authTokenTtlSeconds: int('AUTH_TOKEN_TTL_SECONDS', env.AUTH_TOKEN_TTL_SECONDS, 8 * 3600),
    demo: {
      password: env.DEMO_PASSWORD ?? 'demo',
      pin: env.DEMO_PIN ?? '123456',
      enabled: !production,
    },
    logLevel: env.LOG_LEVEL ?? 'info',
    tsa: { url: env.TSA_URL || null },
    signingProviders: parseSigningProviders(env.SIGNING_PROVIDERS),
    supervision: {
      temporalUiUrl:
        (env.TEMPORAL_UI_URL ?? (production ? '' : 'http://localhost:8233')).replace(/\/+$/, '') ||
        null,
      silentWorkingDays: int(
        'SUPERVISION_SILENT_WORKING_DAYS',
        env.SUPERVISION_SILENT_WORKING_DAYS,
        5,
      ),
    },
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
  };
}
