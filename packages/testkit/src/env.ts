/** The admin connection the Jest global setup prepared (embedded PostgreSQL or TEST_DATABASE_URL). */
export function testAdminUrl(): string {
  const url = process.env.CULTURA_TEST_ADMIN_URL;
  if (!url) throw new Error('CULTURA_TEST_ADMIN_URL is not set: run tests through `npm test` (Jest global setup).');
  return url;
}
