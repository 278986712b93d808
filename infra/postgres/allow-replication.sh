#!/bin/sh
# Run once by the postgres image's entrypoint when it creates the cluster (docker-entrypoint-initdb.d):
# the image's pg_hba.conf admits "all" databases from the network, which does not include streaming
# replication connections; the replica in infra/compose.yaml needs this line to clone and follow.
set -eu
echo "host replication ${POSTGRES_USER} all scram-sha-256" >> "$PGDATA/pg_hba.conf"
