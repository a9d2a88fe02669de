// Kravbot on Azure: Container Apps with a managed identity, PostgreSQL Flexible Server on a
// private network with backups, Key Vault for secrets, Log Analytics, and the Azure Bot with
// its Teams channel. Region: Norway East unless told otherwise. See docs/operations.md.
targetScope = 'resourceGroup'

@description('Azure region of every resource (data stays in Norway by default).')
param location string = 'norwayeast'

@description('Short name used in every resource name (lower-case letters and digits).')
@minLength(3)
@maxLength(12)
param name string = 'kravbot'

@description('The Entra application (client) id of the bot registration (single-tenant).')
param botAppId string

@description('The Entra tenant id the bot and its users belong to.')
param tenantId string = subscription().tenantId

@description('Container image to run, e.g. myregistry.azurecr.io/kravbot:1.4.0.')
param image string

@description('Administrator login of PostgreSQL.')
param postgresAdmin string = 'kravbotadmin'

@description('Administrator password of PostgreSQL; stored only in Key Vault as the database URL.')
@secure()
param postgresPassword string

@description('Days PostgreSQL keeps point-in-time backups (7-35).')
@minValue(7)
@maxValue(35)
param backupRetentionDays int = 35

@description('Replicas of the bot; two or more keep it answering during upgrades.')
@minValue(1)
param replicas int = 2

@description('Object id of the operator group that may set secrets (app secret, signing key).')
param operatorsObjectId string

var tags = { application: 'kravbot', owner: 'DigiTV' }
var vaultName = '${name}-kv-${uniqueString(resourceGroup().id)}'

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${name}-logs'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 90
  }
}

resource network 'Microsoft.Network/virtualNetworks@2024-01-01' = {
  name: '${name}-vnet'
  location: location
  tags: tags
  properties: {
    addressSpace: { addressPrefixes: [ '10.40.0.0/16' ] }
    subnets: [
      {
        name: 'apps'
        properties: {
          addressPrefix: '10.40.0.0/23'
          delegations: [ { name: 'apps', properties: { serviceName: 'Microsoft.App/environments' } } ]
          networkSecurityGroup: { id: appsNsg.id }
        }
      }
      {
        name: 'database'
        properties: {
          addressPrefix: '10.40.2.0/24'
          delegations: [ { name: 'postgres', properties: { serviceName: 'Microsoft.DBforPostgreSQL/flexibleServers' } } ]
          networkSecurityGroup: { id: dataNsg.id }
        }
      }
      {
        name: 'endpoints'
        properties: {
          addressPrefix: '10.40.3.0/24'
          networkSecurityGroup: { id: dataNsg.id }
        }
      }
    ]
  }
}

resource appsNsg 'Microsoft.Network/networkSecurityGroups@2024-01-01' = {
  name: '${name}-apps-nsg'
  location: location
  tags: tags
  properties: {
    securityRules: [
      {
        name: 'https-in'
        properties: {
          priority: 100
          direction: 'Inbound'
          access: 'Allow'
          protocol: 'Tcp'
          sourceAddressPrefix: 'Internet'
          sourcePortRange: '*'
          destinationAddressPrefix: 'VirtualNetwork'
          destinationPortRange: '443'
        }
      }
    ]
  }
}

resource dataNsg 'Microsoft.Network/networkSecurityGroups@2024-01-01' = {
  name: '${name}-data-nsg'
  location: location
  tags: tags
  properties: {
    securityRules: [
      {
        name: 'vnet-only'
        properties: {
          priority: 100
          direction: 'Inbound'
          access: 'Allow'
          protocol: 'Tcp'
          sourceAddressPrefix: 'VirtualNetwork'
          sourcePortRange: '*'
          destinationAddressPrefix: 'VirtualNetwork'
          destinationPortRanges: [ '5432', '443' ]
        }
      }
    ]
  }
}

resource postgresDns 'Microsoft.Network/privateDnsZones@2020-06-01' = {
  name: '${name}.private.postgres.database.azure.com'
  location: 'global'
  tags: tags
}

resource postgresDnsLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = {
  parent: postgresDns
  name: 'vnet'
  location: 'global'
  properties: {
    registrationEnabled: false
    virtualNetwork: { id: network.id }
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: '${name}-pg-${uniqueString(resourceGroup().id)}'
  location: location
  tags: tags
  sku: { name: 'Standard_B2s', tier: 'Burstable' }
  properties: {
    version: '16'
    administratorLogin: postgresAdmin
    administratorLoginPassword: postgresPassword
    storage: { storageSizeGB: 32, autoGrow: 'Enabled' }
    backup: {
      backupRetentionDays: backupRetentionDays
      // Norway East pairs with Norway West: backups stay in Norway.
      geoRedundantBackup: 'Enabled'
    }
    network: {
      publicNetworkAccess: 'Disabled'
      delegatedSubnetResourceId: network.properties.subnets[1].id
      privateDnsZoneArmResourceId: postgresDns.id
    }
    highAvailability: { mode: 'Disabled' }
  }
  dependsOn: [ postgresDnsLink ]
}

resource postgresTls 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: postgres
  name: 'require_secure_transport'
  properties: { value: 'on', source: 'user-override' }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: postgres
  name: 'kravbot'
  properties: { charset: 'UTF8', collation: 'en_US.utf8' }
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${name}-id'
  location: location
  tags: tags
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: take(vaultName, 24)
  location: location
  tags: tags
  properties: {
    tenantId: tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Disabled'
    networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' }
  }
}

resource vaultEndpoint 'Microsoft.Network/privateEndpoints@2024-01-01' = {
  name: '${name}-kv-pe'
  location: location
  tags: tags
  properties: {
    subnet: { id: network.properties.subnets[2].id }
    privateLinkServiceConnections: [
      { name: 'vault', properties: { privateLinkServiceId: vault.id, groupIds: [ 'vault' ] } }
    ]
  }
}

resource databaseUrl 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'database-url'
  properties: {
    value: 'postgresql://${postgresAdmin}:${uriComponent(postgresPassword)}@${postgres.properties.fullyQualifiedDomainName}:5432/kravbot?ssl=require'
    contentType: 'text/plain'
    attributes: { exp: dateTimeToEpoch(dateTimeAdd(utcNow(), 'P1Y')) }
  }
}

// Built-in roles: Key Vault Secrets User (the app reads) and Key Vault Secrets Officer (people set).
var secretsUser = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
var secretsOfficer = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7')

resource appReadsSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identity.id, secretsUser)
  properties: { roleDefinitionId: secretsUser, principalId: identity.properties.principalId, principalType: 'ServicePrincipal' }
}

resource operatorsSetSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, operatorsObjectId, secretsOfficer)
  properties: { roleDefinitionId: secretsOfficer, principalId: operatorsObjectId, principalType: 'Group' }
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '${name}-env'
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
    vnetConfiguration: { infrastructureSubnetId: network.properties.subnets[0].id, internal: false }
    zoneRedundant: false
  }
}

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: '${name}-app'
  location: location
  tags: tags
  identity: { type: 'UserAssigned', userAssignedIdentities: { '${identity.id}': {} } }
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      ingress: { external: true, targetPort: 3978, transport: 'http', allowInsecure: false }
      secrets: [
        { name: 'database-url', keyVaultUrl: databaseUrl.properties.secretUri, identity: identity.id }
        { name: 'app-password', keyVaultUrl: '${vault.properties.vaultUri}secrets/app-password', identity: identity.id }
        { name: 'signing-key', keyVaultUrl: '${vault.properties.vaultUri}secrets/signing-key', identity: identity.id }
      ]
    }
    template: {
      containers: [
        {
          name: 'kravbot'
          image: image
          resources: { cpu: json('0.5'), memory: '1Gi' }
          env: [
            { name: 'KRAVBOT_DATABASE_URL', secretRef: 'database-url' }
            { name: 'MicrosoftAppId', value: botAppId }
            { name: 'MicrosoftAppPassword', secretRef: 'app-password' }
            { name: 'MicrosoftAppType', value: 'SingleTenant' }
            { name: 'MicrosoftAppTenantId', value: tenantId }
            { name: 'KRAVBOT_ALLOWED_TENANTS', value: tenantId }
            { name: 'KRAVBOT_SIGNING_KEY', secretRef: 'signing-key' }
            { name: 'KRAVBOT_LOG_FORMAT', value: 'json' }
          ]
          probes: [
            { type: 'Liveness', httpGet: { path: '/healthz', port: 3978 }, periodSeconds: 10 }
            { type: 'Readiness', httpGet: { path: '/readyz', port: 3978 }, periodSeconds: 10 }
          ]
        }
      ]
      scale: { minReplicas: replicas, maxReplicas: max(replicas, 4) }
    }
  }
  dependsOn: [ appReadsSecrets ]
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${name}-bot'
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: { name: 'S1' }
  properties: {
    displayName: 'Kravbot'
    endpoint: 'https://${app.properties.configuration.ingress.fqdn}/api/messages'
    msaAppId: botAppId
    msaAppType: 'SingleTenant'
    msaAppTenantId: tenantId
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: { isEnabled: true, deploymentEnvironment: 'CommercialDeployment' }
  }
}

output messagingEndpoint string = bot.properties.endpoint
output keyVaultName string = vault.name
output postgresServer string = postgres.properties.fullyQualifiedDomainName
