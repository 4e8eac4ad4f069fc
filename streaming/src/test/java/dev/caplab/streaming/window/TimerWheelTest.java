package dev.caplab.streaming.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TimerWheelTest {

  private final KeyWindows<String> a = new KeyWindows<>("a", false);
  private final KeyWindows<String> b = new KeyWindows<>("b", false);

  @Test
  void slotsMustBeAPowerOfTwoOfAtLeast64() {
    assertThrows(IllegalArgumentException.class, () -> new TimerWheel<String>(32));
    assertThrows(IllegalArgumentException.class, () -> new TimerWheel<String>(96));
    assertEquals(0, new TimerWheel<String>(64).size());
  }

  @Test
  void timersOfOneTimeComeOutInRegistrationOrderAcrossTheWheelAndTheQueueBeyondIt() {
    TimerWheel<String> wheel = new TimerWheel<>(64);
    wheel.push(10, a, 1);
    wheel.pop(); // the wheel now starts at 10
    wheel.push(100, a, 2); // beyond the wheel: waits
    wheel.push(20, b, 3);
    wheel.push(100, b, 4); // beyond the wheel too, after the first
    wheel.push(20, a, 5);
    assertEquals(20, wheel.peekTime());
    assertEquals(3, wheel.peekStart());
    wheel.pop(); // the wheel now covers [20, 84): 100 still waits
    wheel.replaceTop(60, b, 6); // the second timer of 20 moves to 60
    assertEquals(60, wheel.peekTime());
    assertEquals(b, wheel.peekOwner());
    wheel.pop(); // covers [60, 124): both timers of 100 move on, in order
    wheel.push(100, a, 7);
    long[] starts = new long[3];
    for (int i = 0; i < 3; i++) {
      assertEquals(100, wheel.peekTime());
      starts[i] = wheel.peekStart();
      wheel.pop();
    }
    assertEquals(2, starts[0]);
    assertEquals(4, starts[1]);
    assertEquals(7, starts[2]);
    assertEquals(true, wheel.isEmpty());
  }

  @Test
  void aTimerBelowTheLastOneHandedOutStillComesOutFirst() {
    TimerWheel<String> wheel = new TimerWheel<>(64);
    wheel.push(1_000, a, 1);
    wheel.push(1_010, a, 2);
    wheel.pop(); // the wheel starts at 1,000
    wheel.push(5, b, 3);
    assertEquals(5, wheel.peekTime());
    wheel.pop();
    assertEquals(1_010, wheel.peekTime());
    assertEquals(2, wheel.peekStart());
    assertEquals(1, wheel.size());
  }
}
