package dev.caplab.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An envelope's three shapes (a one-way message, a request that awaits a reply, a reply), the
 * combinations it refuses, and its value semantics: equal fields, equal envelopes, spread over
 * many hash codes.
 */
class EnvelopeTest {

  private static final NodeId A = new NodeId("a", 0);
  private static final NodeId B = new NodeId("b", 1);

  @Test
  void aOneWayMessageNeitherAwaitsNorIsAReply() {
    Envelope e = new Envelope(7, A, B, "hi", 100, 0, false);
    assertFalse(e.awaitsReply());
    assertFalse(e.isReply());
    assertEquals(0, e.inReplyTo());
    assertEquals(List.of(7L, A, B, "hi", 100L), List.of(e.id(), e.from(), e.to(), e.message(), e.sentAt()));
  }

  @Test
  void aRequestAwaitsAReplyAndAReplyNamesItsRequest() {
    Envelope request = new Envelope(7, A, B, "get", 100, 0, true);
    assertTrue(request.awaitsReply());
    assertFalse(request.isReply());
    assertEquals(0, request.inReplyTo());
    Envelope reply = new Envelope(8, B, A, "value", 200, 7, false);
    assertTrue(reply.isReply());
    assertEquals(7, reply.inReplyTo());
    assertFalse(reply.awaitsReply());
  }

  @Test
  void aNegativeRequestIdOrAReplyThatAwaitsAReplyIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Envelope(1, A, B, "m", 0, -1, false));
    assertEquals("inReplyTo must be >= 0 (0 for none), got -1", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Envelope(1, A, B, "m", 0, 5, true));
    assertEquals("a reply (inReplyTo 5) cannot await a reply itself", e.getMessage());
  }

  @Test
  void envelopesWithEqualFieldsAreEqualAndAnyDifferentFieldTellsThemApart() {
    Envelope e = new Envelope(7, A, B, "m", 100, 3, false);
    assertEquals(e, new Envelope(7, A, B, "m", 100, 3, false));
    assertEquals(e.hashCode(), new Envelope(7, A, B, "m", 100, 3, false).hashCode());
    assertEquals(e, e);
    for (Envelope other : List.of(new Envelope(8, A, B, "m", 100, 3, false), new Envelope(7, B, B, "m", 100, 3, false),
        new Envelope(7, A, A, "m", 100, 3, false), new Envelope(7, A, B, "n", 100, 3, false),
        new Envelope(7, A, B, "m", 101, 3, false), new Envelope(7, A, B, "m", 100, 4, false),
        new Envelope(7, A, B, "m", 100, 0, true))) {
      assertNotEquals(e, other);
    }
    assertNotEquals(e, "m");
    assertNotEquals(e, null);
  }

  @Test
  void distinctEnvelopesSpreadOverManyHashCodes() {
    Set<Integer> hashes = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      hashes.add(new Envelope(i, A, B, "m" + (i % 10), i * 3L, 0, i % 2 == 0).hashCode());
    }
    assertTrue(hashes.size() > 990, "hash codes: " + hashes.size());
  }

  @Test
  void theTextShowsEveryField() {
    assertEquals("Envelope[id=8, from=b, to=a, message=value, sentAt=200, inReplyTo=7, awaitsReply=false]",
        new Envelope(8, B, A, "value", 200, 7, false).toString());
    assertEquals("Envelope[id=7, from=a, to=b, message=get, sentAt=100, inReplyTo=0, awaitsReply=true]",
        new Envelope(7, A, B, "get", 100, 0, true).toString());
  }
}
