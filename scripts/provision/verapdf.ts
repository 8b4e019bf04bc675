/**
 * veraPDF, the PDF/A validator the document tests use as an independent judge of PDF/A-2b.
 *
 * Maven Central publishes veraPDF's command-line application as one self-contained jar
 * (`org.verapdf.apps:greenfield-apps`, the CLI wrapper plus the validation model and every
 * dependency shaded in). Provisioning copies that one artifact with Maven's dependency plugin into
 * `.tools/verapdf-<version>/`, with Maven's local repository under `.tools/m2`; its POM's own
 * dependencies (among them the desktop GUI, which Central does not serve) are not resolved, as the
 * jar already holds what the CLI runs. Needs `java` (17+) and `mvn` on PATH.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ProvisionError, which, withLock } from './index';
import { TOOLS_DIR } from './paths';
import { VERSIONS } from './versions';

/** How to run veraPDF: `java -cp <jar> <mainClass> ...`. */
export interface VeraPdf {
  readonly java: string;
  readonly jar: string;
  readonly mainClass: string;
  readonly version: string;
}

const MAIN_CLASS = 'org.verapdf.apps.GreenfieldCliWrapper';
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.6.1';

/**
 * veraPDF's CLI jar, installed once from Maven Central (pinned in `versions.ts`). Idempotent:
 * returns at once when the jar is there.
 */
export async function ensureVeraPdf(): Promise<VeraPdf> {
  const version = VERSIONS.verapdf;
  const dir = path.join(TOOLS_DIR, `verapdf-${version}`);
  const jar = path.join(dir, `greenfield-apps-${version}.jar`);
  const java = which('java');
  if (!java) {
    throw new ProvisionError(
      'veraPDF needs Java 17 or later: install it (sudo apt-get install -y openjdk-17-jre-headless).',
    );
  }
  const found: VeraPdf = { java, jar, mainClass: MAIN_CLASS, version };
  if (fs.existsSync(jar)) return found;
  return withLock('verapdf', () => {
    if (fs.existsSync(jar)) return found;
    const mvn = which('mvn');
    if (!mvn) {
      throw new ProvisionError(
        'veraPDF is installed from Maven Central with Maven: install it (sudo apt-get install -y maven).',
      );
    }
    const staging = `${dir}.partial`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging, { recursive: true });
    process.stderr.write(`[provision] veraPDF ${version} from Maven Central\n`);
    const res = spawnSync(
      mvn,
      [
        '-B',
        '-q',
        `-Dmaven.repo.local=${path.join(TOOLS_DIR, 'm2')}`,
        `${DEPENDENCY_PLUGIN}:copy`,
        `-Dartifact=org.verapdf.apps:greenfield-apps:${version}:jar`,
        `-DoutputDirectory=${staging}`,
      ],
      { cwd: staging, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (res.error || res.status !== 0) {
      fs.rmSync(staging, { recursive: true, force: true });
      throw new ProvisionError(
        `installing veraPDF ${version} with Maven failed (${res.error?.message ?? `exit ${res.status}`})`,
      );
    }
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(staging, dir);
    if (!fs.existsSync(jar)) {
      throw new ProvisionError(`Maven did not produce ${path.basename(jar)}`);
    }
    return found;
  });
}
