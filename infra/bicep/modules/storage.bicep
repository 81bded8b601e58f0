// The function app's host storage (AzureWebJobsStorage: timer locks and schedule status, identity-based, no shared
// keys), the Flex deployment container the zip goes to, and a container for the worker binary the VMs download.
param location string
@minLength(3)
@maxLength(24)
param accountName string
param functionsPrincipalId string
param workersPrincipalId string

var deploymentContainer = 'app-package'
var releaseContainer = 'releases'
var storageBlobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var storageBlobDataReader = '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: accountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    supportsHttpsTrafficOnly: true
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: account
  name: 'default'
}

resource deployment 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobs
  name: deploymentContainer
}

resource releases 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobs
  name: releaseContainer
}

resource functionsOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, functionsPrincipalId, storageBlobDataOwner)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataOwner)
    principalId: functionsPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource workersReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(releases.id, workersPrincipalId, storageBlobDataReader)
  scope: releases
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataReader)
    principalId: workersPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output deploymentContainer string = deployment.name
output releaseContainer string = releases.name
