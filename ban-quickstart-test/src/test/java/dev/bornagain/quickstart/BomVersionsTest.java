package dev.bornagain.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** ban-bom has no parent (see its pom), so its versions repeat ban-parent's: they must agree. */
final class BomVersionsTest {

  private static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("..");

  @Test
  void bom_pinsTheVersionsTheBuildUses() throws Exception {
    Document parent = read(ROOT.resolve("pom.xml"));
    Document bom = read(ROOT.resolve("ban-bom/pom.xml"));
    assertThat(child(bom.getDocumentElement(), "version"))
        .isEqualTo(child(parent.getDocumentElement(), "version"));
    for (String property : List.of("djl.version", "pytorch.version", "slf4j.version")) {
      assertThat(property(bom, property)).as(property).isEqualTo(property(parent, property));
    }
  }

  private static Document read(Path pom) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
  }

  private static String child(Element element, String name) {
    return element.getElementsByTagName(name).item(0).getTextContent().trim();
  }

  private static String property(Document pom, String name) {
    Element properties = (Element) pom.getElementsByTagName("properties").item(0);
    return child(properties, name);
  }
}
