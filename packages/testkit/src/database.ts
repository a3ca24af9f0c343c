import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase } from '@cultura/db';
import { testAdminUrl } from './env';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A throwaway database on the test server; `drop()` removes it. */
export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const admin = testAdminUrl();
  const name = `t_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(admin, name);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => dropDatabase(admin, name) };
}
