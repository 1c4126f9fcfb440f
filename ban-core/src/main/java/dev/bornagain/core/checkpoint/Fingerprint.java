package dev.bornagain.core.checkpoint;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.Sets;
import java.util.Map;

/**
 * The configuration of a run as named fields (seed, generations, epochs, loss, schedule, input
 * shape...), stored in a checkpoint directory's manifest so that a directory is only resumed by the
 * run that wrote it.
 *
 * @param fields the fields, sorted by name
 */
public record Fingerprint(ImmutableSortedMap<String, String> fields) {

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
   * @return "field: checkpoint has X, this run has Y" for each difference; empty if equal
   */
  public ImmutableList<String> differencesFrom(Fingerprint stored) {
    ImmutableList.Builder<String> out = ImmutableList.builder();
    for (String key : Sets.union(fields.keySet(), stored.fields.keySet())) {
      String mine = fields.getOrDefault(key, "(absent)");
      String theirs = stored.fields.getOrDefault(key, "(absent)");
      if (!mine.equals(theirs)) {
        out.add(key + ": checkpoint has " + theirs + ", this run has " + mine);
      }
    }
    return out.build();
  }
}
