package io.infergate.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The documentation a new user reads stands alone: every page under {@code docs/} is linked from the README, every
 * relative link of the README and the pages reaches a file of the repository (so none leads outside it).
 */
class DocsLinksTest {

    private static final Path README = Path.of("README.md");
    private static final Path DOCS = Path.of("docs");
    /** A Markdown link or image: {@code [text](target)}. */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    /** Code, where brackets and parentheses are no links: fenced blocks and inline spans. */
    private static final Pattern CODE = Pattern.compile("(?s)```.*?```|`[^`\n]*`");

    @Test
    void shouldLinkEveryDocsPageFromTheReadme() throws IOException {
        String readme = Files.readString(README);
        List<Path> pages = pages();
        assertThat(pages).as("pages under docs/").isNotEmpty();

        assertThat(pages).allSatisfy(page -> assertThat(readme)
                .as("README.md links %s", page)
                .contains("](" + page.toString().replace('\\', '/') + ")"));
    }

    @Test
    void shouldReachAFileWithEveryRelativeLink() throws IOException {
        List<String> broken = new ArrayList<>();
        List<Path> documents = new ArrayList<>(pages());
        documents.add(README);
        for (Path document : documents) {
            Matcher link = LINK.matcher(CODE.matcher(Files.readString(document)).replaceAll(""));
            while (link.find()) {
                String target = link.group(1);
                if (target.startsWith("http://") || target.startsWith("https://") || target.startsWith("#")) {
                    continue;
                }
                String file = target.replaceFirst("#.*$", "");
                Path resolved = document.toAbsolutePath().getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(document + " -> " + target);
                }
            }
        }
        assertThat(broken).as("relative links that reach no file").isEmpty();
    }

    private static List<Path> pages() throws IOException {
        try (Stream<Path> files = Files.list(DOCS)) {
            return files.filter(file -> file.toString().endsWith(".md")).sorted().toList();
        }
    }
}
