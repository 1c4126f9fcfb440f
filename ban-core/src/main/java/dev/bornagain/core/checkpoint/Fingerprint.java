package dev.bornagain.core.checkpoint;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.Sets;
import java.util.List;
import java.util.Map;

/**
 * The configuration of a run as named fields (seed, generations, epochs, loss, schedule, input
 * shape...), stored in a checkpoint directory's manifest so that a directory is only resumed by the
 * run that wrote it.
 *
 * @param fields the fields, sorted by name
 */
public record Fingerprint(ImmutableSortedMap<String, String> fields) {

  /** Values are long lists whose entries are separated by this, e.g. an architecture's shapes. */
  public static final String ENTRY_SEPARATOR = "; ";

  private static final Splitter ENTRIES = Splitter.on(ENTRY_SEPARATOR);
  private static final int LONG_VALUES = 240;

  /** Copies the fields. */
  public Fingerprint {
    checkNotNull(fields, "fields");
  }

  /**
   * Creates a fingerprint from named values (their {@code toString()}).
   *
   * @param fields name to value; a null value is written as "none"
   * @return the fingerprint
   */
  public static Fingerprint of(Map<String, ?> fields) {
    ImmutableSortedMap.Builder<String, String> builder = ImmutableSortedMap.naturalOrder();
    fields.forEach((k, v) -> builder.put(k, v == null ? "none" : v.toString()));
    return new Fingerprint(builder.build());
  }

  /**
   * Lists how {@code stored} differs from this fingerprint, one line per field.
   *
   * @param stored the fingerprint found in a checkpoint directory
   * @return "field: checkpoint has X, this run has Y" for each difference; empty if equal. Long
   *     values made of entries separated by {@link #ENTRY_SEPARATOR} are shown from their first
   *     differing entry on.
   */
  public ImmutableList<String> differencesFrom(Fingerprint stored) {
    ImmutableList.Builder<String> out = ImmutableList.builder();
    for (String key : Sets.union(fields.keySet(), stored.fields.keySet())) {
      String mine = fields.getOrDefault(key, "(absent)");
      String theirs = stored.fields.getOrDefault(key, "(absent)");
      if (!mine.equals(theirs)) {
        if (theirs.length() + mine.length() > LONG_VALUES) {
          // Long lists (an architecture's parameters): show where they part, not all of both.
          List<String> old = ENTRIES.splitToList(theirs);
          List<String> now = ENTRIES.splitToList(mine);
          int same = 0;
          while (same < old.size() && same < now.size() && old.get(same).equals(now.get(same))) {
            same++;
          }
          theirs = fromEntry(old, same);
          mine = fromEntry(now, same);
        }
        out.add(key + ": checkpoint has " + theirs + ", this run has " + mine);
      }
    }
    return out.build();
  }

  /** Entry {@code index} of a list, with how many entries come before and after it. */
  private static String fromEntry(List<String> entries, int index) {
    String before = index == 0 ? "" : "[" + index + " equal entries]; ";
    if (index >= entries.size()) {
      return before + "(no more entries)";
    }
    int after = entries.size() - index - 1;
    return before + entries.get(index) + (after == 0 ? "" : "; [" + after + " more]");
  }
}
