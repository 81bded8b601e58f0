// Azure Managed Redis (Microsoft.Cache/redisEnterprise; classic Azure Cache for Redis is retiring). AOF persistence
// every second, like the local and compose Redis. EnterpriseCluster policy: one endpoint that behaves like a single
// Redis, so multi-key Lua scripts need no hash tags. Access keys stay on because StackExchange.Redis 1.2.6 cannot
// authenticate with Entra tokens; the key goes straight into Key Vault as REDIS_URL and is never an output.
param location string
param cacheName string
param keyVaultName string

resource cache 'Microsoft.Cache/redisEnterprise@2025-04-01' = {
  name: cacheName
  location: location
  sku: {
    name: 'Balanced_B1'
  }
  properties: {
    minimumTlsVersion: '1.2'
    highAvailability: 'Enabled'
  }
}

resource database 'Microsoft.Cache/redisEnterprise/databases@2025-04-01' = {
  parent: cache
  name: 'default'
  properties: {
    clientProtocol: 'Encrypted'
    port: 10000
    clusteringPolicy: 'EnterpriseCluster'
    evictionPolicy: 'NoEviction'
    accessKeysAuthentication: 'Enabled'
    persistence: {
      aofEnabled: true
      aofFrequency: '1s'
    }
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource redisUrl 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'redis-url'
  properties: {
    value: 'rediss://:${uriComponent(database.listKeys().primaryKey)}@${cache.properties.hostName}:${database.properties.port}'
  }
}

output redisUrlSecretUri string = redisUrl.properties.secretUri
