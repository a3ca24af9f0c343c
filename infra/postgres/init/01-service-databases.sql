-- Runs once, when the container's data volume is first initialised (docker-entrypoint-initdb.d).
-- One role and one database per service: a service can only reach its own data. The passwords are
-- for the local docker-compose stack only; real deployments get theirs from their secret store.
-- Names follow the service's name with `-` replaced by `_` (red-cultura → red_cultura).
-- Every service of gateway/subgraphs.json has its three lines here (CI checks it: scripts/validate-infra.ts).

CREATE ROLE territories LOGIN PASSWORD 'territories';
CREATE DATABASE territories OWNER territories;
REVOKE ALL ON DATABASE territories FROM PUBLIC;

CREATE ROLE red_cultura LOGIN PASSWORD 'red_cultura';
CREATE DATABASE red_cultura OWNER red_cultura;
REVOKE ALL ON DATABASE red_cultura FROM PUBLIC;

CREATE ROLE red_gestion LOGIN PASSWORD 'red_gestion';
CREATE DATABASE red_gestion OWNER red_gestion;
REVOKE ALL ON DATABASE red_gestion FROM PUBLIC;

CREATE ROLE puntos_cultura LOGIN PASSWORD 'puntos_cultura';
CREATE DATABASE puntos_cultura OWNER puntos_cultura;
REVOKE ALL ON DATABASE puntos_cultura FROM PUBLIC;

CREATE ROLE atlas LOGIN PASSWORD 'atlas';
CREATE DATABASE atlas OWNER atlas;
REVOKE ALL ON DATABASE atlas FROM PUBLIC;
