// Hydra.Functions on Azure: the function app on Flex Consumption (custom handler), Azure Managed Redis, PostgreSQL
// Flexible Server, Key Vault (secrets as Key Vault references), Application Insights on Log Analytics, a VM scale
// set of worker hosts (systemd, installed by cloud-init) and a Static Web App for the UI.
// Deploy: az deployment group create -g <rg> -f infra/bicep/main.bicep -p infra/bicep/main.bicepparam (README).
targetScope = 'resourceGroup'

@description('Short name used in every resource name (letters and digits).')
@minLength(3)
@maxLength(12)
param name string

@description('Region of every resource except the Static Web App.')
param location string = resourceGroup().location

@description('Static Web Apps exist in a few regions only.')
@allowed(['westus2', 'centralus', 'eastus2', 'westeurope', 'eastasia'])
param staticWebAppLocation string = 'westeurope'

@description('The admin token of the API; stored in Key Vault, read by the function app and the workers.')
@secure()
@minLength(24)
param adminToken string

@description('PostgreSQL administrator login.')
param postgresAdminLogin string

@description('PostgreSQL administrator password; stored in Key Vault as part of HYDRA_STORE.')
@secure()
@minLength(12)
param postgresAdminPassword string

@description('SSH public key for the worker VMs\' admin user.')
param workerSshPublicKey string

@description('Admin user of the worker VMs (SSH key only).')
param workerAdminUsername string = 'hydraops'

@description('Worker VMs in the scale set.')
@minValue(0)
@maxValue(100)
param workerCount int = 2

@description('VM size of a worker.')
param workerVmSize string = 'Standard_B2s'

@description('Slots per worker (MAX_CONCURRENCY).')
@minValue(1)
@maxValue(1024)
param workerSlots int = 2

@description('Comma-separated WORKER_TAGS of every worker in the scale set.')
param workerTags string = ''

var suffix = take(uniqueString(resourceGroup().id, name), 6)
var redisPrefix = 'hydra'

module identities 'modules/identities.bicep' = {
  name: 'identities'
  params: {
    location: location
    name: name
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    name: name
    publisherPrincipalId: identities.outputs.functionsPrincipalId
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    accountName: take(toLower('st${name}${suffix}'), 24)
    functionsPrincipalId: identities.outputs.functionsPrincipalId
    workersPrincipalId: identities.outputs.workersPrincipalId
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    vaultName: 'kv-${name}-${suffix}'
    adminToken: adminToken
    readerPrincipalIds: [
      identities.outputs.functionsPrincipalId
      identities.outputs.workersPrincipalId
    ]
  }
}

module redis 'modules/redis.bicep' = {
  name: 'redis'
  params: {
    location: location
    cacheName: 'redis-${name}-${suffix}'
    keyVaultName: vault.outputs.name
  }
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres'
  params: {
    location: location
    serverName: 'psql-${name}-${suffix}'
    adminLogin: postgresAdminLogin
    adminPassword: postgresAdminPassword
    keyVaultName: vault.outputs.name
  }
}

module ui 'modules/staticwebapp.bicep' = {
  name: 'ui'
  params: {
    location: staticWebAppLocation
    siteName: 'swa-${name}-${suffix}'
  }
}

module functions 'modules/functionapp.bicep' = {
  name: 'functions'
  params: {
    location: location
    appName: 'func-${name}-${suffix}'
    identityId: identities.outputs.functionsId
    identityClientId: identities.outputs.functionsClientId
    storageAccountName: storage.outputs.name
    deploymentContainer: storage.outputs.deploymentContainer
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    adminTokenSecretUri: vault.outputs.adminTokenSecretUri
    redisUrlSecretUri: redis.outputs.redisUrlSecretUri
    storeSecretUri: postgres.outputs.storeSecretUri
    redisPrefix: redisPrefix
    corsOrigins: ['https://${ui.outputs.hostname}']
  }
}

module workers 'modules/workers.bicep' = {
  name: 'workers'
  params: {
    location: location
    name: name
    identityId: identities.outputs.workersId
    identityClientId: identities.outputs.workersClientId
    instanceCount: workerCount
    vmSize: workerVmSize
    adminUsername: workerAdminUsername
    sshPublicKey: workerSshPublicKey
    workerBinaryUrl: '${storage.outputs.blobEndpoint}${storage.outputs.releaseContainer}/worker/linux-x64/Hydra.WorkerHost'
    vaultUri: vault.outputs.uri
    redisPrefix: redisPrefix
    slots: workerSlots
    tags: workerTags
  }
}

output functionAppName string = functions.outputs.name
output apiBaseUrl string = 'https://${functions.outputs.hostname}/api'
output uiUrl string = 'https://${ui.outputs.hostname}'
output staticWebAppName string = ui.outputs.name
output keyVaultName string = vault.outputs.name
output storageAccountName string = storage.outputs.name
output workerReleaseContainer string = storage.outputs.releaseContainer
output workerScaleSetName string = workers.outputs.name
