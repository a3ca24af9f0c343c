import { QueryFailedError } from 'typeorm';
import { conflict } from '@cultura/service-kit';

function isUniqueViolation(err: unknown): boolean {
  return err instanceof QueryFailedError && (err.driverError as { code?: string } | undefined)?.code === '23505';
}

/**
 * Runs a write; a unique violation (two requests racing past the checks) becomes the same CONFLICT the
 * checks give, naming `field`.
 */
export async function conflictOnDuplicate<T>(write: () => Promise<T>, field: string, message: string): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(message, field);
    throw err;
  }
}
