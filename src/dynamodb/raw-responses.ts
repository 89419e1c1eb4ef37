import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBStreamsClient,
  type DynamoDBStreamsClientConfig,
} from '@aws-sdk/client-dynamodb-streams';
import { JsonCodec2, JsonShapeDeserializer2 } from '@aws-sdk/core/protocols';
import { DynamoDBJsonCodec2 } from '@aws-sdk/dynamodb-codec';
import { NormalizedSchema } from '@smithy/core/schema';

/**
 * Where a raw answer's bytes are: a Scan or GetRecords output of the clients below carries the
 * body as DynamoDB sent it, for the wire reader (wire-pages.ts) to turn into records directly.
 */
export const RAW_BODY = 'rawBody';

export type RawOutput = { [RAW_BODY]: Buffer };

/** The body of an output of these clients. */
export function rawBody(output: unknown): Buffer {
  const body = (output as Partial<RawOutput>)[RAW_BODY];
  if (!body) throw new Error('not a raw answer: the client was not made by raw-responses.ts');
  return body;
}

type Deserializer = ReturnType<JsonCodec2['createDeserializer']>;

/** Returns the raw body for the named output shapes; everything else decodes as usual. */
function rawFor<D extends Deserializer>(deserializer: D, outputs: ReadonlySet<string>): D {
  const read = deserializer.read.bind(deserializer);
  deserializer.read = async (schema, data) => {
    const name = NormalizedSchema.of(schema).getName(true) ?? '';
    if ((data as unknown) instanceof Uint8Array && outputs.has(name)) {
      const bytes = data as unknown as Uint8Array;
      return { [RAW_BODY]: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) } as never;
    }
    return read(schema, data);
  };
  return deserializer;
}

class RawScanCodec extends DynamoDBJsonCodec2 {
  override createDeserializer(): Deserializer {
    return rawFor(super.createDeserializer(), new Set(['com.amazonaws.dynamodb#ScanOutput']));
  }
}

class RawGetRecordsCodec extends JsonCodec2 {
  constructor() {
    // The settings the Streams client's protocol uses by default (AwsJsonRpcProtocol).
    super({ timestampFormat: { useTrait: true, default: 7 }, jsonName: false });
  }

  override createDeserializer(): Deserializer {
    const deserializer = new JsonShapeDeserializer2(this.settings);
    if (this.serdeContext) deserializer.setSerdeContext(this.serdeContext);
    return rawFor(deserializer, new Set(['com.amazonaws.dynamodbstreams#GetRecordsOutput']));
  }
}

/**
 * The SDK still signs, sends, retries and maps errors to their types; only decoding the two
 * bulk answers is left to the connector. Decoding every attribute into objects and writing them
 * out again as JSON was most of its CPU per record (bench profile). Settings other than the
 * codec (namespace, error types, target) are the SDK's own, read from a default client.
 */
export function createRawScanClient(config: DynamoDBClientConfig): DynamoDBClient {
  const defaults = new DynamoDBClient(config);
  const protocolSettings = { ...defaults.config.protocolSettings, jsonCodec: new RawScanCodec() };
  defaults.destroy();
  return new DynamoDBClient({ ...config, protocolSettings });
}

/** A DynamoDB Streams client whose GetRecords answers are raw bodies; other calls as usual. */
export function createRawStreamsClient(config: DynamoDBStreamsClientConfig): DynamoDBStreamsClient {
  const defaults = new DynamoDBStreamsClient(config);
  const protocolSettings = {
    ...defaults.config.protocolSettings,
    jsonCodec: new RawGetRecordsCodec(),
  };
  defaults.destroy();
  return new DynamoDBStreamsClient({ ...config, protocolSettings });
}
