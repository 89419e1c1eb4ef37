import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Kafka's own Java producer with its default partitioner: writes one record per stdin line
 * (the line is the key) to the topic, so a test can compare where Java places each key.
 * Usage: java -cp 'kafka/lib/*' JavaKeyedProducer.java <bootstrap> <topic> < keys.txt
 */
public class JavaKeyedProducer {
  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", args[0]);
    props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    props.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props);
        BufferedReader in =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String key;
      while ((key = in.readLine()) != null) producer.send(new ProducerRecord<>(args[1], key, "x"));
      producer.flush();
    }
  }
}
