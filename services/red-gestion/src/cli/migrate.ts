/** `npm run migrate --workspace @cultura/red-gestion`: applies pending migrations and exits (see runMigrateCommand). */
import { runMigrateCommand } from '@cultura/service-kit';
import { loadEnv } from '../env';
import { redGestionOptions, redGestionService } from '../index';

runMigrateCommand(loadEnv, (env) => redGestionService(redGestionOptions(env)));
