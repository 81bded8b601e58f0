// Example parameters. Secrets come from the environment of the shell that runs the deployment:
//   export HYDRA_ADMIN_TOKEN=$(openssl rand -hex 24) HYDRA_PG_PASSWORD=$(openssl rand -base64 24)
//   export HYDRA_WORKER_SSH_KEY="$(cat ~/.ssh/id_ed25519.pub)"
//   az deployment group create -g rg-hydra -f infra/bicep/main.bicep -p infra/bicep/main.bicepparam
using 'main.bicep'

param name = 'hydra'
param staticWebAppLocation = 'westeurope'
param adminToken = readEnvironmentVariable('HYDRA_ADMIN_TOKEN')
param postgresAdminLogin = 'hydraadmin'
param postgresAdminPassword = readEnvironmentVariable('HYDRA_PG_PASSWORD')
param workerSshPublicKey = readEnvironmentVariable('HYDRA_WORKER_SSH_KEY')
param workerCount = 2
param workerVmSize = 'Standard_B2s'
param workerSlots = 2
param workerTags = 'linux'
