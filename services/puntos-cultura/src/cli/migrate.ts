/** `npm run migrate --workspace @cultura/puntos-cultura`: applies pending migrations and exits (see runMigrateCommand). */
import { runMigrateCommand } from '@cultura/service-kit';
import { loadEnv } from '../env';
import { puntosCulturaOptions, puntosCulturaService } from '../index';

runMigrateCommand(loadEnv, (env) => puntosCulturaService(puntosCulturaOptions(env)));
