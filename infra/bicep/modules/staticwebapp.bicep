// The UI as a Static Web App (static files only; it calls the function app's /api cross-origin, allowed by the
// app's CORS list). Content is deployed with the SWA deployment token (README).
param location string
param siteName string

resource site 'Microsoft.Web/staticSites@2024-04-01' = {
  name: siteName
  location: location
  sku: {
    name: 'Free'
    tier: 'Free'
  }
  properties: {
    provider: 'None'
    stagingEnvironmentPolicy: 'Disabled'
    allowConfigFileUpdates: true
  }
}

output name string = site.name
output hostname string = site.properties.defaultHostname
