// Worker hosts: a VM scale set (Flexible orchestration, Ubuntu 24.04) whose cloud-init installs the single-file
// worker as a systemd unit (worker-host/deploy/hydra-worker.service, the same file as in the repo). No container
// registry is needed; the binary comes from the storage account's release container via the VMs' identity.
// Workers only dial out (Redis, Blob, Key Vault): the NSG admits nothing from the internet.
param location string
param name string
param identityId string
param identityClientId string
param instanceCount int
param vmSize string
param adminUsername string
param sshPublicKey string
param workerBinaryUrl string
param vaultUri string
param redisPrefix string
param slots int
param tags string

var install = reduce(
  [
    { key: '__CLIENT_ID__', value: identityClientId }
    { key: '__BINARY_URL__', value: workerBinaryUrl }
    { key: '__VAULT_URI__', value: vaultUri }
    { key: '__REDIS_PREFIX__', value: redisPrefix }
    { key: '__WORKER_TAGS__', value: tags }
    { key: '__SLOTS__', value: string(slots) }
  ],
  loadTextContent('../cloud-init/install-worker.sh'),
  (text, p) => replace(text, p.key, p.value)
)
var cloudInit = replace(
  replace(loadTextContent('../cloud-init/worker.yaml'), '__UNIT_B64__', loadFileAsBase64('../../../worker-host/deploy/hydra-worker.service')),
  '__INSTALL_B64__',
  base64(install)
)

resource nsg 'Microsoft.Network/networkSecurityGroups@2024-05-01' = {
  name: 'nsg-${name}-workers'
  location: location
  properties: {
    securityRules: []
  }
}

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: 'vnet-${name}'
  location: location
  properties: {
    addressSpace: {
      addressPrefixes: ['10.40.0.0/16']
    }
    subnets: [
      {
        name: 'workers'
        properties: {
          addressPrefix: '10.40.1.0/24'
          networkSecurityGroup: {
            id: nsg.id
          }
        }
      }
    ]
  }
}

resource scaleSet 'Microsoft.Compute/virtualMachineScaleSets@2024-07-01' = {
  name: 'vmss-${name}-workers'
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  sku: {
    name: vmSize
    tier: 'Standard'
    capacity: instanceCount
  }
  properties: {
    orchestrationMode: 'Flexible'
    platformFaultDomainCount: 1
    singlePlacementGroup: false
    virtualMachineProfile: {
      osProfile: {
        computerNamePrefix: 'hydraw'
        adminUsername: adminUsername
        customData: base64(cloudInit)
        linuxConfiguration: {
          disablePasswordAuthentication: true
          ssh: {
            publicKeys: [
              {
                path: '/home/${adminUsername}/.ssh/authorized_keys'
                keyData: sshPublicKey
              }
            ]
          }
        }
      }
      storageProfile: {
        imageReference: {
          publisher: 'Canonical'
          offer: 'ubuntu-24_04-lts'
          sku: 'server'
          version: 'latest'
        }
        osDisk: {
          createOption: 'FromImage'
          managedDisk: {
            storageAccountType: 'StandardSSD_LRS'
          }
        }
      }
      networkProfile: {
        networkApiVersion: '2020-11-01'
        networkInterfaceConfigurations: [
          {
            name: 'nic-workers'
            properties: {
              primary: true
              ipConfigurations: [
                {
                  name: 'ipconfig'
                  properties: {
                    subnet: {
                      id: vnet.properties.subnets[0].id
                    }
                  }
                }
              ]
            }
          }
        ]
      }
    }
  }
}

output name string = scaleSet.name
