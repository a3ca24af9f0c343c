import { createLogger } from '@cultura/service-kit';
import { startTestGateway, startTestService, type TestGateway, type TestService } from '@cultura/testkit';
import { territoriesService } from '@cultura/territories';
import { redCulturaService } from '@cultura/red-cultura';
import { redGestionService } from '@cultura/red-gestion';
import { puntosCulturaService } from '@cultura/puntos-cultura';
import { atlasService, FeedConsumer } from '@cultura/atlas';

export interface WholeStack {
  /** territories, the three programs, then atlas. */
  services: TestService[];
  gateway: TestGateway;
  stop(): Promise<void>;
}

/**
 * Every service on its own throwaway database and the gateway in front, as clients see the graph; with
 * `indexed`, atlas has read every program's feed once.
 */
export async function startWholeStack(opts: { indexed: boolean }): Promise<WholeStack> {
  const territories = await startTestService(territoriesService);
  const territoriesUrl = territories.url;
  const programs = await Promise.all([
    startTestService(redCulturaService({ territoriesUrl })),
    startTestService(redGestionService({ territoriesUrl })),
    startTestService(puntosCulturaService({ territoriesUrl })),
  ]);
  const consumer = { pollMs: 50, batchSize: 500, timeoutMs: 5000 };
  const atlas = await startTestService(atlasService({ feeds: [], territories: territoriesUrl, consumer }), { background: false });
  if (opts.indexed) {
    const feeds = programs.map((p) => ({ name: p.name, baseUrl: p.url.replace(/\/graphql$/, '') }));
    await new FeedConsumer(atlas.dataSource, feeds, { ...consumer, log: createLogger('whole-stack', 'silent') }).drain();
  }
  const services = [territories, ...programs, atlas];
  const gateway = await startTestGateway(services.map((s) => ({ name: s.name, url: s.url })));
  return {
    services,
    gateway,
    stop: async () => {
      await gateway.stop();
      await Promise.all(services.map((s) => s.stop()));
    },
  };
}
