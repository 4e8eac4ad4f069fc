package dev.caplab.streaming.window;

import java.util.ArrayList;
import java.util.List;

/** Collects panes and late elements as short strings, in emission order. */
final class Recorder {
  final List<String> out = new ArrayList<>();

  void pane(Pane<String, ?> p) {
    out.add(p.key() + p.window() + "=" + p.value() + " " + p.kind());
  }

  void late(String key, Object value, long ts, long wm) {
    out.add("late " + key + " " + value + "@" + ts);
  }

  List<String> take() {
    List<String> copy = List.copyOf(out);
    out.clear();
    return copy;
  }
}
