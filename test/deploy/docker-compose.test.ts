/**
 * The production shape (docker-compose.yml, Dockerfile, deploy/) cannot run here: no Docker engine.
 * These tests keep it valid and consistent with the code instead: the environment the API and the
 * worker get is what runtime/config.ts reads (its live CONFIG_VARIABLES) and passes its production
 * checks, every secret comes from .env through ${VAR:?...}, every ${VAR} is documented in
 * deploy/.env.example, and every file compose or the image runs exists. A last test scans the
 * sources for environment variables that CONFIG_VARIABLES does not document.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../../runtime/config';
import { SEARCH_ATTRIBUTE_REGISTRATIONS } from '../../workflows/search-attributes';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');
const configNames = (): string[] => Object.keys(CONFIG_VARIABLES);

/** Standard variables the app containers may get although the code does not read them. */
const STANDARD_VARIABLES = ['NODE_OPTIONS'];

/** Entry points that compose runs but that another change adds; checked once they exist. */

/** CONFIG_VARIABLES that compose deliberately does not pass to the app containers. */
const NOT_PASSED_IN_PRODUCTION: Record<string, string> = {
  PORT: 'the image listens on the default port, which the port mapping and health check use',
  DEMO_PASSWORD: 'the demo accounts are off in production',
  DEMO_PIN: 'the demo accounts are off in production',
  WORKFLOW_BUNDLE_PATH: 'the image sets it (Dockerfile ENV) to the bundle built into the image',
};

/** Without a safe default in production: compose must set them for the API and the worker. */
const REQUIRED_IN_PRODUCTION = [
  'KEY_ENCRYPTION_KEY',
  'AUTH_TOKEN_SECRET',
  'MONGODB_URI',
  'TEMPORAL_ADDRESS',
];
const SECRET_VARIABLES = ['KEY_ENCRYPTION_KEY', 'AUTH_TOKEN_SECRET', 'NOTIFY_WEBHOOK_SECRET'];

/** Compose values whose production default differs on purpose from the development default. */
const PRODUCTION_DEFAULTS: Record<string, string> = {
  NOTIFY_SENDER: 'webhook',
  NOTIFY_FILE_PATH: '/app/.data/outbox/sent.jsonl',
  // No Temporal Web UI is assumed in production: links appear once the operator names one.
  TEMPORAL_UI_URL: '',
};

const APP_SERVICES = ['api', 'worker'] as const;
const EXPECTED_SERVICES = [
  'postgresql',
  'temporal-schema',
  'temporal',
  'temporal-setup',
  'temporal-ui',
  'mongodb',
  ...APP_SERVICES,
];

// --- docker-compose.yml ---------------------------------------------------------------------

interface Healthcheck {
  test?: string | string[];
  disable?: boolean;
}
interface Service {
  image?: string;
  build?: string | { context: string; dockerfile?: string };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  env_file?: unknown;
  depends_on?: string[] | Record<string, { condition: string }>;
  healthcheck?: Healthcheck;
  ports?: Array<string | { target: number; published?: string | number }>;
  volumes?: Array<string | { type?: string; source?: string; target: string }>;
  restart?: string;
}
interface Compose {
  name?: string;
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const COMPOSE_TEXT = read('docker-compose.yml');
const COMPOSE_DOC = parseDocument(COMPOSE_TEXT, { prettyErrors: true });
const compose = COMPOSE_DOC.toJS({ maxAliasCount: 100 }) as Compose;
const service = (name: string): Service => {
  const s = compose.services[name];
  if (!s) throw new Error(`docker-compose.yml has no service ${name}`);
  return s;
};

/** A service's environment as strings (both the mapping and the list syntax). */
function environment(s: Service): Record<string, string> {
  const env = s.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const i = entry.indexOf('=');
        return i < 0 ? [entry, ''] : [entry.slice(0, i), entry.slice(i + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v == null ? '' : String(v)]));
}

function dependsOn(s: Service): Record<string, string> {
  const deps = s.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((d) => [d, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([k, v]) => [k, v.condition]));
}

const argv = (x: string | string[] | undefined): string[] =>
  x === undefined ? [] : Array.isArray(x) ? x.map(String) : x.split(/\s+/).filter(Boolean);

/** `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:?message}`, `${NAME?message}`. */
const REFERENCE = /(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}/g;

interface Reference {
  name: string;
  operator: string;
  argument: string;
}
const references = (text: string): Reference[] =>
  [...text.matchAll(REFERENCE)].map((m) => ({
    name: m[1] as string,
    operator: m[2] ?? '',
    argument: m[3] ?? '',
  }));

/** Compose's substitution, for the forms this file uses; throws where compose would refuse. */
function interpolate(value: string, env: Record<string, string | undefined>): string {
  return value
    .replace(REFERENCE, (_all, name: string, operator: string | undefined, arg: string) => {
      const v = env[name];
      switch (operator) {
        case ':-':
          return v ? v : arg;
        case '-':
          return v ?? arg;
        case ':?':
          if (!v) throw new Error(`required variable ${name} is missing a value: ${arg}`);
          return v;
        case '?':
          if (v === undefined) throw new Error(`required variable ${name} is missing: ${arg}`);
          return v;
        case undefined:
          return v ?? '';
        default:
          throw new Error(`unsupported substitution ${operator} for ${name}`);
      }
    })
    .replace(/\$\$/g, '$');
}

/**
 * The password of a `scheme://user:password@host` value, and whether it is exactly one required
 * reference (`${NAME:?...}`). References are replaced by tokens first: their messages may hold
 * any character.
 */
function tokenized(value: string): { password?: string; requiredPassword: boolean } {
  const refs: Reference[] = [];
  const text = value.replace(REFERENCE, (_all, name: string, operator = '', argument = '') => {
    refs.push({ name, operator, argument });
    return `\uE000REF${refs.length - 1}\uE000`;
  });
  const m = /:\/\/[^/@\s]*:([^@\s/]*)@/.exec(text);
  if (!m) return { requiredPassword: false };
  const password = m[1] as string;
  const ref = /^\uE000REF(\d+)\uE000$/.exec(password);
  return { password, requiredPassword: Boolean(ref && refs[Number(ref[1])]?.operator === ':?') };
}

/** Every string value of a parsed YAML tree (the comments are not part of it). */
const allStrings = (node: unknown): string[] =>
  typeof node === 'string'
    ? [node]
    : Array.isArray(node)
      ? node.flatMap(allStrings)
      : node && typeof node === 'object'
        ? Object.values(node).flatMap(allStrings)
        : [];

// --- deploy/.env.example --------------------------------------------------------------------

const ENV_EXAMPLE_TEXT = read('deploy/.env.example');
/** Assignments of .env.example, active (`NAME=value`) or shown commented out (`# NAME=value`). */
const envExample = new Map(
  ENV_EXAMPLE_TEXT.split('\n').flatMap((line) => {
    const m = /^(#\s*)?([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    return m
      ? [[m[2] as string, { value: m[3] as string, commented: Boolean(m[1]) }] as const]
      : [];
  }),
);

/** The values an operator following .env.example ends up with: generated secrets, and defaults. */
function operatorEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, { value, commented }] of envExample) {
    if (commented) continue;
    if (value) env[name] = value;
    else if (/PASSWORD/.test(name)) env[name] = crypto.randomBytes(32).toString('hex');
    else if (/KEY|SECRET/.test(name)) env[name] = crypto.randomBytes(48).toString('base64');
    else if (/URL/.test(name)) env[name] = 'https://motcua.example.gov.vn/hook';
    else env[name] = 'value';
  }
  return env;
}

// --- Dockerfile -----------------------------------------------------------------------------

interface Instruction {
  keyword: string;
  args: string;
  stage: number;
}
/** The Dockerfile's instructions, continuation lines joined, with the index of their stage. */
function dockerfile(): Instruction[] {
  const text = read('Dockerfile').replace(/\\\r?\n/g, ' ');
  let stage = -1;
  return text.split('\n').flatMap((raw) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return [];
    const m = /^(\S+)\s+(.*)$/.exec(line);
    if (!m) return [];
    const keyword = (m[1] as string).toUpperCase();
    if (keyword === 'FROM') stage += 1;
    return [{ keyword, args: (m[2] as string).replace(/\s+/g, ' ').trim(), stage }];
  });
}

/** `ENV A=1 B=2` (and the legacy `ENV A 1`) as a record. */
function envInstruction(args: string): Record<string, string> {
  if (!args.includes('=')) {
    const [k, ...v] = args.split(' ');
    return { [k as string]: v.join(' ') };
  }
  return Object.fromEntries(
    [...args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g)].map((m) => [
      m[1],
      (m[2] as string).replace(/^"|"$/g, ''),
    ]),
  );
}

/** `node dist/api/main.js` → `api/main.ts`, the source file that tsconfig.build.json compiles. */
function sourceOfCommand(command: string[]): string {
  expect(command[0]).toBe('node');
  const script = command.find((a) => /^dist\/.+\.js$/.test(a));
  if (!script) throw new Error(`no dist/*.js in ${JSON.stringify(command)}`);
  return script.replace(/^dist\//, '').replace(/\.js$/, '.ts');
}

const tsconfigBuild = JSON.parse(read('tsconfig.build.json')) as {
  extends?: string;
  compilerOptions?: { outDir?: string; rootDir?: string; noEmit?: boolean };
  include: string[];
  exclude?: string[];
};

function assertCompiledSource(source: string): void {
  const top = source.split('/')[0] as string;
  expect(tsconfigBuild.include).toContain(top);
  for (const excluded of tsconfigBuild.exclude ?? []) {
    expect(source === excluded || source.startsWith(`${excluded}/`)).toBe(false);
  }
  expect({ source, exists: fs.existsSync(path.join(ROOT, source)) }).toEqual({
    source,
    exists: true,
  });
}

// ---------------------------------------------------------------------------------------------

describe('docker-compose.yml', () => {
  it('is well-formed YAML in the current compose format', () => {
    expect(COMPOSE_DOC.errors.map(String)).toEqual([]);
    expect(COMPOSE_DOC.warnings.map(String)).toEqual([]);
    for (const key of Object.keys(compose)) {
      expect(['name', 'services', 'volumes', 'networks', 'configs', 'secrets']).toContain(
        key.startsWith('x-') ? 'services' : key,
      );
    }
    // `version:` is obsolete; a fixed project name keeps volume names stable across checkouts.
    expect(compose.name).toMatch(/^[a-z0-9][a-z0-9_-]*$/);
    // Bare $VAR is ambiguous: this file uses ${VAR} for compose and $$ for the container's shell.
    expect(COMPOSE_TEXT.match(/(?<!\$)\$(?![{$])[A-Za-z_]/g)).toBeNull();
  });

  it('has the services of the production shape, each with an image or a build', () => {
    expect(Object.keys(compose.services).sort()).toEqual([...EXPECTED_SERVICES].sort());
    for (const [name, s] of Object.entries(compose.services)) {
      expect({ name, ok: Boolean(s.image || s.build) }).toEqual({ name, ok: true });
      if (s.image && !s.build) {
        // Pulled images are pinned.
        expect({ name, image: s.image }).toEqual({
          name,
          image: expect.stringMatching(/^[a-z0-9./-]+:(?!latest$)[A-Za-z0-9._-]+$/),
        });
      }
    }
    // The schema job must be of the server's version, or the schema would not match the server.
    const tag = (image: string | undefined): string => (image ?? '').split(':')[1] ?? '';
    expect(tag(service('temporal-schema').image)).toBe(tag(service('temporal').image));
    expect(tag(service('temporal-setup').image)).toBe(tag(service('temporal').image));
  });

  it('orders start-up on health checks and completed one-shot jobs', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      for (const [dep, condition] of Object.entries(dependsOn(s))) {
        const target = service(dep);
        if (condition === 'service_healthy') {
          expect({ name, dep, healthcheck: Boolean(target.healthcheck?.test) }).toEqual({
            name,
            dep,
            healthcheck: true,
          });
        } else if (condition === 'service_completed_successfully') {
          expect({ name, dep, restart: target.restart ?? 'no' }).toEqual({
            name,
            dep,
            restart: 'no',
          });
        } else {
          throw new Error(`${name} depends on ${dep} without a condition (${condition})`);
        }
      }
    }
    for (const app of APP_SERVICES) {
      expect(dependsOn(service(app))).toEqual({
        mongodb: 'service_healthy',
        temporal: 'service_healthy',
        'temporal-setup': 'service_completed_successfully',
      });
    }
    expect(dependsOn(service('temporal'))).toEqual({
      'temporal-schema': 'service_completed_successfully',
    });
    expect(dependsOn(service('temporal-schema'))).toEqual({ postgresql: 'service_healthy' });
  });

  it('builds one image for the API and the worker, each with its own command', () => {
    const api = service('api');
    const worker = service('worker');
    expect(api.build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
    expect(worker.build).toEqual(api.build);
    expect(worker.image).toBe(api.image);
    expect(sourceOfCommand(argv(api.command))).toBe('api/main.ts');
    expect(sourceOfCommand(argv(worker.command))).toBe('worker/main.ts');
    for (const app of APP_SERVICES) {
      assertCompiledSource(sourceOfCommand(argv(service(app).command)));
      expect(service(app).env_file).toBeUndefined();
    }
  });

  it('checks the API on /healthz at its port and publishes that port', () => {
    const api = service('api');
    const port = environment(api).PORT ?? CONFIG_VARIABLES.PORT.default;
    const test = argv(api.healthcheck?.test);
    expect(test[0]).toBe('CMD');
    expect(test.join(' ')).toContain('/healthz');
    expect(test.join(' ')).toMatch(new RegExp(`process\\.env\\.PORT\\|\\|${port}\\b`));
    const targets = (api.ports ?? []).map((p) =>
      typeof p === 'string' ? (p.split(':').pop() as string).split('/')[0] : String(p.target),
    );
    expect(targets).toEqual([port]);
    // The worker has no HTTP port: the image's /healthz check is switched off there.
    expect(service('worker').healthcheck).toEqual({ disable: true });
    expect(service('temporal-ui').ports).toEqual(['127.0.0.1:8233:8080']);
  });

  it('gives the API and the worker only variables that the code reads', () => {
    const known = new Set([...configNames(), ...STANDARD_VARIABLES]);
    for (const app of APP_SERVICES) {
      const unknown = Object.keys(environment(service(app))).filter((n) => !known.has(n));
      expect({ app, unknown }).toEqual({ app, unknown: [] });
    }
  });

  it('passes every variable of CONFIG_VARIABLES, or says why not', () => {
    for (const app of APP_SERVICES) {
      const env = environment(service(app));
      const missing = configNames().filter((n) => !(n in env) && !(n in NOT_PASSED_IN_PRODUCTION));
      expect({ app, missing }).toEqual({ app, missing: [] });
    }
    expect(environment(service('api'))).toEqual(environment(service('worker')));
  });

  it('keeps the development defaults of CONFIG_VARIABLES unless production needs others', () => {
    for (const [name, value] of Object.entries(environment(service('api')))) {
      const [ref, ...more] = references(value);
      if (!ref || more.length > 0 || ref.name !== name || ref.operator !== ':-') continue;
      const config = (CONFIG_VARIABLES as Record<string, { default: string } | undefined>)[name];
      const expected = PRODUCTION_DEFAULTS[name] ?? config?.default;
      if (expected === undefined) continue; // not in CONFIG_VARIABLES yet (pending)
      expect({ name, default: ref.argument }).toEqual({ name, default: expected });
    }
  });

  it('sets the production requirements of runtime/config.ts for both, secrets from .env', () => {
    for (const app of APP_SERVICES) {
      const env = environment(service(app));
      expect(env.NODE_ENV).toBe('production');
      for (const name of REQUIRED_IN_PRODUCTION)
        expect({ app, name, set: name in env }).toEqual({ app, name, set: true });
      for (const name of SECRET_VARIABLES) {
        // The whole value is one required reference: no literal, no default to fall back on.
        expect(env[name]).toMatch(new RegExp(`^\\$\\{${name}:\\?[^}]+\\}$`));
      }
      const uri = new URL(interpolate(env.MONGODB_URI as string, operatorEnv()));
      expect(uri.protocol).toBe('mongodb:');
      expect(uri.host).toBe('mongodb:27017');
      expect(tokenized(env.MONGODB_URI as string).requiredPassword).toBe(true);
      expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
    }
  });

  it('never holds a literal secret', () => {
    const secretName = /PASSWORD|PWD|SECRET|ENCRYPTION_KEY|PRIVATE_KEY|TOKEN$/;
    for (const [name, s] of Object.entries(compose.services)) {
      for (const [key, value] of Object.entries(environment(s))) {
        if (secretName.test(key)) {
          expect({ name, key, value }).toEqual({
            name,
            key,
            value: expect.stringMatching(/^\$\{[A-Z_][A-Z0-9_]*:\?[^}]+\}$/),
          });
        }
        // Credentials inside URLs (scheme://user:password@host) are required references too.
        const { password, requiredPassword } = tokenized(value);
        if (password !== undefined) {
          expect({ name, key, requiredPassword }).toEqual({ name, key, requiredPassword: true });
        }
      }
    }
  });

  it('starts the API and the worker with a configuration that runtime/config.ts accepts', () => {
    const operator = operatorEnv();
    for (const app of APP_SERVICES) {
      const raw = environment(service(app));
      const env = Object.fromEntries(
        Object.entries(raw).map(([k, v]) => [k, interpolate(v, operator)]),
      );
      const config = loadConfig(env);
      expect(config.env).toBe('production');
      expect(config.temporal.address).toBe('temporal:7233');
      expect(config.demo.enabled).toBe(false);
      // Without a secret, compose itself refuses to start.
      for (const name of SECRET_VARIABLES) {
        expect(() => interpolate(raw[name] as string, { ...operator, [name]: '' })).toThrow(name);
      }
    }
  });

  it('documents every ${VAR} it uses in deploy/.env.example, and nothing else', () => {
    const used = new Map<string, Reference[]>();
    for (const ref of allStrings(compose).flatMap(references))
      used.set(ref.name, [...(used.get(ref.name) ?? []), ref]);
    expect([...used.keys()].filter((name) => !envExample.has(name))).toEqual([]);
    expect([...envExample.keys()].filter((name) => !used.has(name))).toEqual([]);
    for (const [name, refs] of used) {
      const entry = envExample.get(name);
      if (refs.some((r) => r.operator.endsWith('?'))) {
        // Required: present, uncommented, and empty, so that forgetting it stops compose.
        expect({ name, entry }).toEqual({ name, entry: { value: '', commented: false } });
      }
    }
    for (const name of configNames()) {
      expect({ name, documented: new RegExp(`\\b${name}\\b`).test(ENV_EXAMPLE_TEXT) }).toEqual({
        name,
        documented: true,
      });
    }
    expect(ENV_EXAMPLE_TEXT).toContain('openssl rand -base64 48');
  });

  it('keeps data on declared named volumes and mounts only files of the repository', () => {
    const declared = Object.keys(compose.volumes ?? {});
    const usedVolumes = new Set<string>();
    const mounts: Record<string, string> = {};
    for (const [name, s] of Object.entries(compose.services)) {
      for (const v of s.volumes ?? []) {
        const [source, target] = typeof v === 'string' ? v.split(':') : [v.source ?? '', v.target];
        if (!source || !target) throw new Error(`${name}: unsupported volume ${JSON.stringify(v)}`);
        if (source.startsWith('.') || source.startsWith('/')) {
          expect({ name, source, exists: fs.existsSync(path.join(ROOT, source)) }).toEqual({
            name,
            source,
            exists: true,
          });
        } else {
          expect(declared).toContain(source);
          usedVolumes.add(source);
          mounts[`${name}:${target}`] = source;
        }
      }
    }
    expect(declared.filter((v) => !usedVolumes.has(v))).toEqual([]);
    expect(mounts['postgresql:/var/lib/postgresql/data']).toBeDefined();
    expect(mounts['mongodb:/data/db']).toBeDefined();
  });

  it('sets up the namespace and search attributes that the code uses', () => {
    const setup = environment(service('temporal-setup'));
    const app = environment(service('api'));
    expect(setup.TEMPORAL_ADDRESS).toBe(app.TEMPORAL_ADDRESS);
    expect(setup.TEMPORAL_NAMESPACE).toBe(app.TEMPORAL_NAMESPACE);
    expect(environment(service('temporal-ui')).TEMPORAL_DEFAULT_NAMESPACE).toBe(
      app.TEMPORAL_NAMESPACE,
    );
    const registered = (setup.SEARCH_ATTRIBUTES ?? '').split(/\s+/).filter(Boolean).sort();
    expect(registered).toEqual(
      SEARCH_ATTRIBUTE_REGISTRATIONS.map((sa) => `${sa.name}=${sa.cliType}`).sort(),
    );
  });

  it('runs one-shot scripts that exist, are POSIX sh and stop on the first error', () => {
    for (const name of ['temporal-schema', 'temporal-setup']) {
      const s = service(name);
      const [shell, script] = argv(s.entrypoint);
      expect(shell).toBe('/bin/sh');
      const mount = (s.volumes ?? [])
        .map((v) => (typeof v === 'string' ? v.split(':') : []))
        .find(([, target]) => target === script);
      expect(mount).toBeDefined();
      const file = path.join(ROOT, (mount as string[])[0] as string);
      const text = fs.readFileSync(file, 'utf8');
      expect(text.startsWith('#!/bin/sh\n')).toBe(true);
      expect(text).toMatch(/^set -eu$/m);
      const check = spawnSync('sh', ['-n', file], { encoding: 'utf8' });
      expect({ name, status: check.status, stderr: check.stderr }).toEqual({
        name,
        status: 0,
        stderr: '',
      });
    }
  });
});

describe('Dockerfile', () => {
  const instructions = dockerfile();
  const stages = Math.max(...instructions.map((i) => i.stage)) + 1;
  const last = instructions.filter((i) => i.stage === stages - 1);
  const runs = (stage: number): string =>
    instructions
      .filter((i) => i.stage === stage && i.keyword === 'RUN')
      .map((i) => i.args)
      .join(' && ');

  it('builds in stages: compile with dev dependencies, ship production ones only', () => {
    expect(stages).toBeGreaterThanOrEqual(2);
    const arg = instructions.find((i) => i.keyword === 'ARG' && i.args.startsWith('NODE_IMAGE='));
    expect(arg?.args).toMatch(/^NODE_IMAGE=node:20[-.\w]*-slim$/);
    const stageOf = (text: string): number =>
      instructions.find((i) => i.keyword === 'RUN' && i.args.includes(text))?.stage ?? -1;
    const build = stageOf('tsc -p tsconfig.build.json');
    expect(build).toBeGreaterThanOrEqual(0);
    expect(runs(build)).toMatch(/npm ci(?! [^&]*--omit=dev)/);
    const prodDeps = stageOf('npm ci --omit=dev');
    expect(prodDeps).toBeGreaterThanOrEqual(0);
    expect(prodDeps).not.toBe(build);
    // The runtime stage takes node_modules from the production install, never from the build.
    const copies = last.filter((i) => i.keyword === 'COPY' && i.args.includes('--from='));
    const nodeModules = copies.filter((i) => i.args.includes('node_modules'));
    expect(nodeModules).toHaveLength(1);
    const fromName = /--from=(\S+)/.exec(nodeModules[0]?.args ?? '')?.[1];
    const prodStage = instructions.find((i) => i.keyword === 'FROM' && i.stage === prodDeps);
    expect(prodStage?.args).toMatch(new RegExp(` AS ${fromName}$`, 'i'));
    expect(last.some((i) => i.keyword === 'RUN' && /npm ci(?! [^&]*--omit=dev)/.test(i.args))).toBe(
      false,
    );
  });

  it('runs as a non-root user in production mode with a /healthz check', () => {
    const users = last.filter((i) => i.keyword === 'USER').map((i) => i.args);
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    const env = Object.assign(
      {},
      ...last.filter((i) => i.keyword === 'ENV').map((i) => envInstruction(i.args)),
    ) as Record<string, string>;
    expect(env.NODE_ENV).toBe('production');
    const known = new Set([...configNames(), ...STANDARD_VARIABLES]);
    expect(Object.keys(env).filter((n) => !known.has(n))).toEqual([]);
    const healthcheck = last.find((i) => i.keyword === 'HEALTHCHECK');
    expect(healthcheck?.args).toContain('/healthz');
    const expose = last.find((i) => i.keyword === 'EXPOSE');
    expect(expose?.args).toBe(CONFIG_VARIABLES.PORT.default);
  });

  it('starts the API by default and prebuilds the workflow bundle that the worker loads', () => {
    const cmd = last.find((i) => i.keyword === 'CMD');
    expect(sourceOfCommand(JSON.parse(cmd?.args ?? '[]') as string[])).toBe('api/main.ts');
    const env = Object.assign(
      {},
      ...last.filter((i) => i.keyword === 'ENV').map((i) => envInstruction(i.args)),
    ) as Record<string, string>;
    const workdir = last.filter((i) => i.keyword === 'WORKDIR').at(-1)?.args;
    const all = instructions.map((i) => i.args).join('\n');
    const bundle = /node (dist\/scripts\/build-workflow-bundle\.js) (\S+)/.exec(all);
    expect(bundle).not.toBeNull();
    assertCompiledSource(sourceOfCommand(['node', bundle?.[1] as string]));
    expect(env.WORKFLOW_BUNDLE_PATH).toBe(path.posix.join(workdir ?? '/', bundle?.[2] as string));
    // worker/main.ts hands WORKFLOW_BUNDLE_PATH to the worker when it is set.
    const workerMain = path.join(ROOT, 'worker', 'main.ts');
    if (fs.existsSync(workerMain)) {
      expect(fs.readFileSync(workerMain, 'utf8')).toContain('WORKFLOW_BUNDLE_PATH');
    }
  });

  it('compiles with tsconfig.build.json into dist/, without the tests', () => {
    expect(tsconfigBuild.extends).toBe('./tsconfig.json');
    expect(tsconfigBuild.compilerOptions?.outDir).toBe('dist');
    expect(tsconfigBuild.compilerOptions?.rootDir).toBe('.');
    expect(tsconfigBuild.include).not.toContain('test');
    expect(tsconfigBuild.exclude).toEqual(expect.arrayContaining(['test', 'scripts/bench']));
  });

  it('keeps secrets, dependencies and build output out of the build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(ignored).toEqual(
      expect.arrayContaining([
        '.env',
        '**/.env',
        '.git',
        'node_modules',
        'dist',
        '.tools',
        '.data',
      ]),
    );
  });
});

// --- What the code reads --------------------------------------------------------------------

/** Where the API and the worker read their configuration (scripts/ and test/ are not scanned). */
const SCANNED_DIRS = [
  'api',
  'worker',
  'activities',
  'models',
  'runtime',
  'signing',
  'templates',
  'workflows',
  'domain',
];

/**
 * Variables the code reads that CONFIG_VARIABLES does not document yet: reported, and listed here
 * so that any new undocumented variable fails the test. Remove an entry once it is documented.
 */
const KNOWN_UNDOCUMENTED: string[] = [];

function sources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(file);
    return /\.(ts|js|cjs|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [file] : [];
  });
}

const withoutComments = (text: string): string =>
  text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');

/** Environment variable names a source reads: process.env.X, env.X, env['X'], { X } = process.env. */
function environmentReads(text: string): { names: string[]; dynamic: number } {
  const code = withoutComments(text);
  const names = new Set<string>();
  for (const m of code.matchAll(
    /\benv\s*(?:\.\s*([A-Z_][A-Z0-9_]*)|\[\s*(['"`])([A-Z_][A-Z0-9_]*)\2\s*\])/g,
  )) {
    names.add((m[1] ?? m[3]) as string);
  }
  for (const m of code.matchAll(/\{([^{}]*)\}\s*=\s*process\.env\b/g)) {
    for (const part of (m[1] as string).split(',')) {
      const name = part.split(/[:=]/)[0]?.trim();
      if (name && /^[A-Z_][A-Z0-9_]*$/.test(name)) names.add(name);
    }
  }
  const dynamic = [...code.matchAll(/process\.env\s*\[\s*(?!['"`][A-Z_][A-Z0-9_]*['"`]\s*\])/g)]
    .length;
  return { names: [...names], dynamic };
}

describe('environment variables read by the code', () => {
  it('finds the forms of reading that the code uses', () => {
    const sample = [
      'const a = process.env.ALPHA;',
      "const b = process.env['BRAVO'];",
      'function f(env: NodeJS.ProcessEnv) { return env.CHARLIE ?? env["DELTA"]; }',
      'const { ECHO, FOXTROT: f = "x" } = process.env;',
      '// process.env.IN_A_COMMENT',
      'const dyn = process.env[name];',
    ].join('\n');
    expect(environmentReads(sample).names.sort()).toEqual([
      'ALPHA',
      'BRAVO',
      'CHARLIE',
      'DELTA',
      'ECHO',
      'FOXTROT',
    ]);
    expect(environmentReads(sample).dynamic).toBe(1);
  });

  it('are all documented in CONFIG_VARIABLES (runtime/config.ts)', () => {
    const documented = new Set([...configNames(), ...STANDARD_VARIABLES]);
    const undocumented: Record<string, string[]> = {};
    const dynamic: string[] = [];
    for (const dir of SCANNED_DIRS) {
      for (const file of sources(path.join(ROOT, dir))) {
        const reads = environmentReads(fs.readFileSync(file, 'utf8'));
        const rel = path.relative(ROOT, file);
        if (reads.dynamic > 0) dynamic.push(rel);
        for (const name of reads.names) {
          if (documented.has(name) || KNOWN_UNDOCUMENTED.includes(name)) continue;
          (undocumented[name] ??= []).push(rel);
        }
      }
    }
    expect(undocumented).toEqual({});
    // process.env[someName] hides what is read from this check and from the operators.
    expect(dynamic).toEqual([]);
  });
});
