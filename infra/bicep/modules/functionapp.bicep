// The function app on Flex Consumption as a custom handler (functionAppConfig.runtime = custom): the zip from
// scripts/package.sh is deployed to the blob container below. Host storage, deployment storage, Key Vault
// references and telemetry all use the app's user-assigned identity; no storage key or instrumentation key exists.
param location string
param appName string
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainer string
param appInsightsConnectionString string
param adminTokenSecretUri string
param redisUrlSecretUri string
param storeSecretUri string
param redisPrefix string
param corsOrigins string[]

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${appName}'
  location: location
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainer}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: 40
        instanceMemoryMB: 2048
      }
      runtime: {
        name: 'custom'
        version: '1.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      // The platform answers CORS preflights itself (function.json lists no OPTIONS method).
      cors: {
        allowedOrigins: corsOrigins
      }
      appSettings: [
        {
          name: 'AzureWebJobsStorage__blobServiceUri'
          value: storage.properties.primaryEndpoints.blob
        }
        {
          name: 'AzureWebJobsStorage__queueServiceUri'
          value: storage.properties.primaryEndpoints.queue
        }
        {
          name: 'AzureWebJobsStorage__tableServiceUri'
          value: storage.properties.primaryEndpoints.table
        }
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identityClientId
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsightsConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'ClientId=${identityClientId};Authorization=AAD'
        }
        {
          name: 'ADMIN_TOKEN'
          value: '@Microsoft.KeyVault(SecretUri=${adminTokenSecretUri})'
        }
        {
          name: 'REDIS_URL'
          value: '@Microsoft.KeyVault(SecretUri=${redisUrlSecretUri})'
        }
        {
          name: 'HYDRA_STORE'
          value: '@Microsoft.KeyVault(SecretUri=${storeSecretUri})'
        }
        {
          name: 'HYDRA_REDIS_PREFIX'
          value: redisPrefix
        }
      ]
    }
  }
}

output name string = app.name
output hostname string = app.properties.defaultHostName
