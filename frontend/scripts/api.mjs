// Generates src/api/schema.d.ts from the server's OpenAPI document (`gen`), or proves the committed file is
// current (`check`): the check regenerates into memory and fails when the committed file differs.
import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';

const here = path.dirname(fileURLToPath(import.meta.url));
const source = path.resolve(here, process.env.OPENAPI_JSON ?? '../../openapi/openapi.json');
const target = path.resolve(here, '../src/api/schema.d.ts');
const mode = process.argv[2];

if (mode !== 'gen' && mode !== 'check') {
  console.error('usage: node scripts/api.mjs gen|check');
  process.exit(2);
}
if (!existsSync(source)) {
  console.error(`api: ${source} does not exist; the server generates it (see ARCHITECTURE.md)`);
  process.exit(1);
}

const header =
  '// Generated from openapi/openapi.json by `npm run api:gen` (openapi-typescript). Do not edit by hand.\n\n';
const ast = await openapiTS(pathToFileURL(source));
const fresh = header + astToString(ast);

if (mode === 'gen') {
  await writeFile(target, fresh);
  console.log(`api: wrote ${path.relative(process.cwd(), target)}`);
} else {
  const committed = existsSync(target) ? await readFile(target, 'utf8') : '';
  if (committed !== fresh) {
    console.error('api: src/api/schema.d.ts is stale; run `npm run api:gen` in frontend/ and commit the result');
    process.exit(1);
  }
  console.log('api: src/api/schema.d.ts matches openapi/openapi.json');
}
