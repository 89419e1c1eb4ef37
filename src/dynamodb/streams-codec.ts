import {
  type AttributeValue,
  DynamoDBStreamsClient,
  type DynamoDBStreamsClientConfig,
} from '@aws-sdk/client-dynamodb-streams';
import { JsonCodec2, JsonShapeDeserializer2 } from '@aws-sdk/core/protocols';
import { NormalizedSchema } from '@smithy/core/schema';
import { fromBase64 } from '@smithy/core/serde';

const ATTRIBUTE_VALUE = 'com.amazonaws.dynamodbstreams#AttributeValue';

/** The wire form of an AttributeValue: JSON with binaries as base64 text. */
type WireAttributeValue = Record<string, unknown> & {
  B?: unknown;
  BS?: unknown;
  L?: unknown;
  M?: unknown;
};

/**
 * Decodes an AttributeValue from its parsed JSON in place: only binaries need converting, and
 * lists and maps are walked for theirs. Everything else already has its SDK form.
 */
function readAttributeValue(av: WireAttributeValue): AttributeValue {
  if (typeof av.B === 'string') av.B = fromBase64(av.B);
  if (Array.isArray(av.BS)) av.BS = av.BS.map((b: string) => fromBase64(b));
  if (Array.isArray(av.L)) av.L = av.L.map(readAttributeValue);
  if (av.M && typeof av.M === 'object') {
    const m = av.M as Record<string, WireAttributeValue>;
    for (const k of Object.keys(m)) m[k] = readAttributeValue(m[k] as WireAttributeValue) as never;
  }
  return av as AttributeValue;
}

class StreamsShapeDeserializer extends JsonShapeDeserializer2 {
  protected override _read(schema: Parameters<JsonShapeDeserializer2['read']>[0], value: unknown) {
    if (
      value &&
      typeof value === 'object' &&
      NormalizedSchema.of(schema).getName(true) === ATTRIBUTE_VALUE
    ) {
      return readAttributeValue(value as WireAttributeValue);
    }
    return super._read(schema, value);
  }
}

/**
 * The DynamoDB Streams client's JSON codec, with AttributeValues decoded by hand. The SDK's
 * generic schema walk over every attribute of every image was a third of the connector's CPU in
 * SYNC (bench profile). The SDK's DynamoDB client has such a codec (@aws-sdk/dynamodb-codec);
 * its Streams client does not, and the DynamoDB one does not recognise the Streams shapes.
 * Same output as the default: see its test.
 */
export class StreamsJsonCodec extends JsonCodec2 {
  constructor() {
    // The settings the Streams client's protocol uses by default (AwsJsonRpcProtocol).
    super({ timestampFormat: { useTrait: true, default: 7 }, jsonName: false });
  }

  override createDeserializer(): JsonShapeDeserializer2 {
    const deserializer = new StreamsShapeDeserializer(this.settings);
    if (this.serdeContext) deserializer.setSerdeContext(this.serdeContext);
    return deserializer;
  }
}

/**
 * A Streams client whose protocol decodes with StreamsJsonCodec. The protocol's other settings
 * (namespace, error types, target) are the SDK's own, read from a client built with defaults.
 */
export function createStreamsClient(config: DynamoDBStreamsClientConfig): DynamoDBStreamsClient {
  const defaults = new DynamoDBStreamsClient(config);
  const protocolSettings = {
    ...defaults.config.protocolSettings,
    jsonCodec: new StreamsJsonCodec(),
  };
  defaults.destroy();
  return new DynamoDBStreamsClient({ ...config, protocolSettings });
}
