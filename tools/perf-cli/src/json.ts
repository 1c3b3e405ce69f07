/**
 * Parsing the JSON files the CLI reads (reports, baselines, results, configs): one place for
 * the byte-order mark and for error messages that stay on one line.
 */
import fs from 'node:fs';

/**
 * JSON.parse, after dropping a leading UTF-8 byte-order mark (editors on Windows write one;
 * JSON.parse refuses it, and its message then quoted the file's first lines).
 * @example parseJson('\uFEFF{"a":1}') // { a: 1 }
 */
export function parseJson(text: string): unknown {
  return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

/**
 * Where JSON.parse failed, as `line L, column C: message`, on one line (the engine's message
 * quotes the text around the error, newlines included).
 * @example jsonErrorLocation('{\n x', err) // 'line 2, column 2: Expected property name …'
 */
export function jsonErrorLocation(text: string, error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
  const m = /position (\d+)/.exec(message);
  if (!m) return message;
  const pos = Number(m[1]) + (text.charCodeAt(0) === 0xfeff ? 1 : 0);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return `line ${line}, column ${column}: ${message}`;
}

/** Largest JSON file the CLI reads (a full report is ~2 MB). */
export const MAX_JSON_BYTES = 256 * 1024 * 1024;

/**
 * Read a JSON file's text: a regular file of at most `maxBytes`, checked before reading
 * (`/dev/zero` or a 3 GB file would otherwise be read until memory runs out). Throws a system
 * style error whose `code` names the problem (ENOENT, EISDIR, ENOTREG, EFBIG, …).
 */
export function readJsonText(file: string, maxBytes = MAX_JSON_BYTES): string {
  const st = fs.statSync(file);
  if (st.isDirectory()) throw Object.assign(new Error(`${file} is a folder`), { code: 'EISDIR' });
  if (!st.isFile()) throw Object.assign(new Error(`${file} is not a regular file`), { code: 'ENOTREG' });
  if (st.size > maxBytes) throw Object.assign(new Error(`${file} has ${st.size} bytes, more than the ${maxBytes} a report can have`), { code: 'EFBIG' });
  return fs.readFileSync(file, 'utf8');
}
