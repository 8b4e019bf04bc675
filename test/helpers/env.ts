/** What the global setup prepared, as test files see it. */
import crypto from 'node:crypto';
import type { Validators } from '../../scripts/provision/index';

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run the tests through jest (test/setup/global-setup.ts)`);
  return value;
}

export const temporalAddress = (): string => required('TEMPORAL_ADDRESS');
export const temporalCliPath = (): string => required('TEMPORAL_CLI_PATH');
export const timeSkippingServerPath = (): string => required('TEMPORAL_TEST_SERVER_PATH');
export const workflowBundle = (): { codePath: string } => ({
  codePath: required('WORKFLOW_BUNDLE_PATH'),
});
export const chromiumPath = (): string => required('CHROMIUM_PATH');
export const validators = (): Validators => JSON.parse(required('TEST_VALIDATORS')) as Validators;

/** A MongoDB URI with a database of its own for one test file. */
export function isolatedMongoUri(label: string): string {
  const url = new URL(required('MONGODB_URI'));
  url.pathname = `/t_${label.replace(/[^a-z0-9]/gi, '_')}_${crypto.randomBytes(3).toString('hex')}`;
  return url.toString();
}

/** A task queue of its own for one test. */
export const uniqueTaskQueue = (label: string): string =>
  `${label}-${crypto.randomBytes(4).toString('hex')}`;
