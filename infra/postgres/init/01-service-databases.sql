-- Runs once, when the container's data volume is first initialised (docker-entrypoint-initdb.d).
-- One role and one database per service: a service can only reach its own data. The passwords are
-- for the local docker-compose stack only; real deployments get theirs from their secret store.
-- Names follow the service's name with `-` replaced by `_` (red-cultura → red_cultura).

CREATE ROLE territories LOGIN PASSWORD 'territories';
CREATE DATABASE territories OWNER territories;
REVOKE ALL ON DATABASE territories FROM PUBLIC;
