/** `npm run migrate --workspace @cultura/red-cultura`: applies pending migrations and exits (see runMigrateCommand). */
import { runMigrateCommand } from '@cultura/service-kit';
import { loadEnv } from '../env';
import { redCulturaService } from '../index';

runMigrateCommand(loadEnv, (env) => redCulturaService({ territoriesUrl: env.TERRITORIES_URL }));
