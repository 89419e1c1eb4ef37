import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from './run-command.js';
import type { KafkaSecurity, StackSettings } from './settings.js';

/**
 * The broker's secured listeners, for tests of the connector's TLS and SASL settings: SASL_SSL
 * (SCRAM-SHA-512, SCRAM-SHA-256, PLAIN, OAUTHBEARER) and SSL with client certificates. Every
 * Kafka start gets a new throw-away PKI and password, so nothing secret outlives a `down`.
 * PLAINTEXT and CONTROLLER stay open: the other tests and the broker itself use them.
 */

const SASL_USER = 'connector';
const SECURITY_FILE = 'kafka-security.json';

// Extensions by section, so no certificate depends on the system's openssl.cnf (whose v3_ca
// would make every certificate a CA). The broker's SAN matches what clients dial: 127.0.0.1.
const opensslConfig = `[req]
distinguished_name = dn
prompt = no
[dn]
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
[broker]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
[client]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
`;

/** What kafka.ts needs to start a broker with the secured listeners. */
export interface SecuredListeners {
  /** What clients are told (endpoints.json). */
  security: KafkaSecurity;
  /** server.properties lines: TLS files, SASL mechanisms and users, the authorizer. */
  properties: string;
  /** StorageTool `format` arguments: SCRAM credentials live in the metadata log from the start. */
  formatArgs: string[];
}

/** `listeners` entries of the secured listeners, also advertised as they are. */
export function securedListenerUrls(s: StackSettings): string {
  return `SASL_SSL://${s.host}:${s.kafkaSaslSslPort},SSL://${s.host}:${s.kafkaSslPort}`;
}

const secret = () => randomBytes(18).toString('base64url');

/** EC P-256: a whole PKI takes a few tens of milliseconds. `-CA` makes `req` sign the cert. */
async function certificate(
  dir: string,
  name: string,
  subject: string,
  extensions: string,
  signedBy?: string,
): Promise<void> {
  const signer = signedBy
    ? ['-CA', join(dir, `${signedBy}.pem`), '-CAkey', join(dir, `${signedBy}.key`)]
    : [];
  await runCommand('openssl', [
    'req',
    '-x509',
    '-config',
    join(dir, 'openssl.cnf'),
    '-extensions',
    extensions,
    ...signer,
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-noenc',
    '-keyout',
    join(dir, `${name}.key`),
    '-out',
    join(dir, `${name}.pem`),
    '-days',
    '365',
    '-subj',
    subject,
  ]);
}

async function generatePki(dir: string, passphrase: string): Promise<void> {
  writeFileSync(join(dir, 'openssl.cnf'), opensslConfig);
  await certificate(dir, 'ca', '/CN=dkc local stack CA', 'ca');
  await certificate(dir, 'other-ca', '/CN=dkc local stack other CA', 'ca');
  await certificate(dir, 'broker', '/CN=localhost', 'broker', 'ca');
  await certificate(dir, 'client', '/CN=connector-mtls', 'client', 'ca');
  // Through the environment: a command line is visible to every user.
  await runCommand(
    'openssl',
    [
      'pkcs8',
      '-topk8',
      '-v2',
      'aes-256-cbc',
      '-in',
      join(dir, 'client.key'),
      '-out',
      join(dir, 'client-encrypted.key'),
      '-passout',
      'env:DKC_CLIENT_KEY_PASSPHRASE',
    ],
    { env: { ...process.env, DKC_CLIENT_KEY_PASSPHRASE: passphrase } },
  );
  // Kafka's PEM keystore is one file: the (PKCS#8) key, then the certificate chain.
  const keystore = ['broker.key', 'broker.pem', 'ca.pem'].map((f) => readFileSync(join(dir, f)));
  writeFileSync(join(dir, 'broker-keystore.pem'), Buffer.concat(keystore), { mode: 0o600 });
}

function brokerProperties(dir: string, password: string): string {
  const scram = 'org.apache.kafka.common.security.scram.ScramLoginModule required;';
  return `# Secured listeners (scripts/local-stack/kafka-security.ts). PEM stores: no JKS, no keytool.
ssl.keystore.type=PEM
ssl.keystore.location=${join(dir, 'broker-keystore.pem')}
ssl.truststore.type=PEM
ssl.truststore.location=${join(dir, 'ca.pem')}
listener.name.ssl.ssl.client.auth=required
listener.name.sasl_ssl.sasl.enabled.mechanisms=SCRAM-SHA-512,SCRAM-SHA-256,PLAIN,OAUTHBEARER
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=${scram}
listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=${scram}
listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_${SASL_USER}="${password}";
# Kafka's unsecured validator: accepts an unsigned JWT (alg none) and takes its sub as principal.
listener.name.sasl_ssl.oauthbearer.sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;
listener.name.sasl_ssl.oauthbearer.sasl.server.callback.handler.class=org.apache.kafka.common.security.oauthbearer.internals.unsecured.OAuthBearerUnsecuredValidatorCallbackHandler
# ACLs are enforced, so a test can deny one thing to the SASL user; whatever has no ACL stays
# open. PLAINTEXT and CONTROLLER clients (the tests, the broker itself) are ANONYMOUS: all rights.
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:ANONYMOUS
allow.everyone.if.no.acl.found=true
`;
}

/** Makes the PKI and the SASL password in `dir` (a fresh, empty folder) and remembers them there. */
export async function prepareSecuredListeners(
  s: StackSettings,
  dir: string,
): Promise<SecuredListeners> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const password = secret();
  const clientKeyPassphrase = secret();
  await generatePki(dir, clientKeyPassphrase);
  const security: KafkaSecurity = {
    saslSslBrokers: `${s.host}:${s.kafkaSaslSslPort}`,
    sslBrokers: `${s.host}:${s.kafkaSslPort}`,
    caFile: join(dir, 'ca.pem'),
    otherCaFile: join(dir, 'other-ca.pem'),
    clientCertFile: join(dir, 'client.pem'),
    clientKeyFile: join(dir, 'client.key'),
    encryptedClientKeyFile: join(dir, 'client-encrypted.key'),
    clientKeyPassphrase,
    username: SASL_USER,
    password,
  };
  writeFileSync(securityFile(dir), `${JSON.stringify(security, null, 2)}\n`, { mode: 0o600 });
  // StorageTool takes SCRAM users only on its command line, for the second a format takes.
  const user = `name=${SASL_USER},password=${password}`;
  return {
    security,
    properties: brokerProperties(dir, password),
    formatArgs: ['SCRAM-SHA-256', 'SCRAM-SHA-512'].flatMap((m) => [
      '--add-scram',
      `${m}=[${user}]`,
    ]),
  };
}

/** The file holding what clients need: a broker started earlier is reused with its own PKI. */
export function securityFile(dir: string): string {
  return join(dir, SECURITY_FILE);
}

export function readSecurity(dir: string): KafkaSecurity | undefined {
  const file = securityFile(dir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as KafkaSecurity) : undefined;
}
