package dev.bornagain.datasets.text;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkElementIndex;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A fixed word-to-index map; indices follow the order in which words first appeared. */
public final class Vocabulary {

  /** The end-of-sentence token appended to every line. */
  public static final String EOS = "<eos>";

  private final ImmutableMap<String, Integer> ids;
  private final ImmutableList<String> words;

  private Vocabulary(ImmutableMap<String, Integer> ids, ImmutableList<String> words) {
    this.ids = ids;
    this.words = words;
  }

  /**
   * Builds a vocabulary of the distinct words of {@code tokens}, indexed by first appearance.
   *
   * @param tokens the words, in order
   * @return the vocabulary
   * @throws IllegalArgumentException if {@code tokens} is empty
   */
  public static Vocabulary of(List<String> tokens) {
    checkArgument(!tokens.isEmpty(), "cannot build a vocabulary from no tokens");
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (String token : tokens) {
      ids.putIfAbsent(token, ids.size());
    }
    return new Vocabulary(ImmutableMap.copyOf(ids), ImmutableList.copyOf(ids.keySet()));
  }

  /** Returns the number of distinct words. */
  public int size() {
    return words.size();
  }

  /** Returns whether {@code word} is in the vocabulary. */
  public boolean contains(String word) {
    return ids.containsKey(word);
  }

  /**
   * Returns the index of {@code word}.
   *
   * @throws IllegalArgumentException if the word is not in the vocabulary
   */
  public int id(String word) {
    Integer id = ids.get(word);
    checkArgument(id != null, "'%s' is not in the vocabulary of %s words", word, size());
    return id;
  }

  /**
   * Returns the word with index {@code id}.
   *
   * @throws IndexOutOfBoundsException if {@code id} is not in [0, size)
   */
  public String word(int id) {
    checkElementIndex(id, words.size(), "word id");
    return words.get(id);
  }

  /** Returns every word, by index. */
  public ImmutableList<String> words() {
    return words;
  }
}
