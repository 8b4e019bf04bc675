import path from 'node:path';

/** Repository root (this file lives in scripts/provision/). */
export const ROOT = path.resolve(__dirname, '..', '..');
export const TOOLS_DIR = path.join(ROOT, '.tools');
/** State of `npm start` (servers' data, logs); `MOTCUA_DATA_DIR` moves it (the start checks). */
export const DATA_DIR = process.env.MOTCUA_DATA_DIR
  ? path.resolve(process.env.MOTCUA_DATA_DIR)
  : path.join(ROOT, '.data');
export const VENV_DIR = path.join(TOOLS_DIR, 'venv');
export const VENV_BIN = path.join(VENV_DIR, 'bin');
export const TOOLS_BIN = path.join(TOOLS_DIR, 'bin');
