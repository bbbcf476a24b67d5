package io.infergate.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappingInterface;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.source.yaml.YamlConfigSource;

/**
 * Keeps {@code docs/configuration.md} true: every {@code infergate.*} key of every {@code @ConfigMapping} is in its
 * tables with the default the mapping declares, no row names a key that does not exist, and every {@code quarkus.*}
 * row's default is the value the bundled {@code application.yaml} sets for production.
 */
class ConfigurationReferenceTest {

    private static final Path PAGE = Path.of("docs/configuration.md");
    /** A table row: the key in backticks, then the default column. */
    private static final Pattern ROW = Pattern.compile("^\\| `([A-Za-z0-9.<>*-]+)` \\| ([^|]*) \\|", Pattern.MULTILINE);
    private static final Pattern FIRST_CODE = Pattern.compile("^`([^`]*)`");
    /** A placeholder for a map key as the page writes it ({@code <name>}, {@code <clientId>}). */
    private static final Pattern PLACEHOLDER = Pattern.compile("<[A-Za-z]+>");
    private static final String NONE = "—";

    @Test
    void shouldDocumentEveryInfergateKeyWithItsDefault() {
        // Given every key the configuration mappings declare, with its default
        Map<String, String> declared = declaredKeys();
        assertThat(declared).as("the mappings were found").hasSizeGreaterThan(40);

        // When the page's rows are read
        Map<String, String> documented = documentedRows();

        // Then each declared key has a row with that default, and no infergate row is made up
        Map<String, String> problems = new TreeMap<>();
        declared.forEach((key, value) -> {
            String row = documented.get(key);
            if (row == null) {
                problems.put(key, "not documented (default " + value + ")");
            } else if (!row.equals(value)) {
                problems.put(key, "documented default " + row + ", declared " + value);
            }
        });
        documented.keySet()
                .stream()
                .filter(key -> key.startsWith("infergate.") && !declared.containsKey(key))
                .forEach(key -> problems.put(key, "documented, but no configuration mapping declares it"));
        assertThat(problems).as("infergate.* keys against the rows of %s", PAGE).isEmpty();
    }

    @Test
    void shouldDocumentQuarkusKeysWithTheValuesTheBundledConfigurationSets() throws IOException, URISyntaxException {
        // Given the production values of the bundled application.yaml
        var yaml = new YamlConfigSource(
                ConfigurationReferenceTest.class.getClassLoader().getResource("application.yaml"));

        // Then every quarkus.* row with a default states the value the bundled file sets, and one without has none
        Map<String, String> mismatches = new TreeMap<>();
        documentedRows().forEach((key, documented) -> {
            if (!key.startsWith("quarkus.")) {
                return;
            }
            String bundled = Optional.ofNullable(yaml.getValue(key)).orElse(NONE);
            if (!bundled.equals(documented)) {
                mismatches.put(key, "documented " + documented + ", bundled " + bundled);
            }
        });
        assertThat(mismatches).as("quarkus.* rows of %s whose default is not the bundled production value", PAGE)
                .isEmpty();
    }

    /**
     * @return {@code key -> default} of every leaf of every mapping, map keys written {@code <*>}, {@link #NONE} for
     *         none
     */
    private static Map<String, String> declaredKeys() {
        Map<String, String> keys = new TreeMap<>();
        for (Class<?> type : mappings()) {
            ConfigMapping mapping = type.getAnnotation(ConfigMapping.class);
            Map<String, ConfigMappingInterface.Property> properties = ConfigMappings
                    .getProperties(new ConfigMappings.ConfigClass(type, mapping.prefix()));
            properties.forEach((name, property) -> {
                if (!name.endsWith("[*]")) {
                    keys.put(name.replace("*", "<*>"), property.hasDefaultValue() ? property.getDefaultValue() : NONE);
                }
            });
        }
        return keys;
    }

    /**
     * @return every {@code @ConfigMapping} interface of InferGate's main classes
     */
    private static List<Class<?>> mappings() {
        Path classes = Path.of("target/classes");
        try (Stream<Path> files = Files.walk(classes.resolve("io/infergate"))) {
            return files.filter(file -> file.toString().endsWith(".class"))
                    .map(file -> classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .map(ConfigurationReferenceTest::load)
                    .filter(type -> type.isInterface() && type.isAnnotationPresent(ConfigMapping.class))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ConfigurationReferenceTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @return {@code key -> default} of every row of the page: the default is the first {@code `value`} of its
     *         column (a note on other profiles may follow it), or {@link #NONE}
     */
    static Map<String, String> documentedRows() {
        String page;
        try {
            page = Files.readString(PAGE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> rows = new LinkedHashMap<>();
        Matcher row = ROW.matcher(page);
        while (row.find()) {
            String key = PLACEHOLDER.matcher(row.group(1)).replaceAll("<*>");
            String column = row.group(2).trim();
            Matcher value = FIRST_CODE.matcher(column);
            String previous = rows.put(key, value.find() ? value.group(1) : NONE);
            assertThat(previous).as("%s is documented twice", key).isNull();
        }
        return rows;
    }
}
