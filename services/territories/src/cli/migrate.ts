/** `npm run migrate --workspace @cultura/territories`: applies pending migrations and exits (see runMigrateCommand). */
import { runMigrateCommand } from '@cultura/service-kit';
import { loadEnv } from '../env';
import { territoriesService } from '../index';

runMigrateCommand(loadEnv, () => territoriesService);
