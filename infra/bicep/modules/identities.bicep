// One user-assigned identity for the function app and one for the workers: each gets only the roles it needs.
param location string
param name string

resource functions 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${name}-functions'
  location: location
}

resource workers 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${name}-workers'
  location: location
}

output functionsId string = functions.id
output functionsClientId string = functions.properties.clientId
output functionsPrincipalId string = functions.properties.principalId
output workersId string = workers.id
output workersClientId string = workers.properties.clientId
output workersPrincipalId string = workers.properties.principalId
