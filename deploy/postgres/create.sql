-- The Egonet server's PostgreSQL role and database.
--   sudo -u postgres psql -v ON_ERROR_STOP=1 -f deploy/postgres/create.sql
--   (-v role=NAME -v database=NAME to name them otherwise; both default to egonet)
-- The role logs in without a password: the workers run as the system user egonet and connect over
-- the local Unix socket, where Debian's pg_hba.conf has "local all all peer" (user = role). For a
-- database on another machine, give it a password (\password egonet) and use hostssl in pg_hba.conf.
-- The role owns the database and so may create its tables: the server's Alembic migrations do, as
-- it starts and as every egonet-server admin command starts. It gets no other right.
\set ON_ERROR_STOP on
\if :{?role}
\else
  \set role egonet
\endif
\if :{?database}
\else
  \set database egonet
\endif

CREATE ROLE :"role" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
CREATE DATABASE :"database" OWNER :"role" ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
