/** Temporal history per completed case: events and encoded bytes (what replay and storage carry). */
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { summarize, type Summary } from './stats';

export interface HistoryResult {
  cases: number;
  events: Summary;
  bytes: Summary;
}

export async function measureHistories(address: string, codes: string[]): Promise<HistoryResult> {
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection });
    const events: number[] = [];
    const bytes: number[] = [];
    for (const code of codes) {
      const history = await client.workflow.getHandle(code).fetchHistory();
      events.push(history.events?.length ?? 0);
      bytes.push(temporal.api.history.v1.History.encode(history).finish().length);
    }
    return { cases: codes.length, events: summarize(events), bytes: summarize(bytes) };
  } finally {
    await connection.close();
  }
}
