package dev.bornagain.quickstart;

import static com.google.common.base.Preconditions.checkState;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The README's code blocks that carry a {@code <!-- quickstart:NAME ... -->} marker. */
final class ReadmeBlocks {

  private final Path readme;
  private final String text;

  ReadmeBlocks(Path readme) throws IOException {
    this.readme = readme;
    this.text = Files.readString(readme, StandardCharsets.UTF_8);
  }

  /** Returns the fenced block right after the marker {@code <!-- quickstart:name}. */
  String block(String name) {
    // The name ends at a space or the comment's end: "datasets" must not find "datasets-pom".
    String marker = "<!-- quickstart:" + name;
    int at = -1;
    for (String end : new String[] {" ", "-->"}) {
      int found = text.indexOf(marker + end);
      at = found >= 0 && (at < 0 || found < at) ? found : at;
    }
    checkState(at >= 0, "%s has no '%s' marker", readme, marker);
    int open = text.indexOf("```", at);
    int start = text.indexOf('\n', open) + 1;
    int end = text.indexOf("\n```", start);
    checkState(open >= 0 && end > start, "%s: no fenced block after '%s'", readme, marker);
    return text.substring(start, end + 1);
  }
}
