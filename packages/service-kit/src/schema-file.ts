import { readFileSync } from 'node:fs';
import path from 'node:path';

const IMPORT_LINE = /^#\s*import\s+"([^"]+)"\s*$/gm;

/**
 * Reads the SDL a service publishes, for serving and for composition alike: the schema file followed by
 * every file it names on a `# import "<relative path>"` line (the shared vocabulary, for instance), once each.
 */
export function readSchema(file: string, seen: Set<string> = new Set()): string {
  const resolved = path.resolve(file);
  if (seen.has(resolved)) return '';
  seen.add(resolved);
  const own = readFileSync(resolved, 'utf8');
  const imported = [...own.matchAll(IMPORT_LINE)].map((m) => readSchema(path.resolve(path.dirname(resolved), m[1]), seen));
  return [own, ...imported].filter(Boolean).join('\n');
}
