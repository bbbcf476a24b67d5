package io.infergate.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The shipped Grafana dashboards ({@code observability/grafana/dashboards}) are importable and consistent, and every
 * metric their queries and the alert rules name is one InferGate ({@link Meters}), Quarkus or the JVM publishes.
 * Whether the queries parse and draw data against a real Prometheus is {@code observability/check.sh}'s job.
 */
class DashboardsTest {

    /** The project directory, which Surefire names even where it runs a test elsewhere. */
    private static final Path PROJECT = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    private static final Path DASHBOARDS = PROJECT.resolve("observability/grafana/dashboards");
    private static final Path RULES = PROJECT.resolve("observability/prometheus/rules/infergate.rules.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Quarkus' templated HTTP server meter; the JVM, process, Netty and Vert.x worker-pool binders publish under these
     * prefixes.
     */
    private static final Set<String> QUARKUS_METERS = Set.of("http_server_requests_seconds_count",
            "http_server_requests_seconds_sum", "http_server_requests_seconds_bucket", "http_server_requests_seconds_max",
            "http_server_active_requests");
    private static final List<String> RUNTIME_PREFIXES = List.of("jvm_", "process_", "system_", "netty_", "worker_pool_");

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan");

    @Test
    void shouldOfferTheDatasourceAsAnInput() {
        for (Path file : dashboardFiles()) {
            JsonNode inputs = read(file).path("__inputs");

            assertThat(inputs.findValuesAsText("name")).as("%s __inputs", file).contains("DS_PROMETHEUS");
            assertThat(inputs.findValuesAsText("pluginId")).as("%s __inputs", file).contains("prometheus");
            assertThat(panels(read(file))).as("%s panels", file)
                    .filteredOn(panel -> !isRow(panel))
                    .allSatisfy(panel -> assertThat(panel.path("datasource").path("uid").asText())
                            .as("%s panel %s datasource", file, panel.path("title").asText())
                            .isEqualTo("${DS_PROMETHEUS}"));
        }
    }

    @Test
    void shouldGiveEveryPanelAnIdOfItsOwn() {
        for (Path file : dashboardFiles()) {
            List<Integer> ids = panels(read(file)).stream()
                    .map(panel -> panel.path("id").asInt(-1))
                    .toList();

            assertThat(ids).as("%s panel ids", file).doesNotContain(-1).doesNotHaveDuplicates();
        }
    }

    @Test
    void shouldGiveEveryPanelAQuery() {
        for (Path file : dashboardFiles()) {
            assertThat(panels(read(file))).as("%s panels", file)
                    .filteredOn(panel -> !isRow(panel))
                    .isNotEmpty()
                    .allSatisfy(panel -> {
                        assertThat(panel.path("targets")).as("%s panel %s targets", file, panel.path("title")).isNotEmpty();
                        assertThat(panel.path("targets").findValuesAsText("expr"))
                                .as("%s panel %s queries", file, panel.path("title"))
                                .hasSize(panel.path("targets").size())
                                .allSatisfy(expr -> assertThat(expr).isNotBlank());
                    });
        }
    }

    @Test
    void shouldUseRateIntervalRatherThanAFixedWindowInPanels() {
        for (Path file : dashboardFiles()) {
            for (String expr : panelQueries(read(file))) {
                Matcher ranges = RANGE.matcher(expr);
                while (ranges.find()) {
                    assertThat(ranges.group()).as("%s: %s", file, expr).isIn("[$__rate_interval]", "[$__range]");
                }
            }
        }
    }

    @Test
    void shouldNameOnlyMetricsThatArePublished() throws IOException {
        Set<String> published = infergateMetrics();
        List<String> queries = new ArrayList<>();
        for (Path file : dashboardFiles()) {
            queries.addAll(panelQueries(read(file)));
            read(file).path("templating").path("list").findValuesAsText("definition").forEach(queries::add);
        }
        new YAMLMapper().readTree(RULES.toFile()).path("groups").findValues("rules").forEach(
                rules -> rules.forEach(rule -> queries.add(rule.path("expr").asText())));

        Set<String> named = new TreeSet<>();
        queries.forEach(query -> named.addAll(metricNames(query)));

        assertThat(named).as("metrics named by the dashboards and rules").isNotEmpty()
                .allSatisfy(name -> assertThat(published.contains(name) || QUARKUS_METERS.contains(name)
                        || RUNTIME_PREFIXES.stream().anyMatch(name::startsWith))
                        .as("%s is published by Meters, Quarkus or the JVM", name)
                        .isTrue());
    }

    @Test
    void shouldFindTheMetricNamesOfAQuery() {
        String query = "histogram_quantile(0.99, sum by (cluster, le) (rate(infergate_requests_seconds_bucket"
                + "{cluster=~\"$cluster\",le=\"1.0\"}[$__rate_interval]))) / scalar(sum(infergate_policy_count)) "
                + "and on (cluster) infergate_upstream_breaker_open > 0.5";

        assertThat(metricNames(query)).containsExactlyInAnyOrder("infergate_requests_seconds_bucket",
                "infergate_policy_count", "infergate_upstream_breaker_open");
        assertThat(metricNames("label_values(infergate_requests_seconds_count, cluster)"))
                .containsExactly("infergate_requests_seconds_count");
    }

    /**
     * The Prometheus names each of {@link Meters}' meters may be scraped as: Micrometer writes a timer as
     * {@code _seconds_count|_sum|_bucket|_max}, a distribution summary as {@code _count|_sum|_max}, a counter with
     * {@code _total} and a gauge as it is. Meters does not say which kind each is, so every form is allowed.
     */
    private static Set<String> infergateMetrics() {
        Set<String> names = new HashSet<>();
        for (Field field : Meters.class.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers()) || field.getType() != String.class) {
                continue;
            }
            String value;
            try {
                value = (String) field.get(null);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            if (!value.startsWith("infergate.")) {
                continue;
            }
            String base = value.replace('.', '_');
            for (String suffix : List.of("", "_total", "_count", "_sum", "_max", "_seconds_count", "_seconds_sum",
                    "_seconds_bucket", "_seconds_max")) {
                names.add(base + suffix);
            }
        }
        return names;
    }

    static Set<String> metricNames(String query) {
        String bare = STRING.matcher(query).replaceAll("\"\"");
        bare = MATCHERS.matcher(bare).replaceAll(" ");
        bare = RANGE.matcher(bare).replaceAll(" ");
        bare = GROUPING.matcher(bare).replaceAll(" ");
        bare = bare.replaceAll("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,[^)]*\\)", " $1 ");
        Set<String> names = new TreeSet<>();
        Matcher identifiers = IDENTIFIER.matcher(bare);
        while (identifiers.find()) {
            String name = identifiers.group(1);
            if (!KEYWORDS.contains(name.toLowerCase())) {
                names.add(name);
            }
        }
        return names;
    }

    private static List<Path> dashboardFiles() {
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            List<Path> dashboards = files.filter(file -> file.toString().endsWith(".json"))
                    .sorted()
                    .toList();
            assertThat(dashboards).as("dashboards in %s", DASHBOARDS).isNotEmpty();
            return dashboards;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + file, e);
        }
    }

    /** Every panel, rows and the panels nested in (collapsed) rows included. */
    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> all = new ArrayList<>();
        collect(dashboard.path("panels"), all);
        return all;
    }

    private static void collect(JsonNode panels, List<JsonNode> into) {
        for (JsonNode panel : panels) {
            into.add(panel);
            collect(panel.path("panels"), into);
        }
    }

    private static boolean isRow(JsonNode panel) {
        return "row".equals(panel.path("type").asText());
    }

    private static List<String> panelQueries(JsonNode dashboard) {
        return panels(dashboard).stream()
                .flatMap(panel -> panel.path("targets").findValuesAsText("expr").stream())
                .toList();
    }
}
