#!/usr/bin/env bash
# Run by cloud-init on every worker VM (placeholders filled in by modules/workers.bicep). Downloads the worker binary
# from Blob storage and the secrets from Key Vault with the VM's managed identity, writes /etc/hydra/worker.env, and
# starts hydra-worker.service. Re-run it to pick up a new binary or rotated secrets.
set -euo pipefail

client_id='__CLIENT_ID__'
binary_url='__BINARY_URL__'
vault_uri='__VAULT_URI__'

token() { # token RESOURCE → an access token of the VM's user-assigned identity (IMDS)
  curl -sf -H Metadata:true \
    "http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=$1&client_id=$client_id" | jq -r .access_token
}
secret() { # secret NAME → its value
  curl -sf -H "Authorization: Bearer $vault_token" "${vault_uri}secrets/$1?api-version=7.4" | jq -r .value
}

id hydra >/dev/null 2>&1 || useradd --system --home-dir /var/lib/hydra --create-home --shell /usr/sbin/nologin hydra
install -d -m 0755 /opt/hydra
install -d -m 0750 -g hydra /etc/hydra

for attempt in $(seq 1 30); do
  storage_token=$(token https://storage.azure.com/) && vault_token=$(token https://vault.azure.net) && break
  echo "hydra-worker-install: identity not ready (attempt $attempt)" >&2
  sleep 10
done

curl -sf -H "Authorization: Bearer $storage_token" -H 'x-ms-version: 2023-11-03' -o /opt/hydra/Hydra.WorkerHost.new "$binary_url"
chmod 0755 /opt/hydra/Hydra.WorkerHost.new
mv /opt/hydra/Hydra.WorkerHost.new /opt/hydra/Hydra.WorkerHost

umask 027
cat >/etc/hydra/worker.env <<ENV
REDIS_URL=$(secret redis-url)
HYDRA_REDIS_PREFIX=__REDIS_PREFIX__
WORKER_ID=$(hostname)
WORKER_DOMAIN=prod
WORKER_DOMAIN_TOKEN=$(secret admin-token)
WORKER_TAGS=__WORKER_TAGS__
MAX_CONCURRENCY=__SLOTS__
SHUTDOWN_GRACE_SECONDS=30
ENV
chgrp hydra /etc/hydra/worker.env

systemctl daemon-reload
systemctl enable hydra-worker.service
systemctl restart hydra-worker.service
