/** Stops the servers the global setup started. */
export default async function globalTeardown(): Promise<void> {
  const servers =
    (globalThis as { __TEST_SERVERS__?: Array<{ stop(): Promise<void> }> }).__TEST_SERVERS__ ?? [];
  await Promise.all(servers.map((s) => s.stop()));
}
