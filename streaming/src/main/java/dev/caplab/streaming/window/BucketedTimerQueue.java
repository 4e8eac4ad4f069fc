package dev.caplab.streaming.window;

import java.util.Arrays;

/**
 * {@link Timers} grouped by time: a small heap of the distinct times, each with a first-in
 * first-out bucket of the timers due then, found through a {@link LongIntMap}. Aligned windows
 * (tumbling, sliding) of every key end at the same few times, so a push appends to a bucket and a
 * pop takes from one, where a heap of all timers would sift through thousands of entries. Timers of
 * one time come out in the order they were pushed, as {@link TimerQueue}'s sequence numbers order
 * them.
 *
 * <p>Not thread-safe. Allocates only when it grows.
 */
final class BucketedTimerQueue<K> implements Timers<K> {

  private LongIntMap bucketOf = new LongIntMap();
  private long[] times = new long[16];
  private int[] heapBuckets = new int[16];
  private int distinct;
  private Object[][] owners = new Object[16][];
  private long[][] starts = new long[16][];
  private int[] head = new int[16];
  private int[] tail = new int[16];
  private int[] free = new int[16];
  private int freeCount;
  private int buckets;
  private int size;

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public long peekTime() {
    return times[0];
  }

  @Override
  public long peekStart() {
    int b = heapBuckets[0];
    return starts[b][head[b]];
  }

  @Override
  @SuppressWarnings("unchecked")
  public KeyWindows<K> peekOwner() {
    int b = heapBuckets[0];
    return (KeyWindows<K>) owners[b][head[b]];
  }

  @Override
  public void push(long time, KeyWindows<K> owner, long start) {
    int b = bucketOf.get(time);
    if (b == LongIntMap.ABSENT) {
      b = newBucket();
      bucketOf.put(time, b);
      heapPush(time, b);
    }
    int t = tail[b];
    if (t == owners[b].length) {
      if (head[b] > 0) { // compact first
        int n = t - head[b];
        System.arraycopy(owners[b], head[b], owners[b], 0, n);
        System.arraycopy(starts[b], head[b], starts[b], 0, n);
        Arrays.fill(owners[b], n, t, null);
        head[b] = 0;
        t = n;
      } else {
        owners[b] = Arrays.copyOf(owners[b], t * 2);
        starts[b] = Arrays.copyOf(starts[b], t * 2);
      }
    }
    owners[b][t] = owner;
    starts[b][t] = start;
    tail[b] = t + 1;
    size++;
  }

  @Override
  public void pop() {
    int b = heapBuckets[0];
    owners[b][head[b]++] = null;
    size--;
    if (head[b] == tail[b]) {
      bucketOf.remove(times[0]);
      heapPop();
      head[b] = 0;
      tail[b] = 0;
      free[freeCount++] = b;
    }
  }

  @Override
  public void replaceTop(long time, KeyWindows<K> owner, long start) {
    pop();
    push(time, owner, start);
  }

  @Override
  public BucketedTimerQueue<K> copy() {
    BucketedTimerQueue<K> c = new BucketedTimerQueue<>();
    c.bucketOf = bucketOf.copy();
    c.times = times.clone();
    c.heapBuckets = heapBuckets.clone();
    c.distinct = distinct;
    c.owners = owners.clone();
    c.starts = starts.clone();
    for (int b = 0; b < buckets; b++) {
      c.owners[b] = owners[b].clone();
      c.starts[b] = starts[b].clone();
    }
    c.head = head.clone();
    c.tail = tail.clone();
    c.free = free.clone();
    c.freeCount = freeCount;
    c.buckets = buckets;
    c.size = size;
    return c;
  }

  private int newBucket() {
    if (freeCount > 0) {
      return free[--freeCount];
    }
    if (buckets == owners.length) {
      int n = buckets * 2;
      owners = Arrays.copyOf(owners, n);
      starts = Arrays.copyOf(starts, n);
      head = Arrays.copyOf(head, n);
      tail = Arrays.copyOf(tail, n);
      free = Arrays.copyOf(free, n);
    }
    int b = buckets++;
    owners[b] = new Object[8];
    starts[b] = new long[8];
    return b;
  }

  private void heapPush(long time, int bucket) {
    if (distinct == times.length) {
      times = Arrays.copyOf(times, distinct * 2);
      heapBuckets = Arrays.copyOf(heapBuckets, distinct * 2);
    }
    int i = distinct++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (times[parent] <= time) {
        break;
      }
      times[i] = times[parent];
      heapBuckets[i] = heapBuckets[parent];
      i = parent;
    }
    times[i] = time;
    heapBuckets[i] = bucket;
  }

  private void heapPop() {
    int last = --distinct;
    long time = times[last];
    int bucket = heapBuckets[last];
    int i = 0;
    int half = last >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      if (child + 1 < last && times[child + 1] < times[child]) {
        child++;
      }
      if (times[child] >= time) {
        break;
      }
      times[i] = times[child];
      heapBuckets[i] = heapBuckets[child];
      i = child;
    }
    if (last > 0) {
      times[i] = time;
      heapBuckets[i] = bucket;
    }
  }
}
