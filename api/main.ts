/** Entry of the API process: `npm run api`. */
import { createApp } from './app';
import { createDependencies } from './dependencies';
import { configureServer } from './http-server';
import { loadConfig } from '../runtime/config';
import { createLogger } from '../runtime/logger';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('api', config.logLevel);
  const deps = await createDependencies(config, logger);
  const server = configureServer(
    createApp(deps).listen(config.port, () => {
      logger.info({ port: config.port }, `API listening on http://localhost:${config.port}`);
    }),
  );
  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'shutting down');
    server.close(() => {
      void deps.close().then(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
