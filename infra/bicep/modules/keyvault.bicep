// Key Vault in RBAC mode. The app settings ADMIN_TOKEN, REDIS_URL and HYDRA_STORE are Key Vault references to
// secrets here; the function app's and the workers' identities may read secrets, nothing more.
param location string
param vaultName string
@secure()
param adminToken string
param readerPrincipalIds string[]

var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: take(vaultName, 24)
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource adminTokenSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'admin-token'
  properties: {
    value: adminToken
  }
}

resource readers 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for principalId in readerPrincipalIds: {
  name: guid(vault.id, principalId, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}]

output name string = vault.name
output uri string = vault.properties.vaultUri
output adminTokenSecretUri string = adminTokenSecret.properties.secretUri
