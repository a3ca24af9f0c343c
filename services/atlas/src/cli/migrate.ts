/** `npm run migrate --workspace @cultura/atlas`: applies pending migrations and exits (see runMigrateCommand). */
import { runMigrateCommand } from '@cultura/service-kit';
import { loadEnv } from '../env';
import { atlasOptionsFrom, atlasService } from '../index';

runMigrateCommand(loadEnv, (env) => atlasService(atlasOptionsFrom(env)));
