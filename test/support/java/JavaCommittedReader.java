import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Kafka's own Java consumer, read_committed, by manual assignment: writes "partition:offset" of
 * every record it may see, from the first stored one to the end offsets the topic had at the
 * start (read_committed end offsets: the last stable offsets), one per line, to the output file.
 * A reference for our reader's transaction filtering.
 * Usage: java -cp 'kafka/lib/*' JavaCommittedReader.java <bootstrap> <topic> <output-file>
 */
public class JavaCommittedReader {
  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", args[0]);
    props.put("isolation.level", "read_committed");
    props.put("key.deserializer", ByteArrayDeserializer.class.getName());
    props.put("value.deserializer", ByteArrayDeserializer.class.getName());
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props);
        PrintWriter out = new PrintWriter(args[2], StandardCharsets.UTF_8)) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer.partitionsFor(args[1]).forEach(p -> partitions.add(new TopicPartition(args[1], p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.currentTimeMillis() + 60_000;
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        if (System.currentTimeMillis() > deadline) throw new IllegalStateException("not at the end in 60 s");
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500)))
          if (r.offset() < ends.get(new TopicPartition(r.topic(), r.partition())))
            out.println(r.partition() + ":" + r.offset());
      }
    }
  }
}
