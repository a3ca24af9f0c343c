/**
 * A record a non-null field points at through a foreign key (an attendance row's session and entity, a
 * servant's entity), which is therefore always there: a missing one is a fault of the database, answered
 * as an error like the null GraphQL would refuse in its place.
 */
export function stored<T>(record: T | null | undefined, what: string): T {
  if (record === null || record === undefined) throw new Error(`${what} is missing from this service's database`);
  return record;
}
