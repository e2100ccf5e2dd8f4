/** Turns the command line's files, folders and globs into the list of files to check. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { globToRegExp, isGlob } from '../config/glob';
import { CONFIG_FILE_NAME } from '../config/projectConfig';

/** Folders never entered. */
const SKIPPED_DIRS = new Set(['node_modules', '.git']);
const YAML_FILE = /\.ya?ml$/i;

export interface Expansion {
  /** Absolute paths, in command-line order, each once. */
  files: string[];
  /** Arguments that named nothing (missing path, a glob without matches). */
  missing: string[];
}

/** Expands arguments relative to `cwd`: a file is taken as is, a folder gives its YAML files, a glob its matches. */
export function expandArguments(args: readonly string[], cwd: string): Expansion {
  const files: string[] = [];
  const seen = new Set<string>();
  const missing: string[] = [];
  const add = (file: string) => {
    if (!seen.has(file)) {
      seen.add(file);
      files.push(file);
    }
  };
  for (const arg of args) {
    const absolute = path.resolve(cwd, arg);
    const stat = statOf(absolute);
    if (stat?.isDirectory()) walk(absolute, (f) => YAML_FILE.test(f), add);
    else if (stat) add(absolute);
    else if (isGlob(arg)) {
      const before = files.length;
      const { base, pattern } = splitGlob(arg);
      const root = path.resolve(cwd, base);
      const re = globToRegExp(pattern.includes('/') ? pattern : `/${pattern}`);
      // A glob that names no extension (`charts/*`) takes the YAML files of what it matches.
      const anyExtension = /\.[^/*]+$/.test(pattern);
      const accept = (f: string) => (anyExtension || YAML_FILE.test(f)) && re.test(path.relative(root, f).split(path.sep).join('/'));
      if (statOf(root)?.isDirectory()) walk(root, accept, add);
      if (files.length === before) missing.push(arg);
    } else missing.push(arg);
  }
  return { files, missing };
}

/** The folder part of a glob before its first wildcard, and the rest. */
function splitGlob(glob: string): { base: string; pattern: string } {
  const parts = glob.replace(/\\/g, '/').split('/');
  const first = parts.findIndex((p) => isGlob(p));
  return { base: parts.slice(0, first).join('/') || '.', pattern: parts.slice(first).join('/') };
}

function statOf(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

/**
 * Every file below `dir` that `accept`s, sorted per folder, skipping node_modules, .git and our own config files;
 * unreadable folders are skipped.
 */
function walk(dir: string, accept: (file: string) => boolean, add: (file: string) => void): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) walk(full, accept, add);
    } else if (entry.name === CONFIG_FILE_NAME) {
      continue;
    } else if ((entry.isFile() || (entry.isSymbolicLink() && statOf(full)?.isFile())) && accept(full)) add(full);
  }
}
