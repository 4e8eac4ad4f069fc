package dev.caplab.messaging.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyHashTest {

  /** The expected values of Kafka's own murmur2 test (clients' UtilsTest.testMurmur2). */
  @Test
  void murmur2GivesKafkasValues() {
    assertEquals(-973932308, murmur2("21"));
    assertEquals(-790332482, murmur2("foobar"));
    assertEquals(-985981536, murmur2("a-little-bit-long-string"));
    assertEquals(-1486304829, murmur2("a-little-bit-longer-string"));
    assertEquals(-58897971, murmur2("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8"));
    assertEquals(479470107, KeyHash.murmur2(new byte[] {'a', 'b', 'c'}, 3));
  }

  @Test
  void stringsHashTheirUtf8Bytes() {
    for (String s : new String[] {"", "k", "ké", "order-17", "ein längerer Schlüssel"}) {
      assertEquals(murmur2(s), KeyHash.hash(s), s);
    }
  }

  @Test
  void integersAndLongsHashTheirBigEndianBytesAsKafkasSerializersWriteThem() {
    for (int v : new int[] {0, 1, -1, 255, 256, 0x12345678, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
      byte[] bytes = ByteBuffer.allocate(4).putInt(v).array();
      assertEquals(KeyHash.murmur2(bytes, 4), KeyHash.hash(v), "int " + v);
    }
    for (long v : new long[] {0L, 1L, -1L, 0x123456789abcdefL, Long.MIN_VALUE, Long.MAX_VALUE}) {
      byte[] bytes = ByteBuffer.allocate(8).putLong(v).array();
      assertEquals(KeyHash.murmur2(bytes, 8), KeyHash.hash(v), "long " + v);
    }
  }

  @Test
  void enumsHashTheirNameAndOtherKeysTheirHashCode() {
    assertEquals(murmur2("RANGE"), KeyHash.hash(AssignmentStrategy.RANGE));
    record Key(int id) {}
    assertEquals(KeyHash.murmur2Int(new Key(7).hashCode()), KeyHash.hash(new Key(7)));
    assertEquals(KeyHash.hash(new byte[] {1, 2, 3}), KeyHash.murmur2(new byte[] {1, 2, 3}, 3));
  }

  @Test
  void thePartitionIsThePositiveHashModuloThePartitions() {
    // murmur2("21") is negative: toPositive clears the sign bit, it does not negate.
    int h = murmur2("21");
    assertEquals((h & 0x7fffffff) % 7, KeyHash.partition("21", 7));
    assertEquals(0, KeyHash.partition("21", 1));
  }

  private static int murmur2(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return KeyHash.murmur2(b, b.length);
  }
}
