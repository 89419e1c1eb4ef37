import {
  bool,
  hostPort,
  int,
  list,
  ms,
  nameValue,
  oneOf,
  optional,
  readableFile,
  text,
  topicName,
  url,
} from './formats.js';

/**
 * The `kafka` section of the schema (src/config/schema.ts): brokers, topics, security,
 * compression and timeouts. Secrets are `sensitive` and each has a `…File` twin, so they can
 * come from the file, an env var or a mounted secret file.
 */
export const kafkaSchema = {
  brokers: {
    doc: 'Bootstrap brokers, host:port.',
    format: list(hostPort, true),
    default: ['localhost:9092'],
    env: 'KAFKA_BROKERS',
  },
  clientId: {
    doc: 'Kafka client id.',
    format: text(),
    default: 'dynamodb-kafka-connect',
    env: 'KAFKA_CLIENT_ID',
  },
  topicPrefix: {
    doc: 'Topic name = prefix + table name.',
    format: topicName(0),
    default: 'dynamodb-',
    env: 'KAFKA_TOPIC_PREFIX',
  },
  offsetsTopic: {
    doc: 'Compacted topic holding the connector offsets (created when missing).',
    format: topicName(),
    default: 'dynamodb-connect-offsets',
    env: 'KAFKA_OFFSETS_TOPIC',
  },
  topicPartitions: {
    doc: 'Partitions of a table topic the connector creates; records of one key always go to one partition.',
    format: int(1, 100_000),
    default: 1,
  },
  replicationFactor: {
    doc: 'Replication factor of topics the connector creates (table topics and the offsets topic).',
    format: int(1, 32_767),
    default: 1,
  },
  topicConfig: {
    // A list, not an object: convict reads dots in object keys as nesting.
    doc: 'Extra configs for table topics the connector creates, as name=value, e.g. ["cleanup.policy=compact"].',
    format: list(nameValue('a topic config as name=value', /[a-z0-9._-]+/)),
    default: [] as string[],
  },
  maxMessageBytes: {
    doc: 'Largest record the connector sends; a larger one fails its task loudly (never skipped).',
    format: int(1, 2_147_483_647),
    default: 1_000_000,
  },
  compression: {
    doc: 'Compression of record batches. lz4 measured best for these JSON records (README, Performance).',
    format: oneOf('none', 'gzip', 'snappy', 'lz4', 'zstd'),
    default: 'lz4',
    env: 'KAFKA_COMPRESSION',
  },
  connectionTimeoutMs: {
    doc: 'Time allowed to open a connection to a broker (TCP, TLS and SASL).',
    format: ms(),
    default: 10_000,
    env: 'KAFKA_CONNECTION_TIMEOUT_MS',
  },
  requestTimeoutMs: {
    doc: 'Time allowed for a broker to answer one request.',
    format: ms(),
    default: 30_000,
    env: 'KAFKA_REQUEST_TIMEOUT_MS',
  },
  retryTimeoutMs: {
    doc: 'How long retriable Kafka failures (broker unreachable, leader moving) are retried: past it the worker exits 1 at start, and a running task fails (and is restarted after tasks.restartInitialMs).',
    format: ms(),
    default: 120_000,
    env: 'KAFKA_RETRY_TIMEOUT_MS',
  },
  ssl: {
    enabled: {
      doc: 'Connect to the brokers with TLS.',
      format: bool,
      default: false,
      env: 'KAFKA_SSL_ENABLED',
    },
    caFile: {
      doc: "PEM file of the CA certificates to trust; null = Node's built-in public CAs.",
      format: optional(readableFile),
      default: null as string | null,
      env: 'KAFKA_SSL_CA_FILE',
    },
    certFile: {
      doc: 'PEM client certificate (chain), for brokers that authenticate clients by certificate.',
      format: optional(readableFile),
      default: null as string | null,
      env: 'KAFKA_SSL_CERT_FILE',
    },
    keyFile: {
      doc: 'PEM private key of kafka.ssl.certFile.',
      format: optional(readableFile),
      default: null as string | null,
      env: 'KAFKA_SSL_KEY_FILE',
    },
    keyPassword: {
      doc: 'Passphrase of an encrypted kafka.ssl.keyFile.',
      format: optional(text()),
      default: null as string | null,
      env: 'KAFKA_SSL_KEY_PASSWORD',
      sensitive: true,
    },
    keyPasswordFile: {
      doc: 'File holding the passphrase of kafka.ssl.keyFile (instead of kafka.ssl.keyPassword).',
      format: optional(readableFile),
      default: null as string | null,
      env: 'KAFKA_SSL_KEY_PASSWORD_FILE',
    },
    serverName: {
      doc: 'Name sent as SNI and checked against the broker certificates; null = each broker host name.',
      format: optional(text()),
      default: null as string | null,
      env: 'KAFKA_SSL_SERVER_NAME',
    },
    rejectUnauthorized: {
      doc: 'Verify the broker certificates. false accepts any certificate (man-in-the-middle risk) and is warned about at every start.',
      format: bool,
      default: true,
      env: 'KAFKA_SSL_REJECT_UNAUTHORIZED',
    },
  },
  sasl: {
    mechanism: {
      doc: 'SASL authentication; AWS_MSK_IAM signs with the AWS credentials the DynamoDB clients use.',
      format: oneOf(
        'none',
        'PLAIN',
        'SCRAM-SHA-256',
        'SCRAM-SHA-512',
        'OAUTHBEARER',
        'AWS_MSK_IAM',
      ),
      default: 'none',
      env: 'KAFKA_SASL_MECHANISM',
    },
    username: {
      doc: 'User name for PLAIN and SCRAM.',
      format: optional(text()),
      default: null as string | null,
      env: 'KAFKA_SASL_USERNAME',
    },
    password: {
      doc: 'Password for PLAIN and SCRAM.',
      format: optional(text()),
      default: null as string | null,
      env: 'KAFKA_SASL_PASSWORD',
      sensitive: true,
    },
    passwordFile: {
      doc: 'File holding the password (instead of kafka.sasl.password); read again at every authentication.',
      format: optional(readableFile),
      default: null as string | null,
      env: 'KAFKA_SASL_PASSWORD_FILE',
    },
    awsRegion: {
      doc: 'AWS_MSK_IAM: region of the MSK cluster; null = aws.region.',
      format: optional(text()),
      default: null as string | null,
      env: 'KAFKA_SASL_AWS_REGION',
    },
    oauthbearer: {
      token: {
        doc: 'OAUTHBEARER: a fixed token.',
        format: optional(text()),
        default: null as string | null,
        env: 'KAFKA_SASL_OAUTHBEARER_TOKEN',
        sensitive: true,
      },
      tokenFile: {
        doc: 'OAUTHBEARER: file holding the token, read again at every authentication (e.g. a projected service-account token).',
        format: optional(readableFile),
        default: null as string | null,
        env: 'KAFKA_SASL_OAUTHBEARER_TOKEN_FILE',
      },
      tokenEndpointUrl: {
        doc: 'OAUTHBEARER: OAuth 2 token endpoint; tokens are fetched with the client-credentials grant and renewed before they expire.',
        format: optional(url),
        default: null as string | null,
        env: 'KAFKA_SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL',
      },
      clientId: {
        doc: 'OAUTHBEARER: client id at the token endpoint.',
        format: optional(text()),
        default: null as string | null,
        env: 'KAFKA_SASL_OAUTHBEARER_CLIENT_ID',
      },
      clientSecret: {
        doc: 'OAUTHBEARER: client secret at the token endpoint.',
        format: optional(text()),
        default: null as string | null,
        env: 'KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET',
        sensitive: true,
      },
      clientSecretFile: {
        doc: 'OAUTHBEARER: file holding the client secret (instead of kafka.sasl.oauthbearer.clientSecret).',
        format: optional(readableFile),
        default: null as string | null,
        env: 'KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET_FILE',
      },
      scope: {
        doc: 'OAUTHBEARER: scope asked of the token endpoint; null = none.',
        format: optional(text()),
        default: null as string | null,
        env: 'KAFKA_SASL_OAUTHBEARER_SCOPE',
      },
      extensions: {
        doc: "OAUTHBEARER: SASL extensions as name=value (e.g. Confluent Cloud's logicalCluster=lkc-…).",
        format: list(nameValue('a name=value', /[^=\s]+/)),
        default: [] as string[],
        env: 'KAFKA_SASL_OAUTHBEARER_EXTENSIONS',
      },
    },
  },
};
