/**
 * `npm run provision [-- --all]`: installs what the stack needs into `.tools/` ahead of time.
 * `npm start` and `npm test` call the same functions on demand, so this is optional.
 */
import {
  ensureChromium,
  ensureCscDummy,
  ensureTemporalCli,
  ensureTemporalTestServer,
  ensureValidators,
  ProvisionError,
  resolveMongo,
} from './provision/index';
import { ensureVeraPdf } from './provision/verapdf';

async function main(): Promise<void> {
  const all = process.argv.includes('--all');
  console.log(`temporal CLI:         ${await ensureTemporalCli()}`);
  console.log(`temporal test server: ${await ensureTemporalTestServer()}`);
  const mongo = await resolveMongo();
  console.log(
    `MongoDB:              ${mongo.kind === 'uri' ? mongo.uri : `${mongo.kind} ${mongo.bin}`}`,
  );
  if (all) {
    const v = await ensureValidators();
    for (const [k, p] of Object.entries(v))
      console.log(`${k.padEnd(22)}${typeof p === 'string' ? p : p.classpath}`);
    console.log(`chromium:             ${await ensureChromium()}`);
    console.log(`veraPDF:              ${(await ensureVeraPdf()).jar}`);
    console.log(`CSC dummy (python):   ${await ensureCscDummy()}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ProvisionError ? `provision: ${err.message}` : err);
  process.exit(1);
});
