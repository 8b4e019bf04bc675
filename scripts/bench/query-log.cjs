/**
 * Loaded into the worker and the API by `npm run bench -- --profile` (node --require): turns on
 * the MongoDB driver's command monitoring and sums up the time of every command by collection and
 * by the shape of its filter and sort (field names and operators, never values), so that the
 * queries the database cannot answer from an index stand out. Written as JSON to $BENCH_QUERY_LOG.
 * Plain CommonJS so that it loads before any TypeScript loader, and only in the main thread.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose (see above) */
/* global setInterval */
'use strict';
const fs = require('node:fs');
const { isMainThread } = require('node:worker_threads');

const out = process.env.BENCH_QUERY_LOG;
const stats = new Map();
const pending = new Map();

const isOperatorObject = (v) =>
  v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).some((k) => k.startsWith('$'));

function shape(value) {
  if (!value || typeof value !== 'object') return '';
  if (Array.isArray(value)) return `[${value.map(shape).join(',')}]`;
  const parts = Object.entries(value).map(([k, v]) =>
    k.startsWith('$') || isOperatorObject(v) ? `${k}:${shape(v)}` : k,
  );
  return `{${parts.join(',')}}`;
}

function describe(name, cmd) {
  const coll = String(cmd[name] ?? '');
  const first = (k) => (cmd[k] && cmd[k][0]) || {};
  switch (name) {
    case 'find':
      return `find ${coll} ${shape(cmd.filter)} sort${shape(cmd.sort)}${cmd.limit ? ` limit ${cmd.limit}` : ''}`;
    case 'update':
      return `update ${coll} ${shape(first('updates').q)}${first('updates').upsert ? ' upsert' : ''}`;
    case 'delete':
      return `delete ${coll} ${shape(first('deletes').q)}`;
    case 'findAndModify':
      return `findAndModify ${coll} ${shape(cmd.query)}`;
    case 'count':
    case 'distinct':
      return `${name} ${coll} ${shape(cmd.query)}`;
    case 'aggregate':
      return `aggregate ${coll} ${shape(cmd.pipeline)}`;
    default:
      return `${name} ${coll}`;
  }
}

function record(id, ms) {
  const key = pending.get(id);
  pending.delete(id);
  if (!key) return;
  const e = stats.get(key) ?? { count: 0, totalMs: 0, maxMs: 0 };
  e.count++;
  e.totalMs += ms;
  e.maxMs = Math.max(e.maxMs, ms);
  stats.set(key, e);
}

function dump() {
  const rows = [...stats.entries()]
    .map(([query, e]) => ({
      query,
      count: e.count,
      totalMs: Math.round(e.totalMs),
      meanMs: Math.round((e.totalMs / e.count) * 10) / 10,
      maxMs: Math.round(e.maxMs),
    }))
    .sort((a, b) => b.totalMs - a.totalMs);
  fs.writeFileSync(out, JSON.stringify(rows, null, 1));
}

if (out && isMainThread) {
  const mongoose = require('mongoose');
  const connect = mongoose.connect.bind(mongoose);
  mongoose.connect = (uri, options) =>
    connect(uri, { ...options, monitorCommands: true }).then((m) => {
      const client = m.connection.getClient();
      client.on('commandStarted', (e) => {
        if (['ping', 'hello', 'isMaster', 'endSessions'].includes(e.commandName)) return;
        pending.set(e.requestId, describe(e.commandName, e.command));
      });
      client.on('commandSucceeded', (e) => record(e.requestId, e.duration));
      client.on('commandFailed', (e) => record(e.requestId, e.duration));
      return m;
    });
  setInterval(dump, 5000).unref();
  process.on('exit', dump);
}
