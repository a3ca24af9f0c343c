/**
 * Counts the SQL statements a DataSource sends. Tests use it to prove that a list costs a constant
 * number of statements whatever its length; metrics can read `total`. Those tests allow one statement
 * of slack between list sizes: DataLoader batches per tick, and when two resolver paths reach the same
 * loader after different database round trips, one relation can be fetched in two batches instead of
 * one. A list that cost a statement per item would exceed that slack by its length.
 */
export class QueryCounter {
  private count = 0;
  private recent: string[] = [];

  record(sql: string): void {
    this.count += 1;
    this.recent.push(sql);
    if (this.recent.length > 200) this.recent.shift();
  }

  get total(): number {
    return this.count;
  }

  /** Runs `fn` and returns its result with the statements sent meanwhile. */
  async measure<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number; sql: string[] }> {
    const before = this.count;
    const result = await fn();
    const statements = this.count - before;
    return { result, statements, sql: statements ? this.recent.slice(-statements) : [] };
  }
}
