package io.infergate.deployment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;

/**
 * Finds a renderer for {@code deployment/kubernetes}, which needs kustomize v4 or later (directories under
 * {@code resources}, {@code components}): {@code -Dkustomize=/path} (a standalone kustomize), else
 * {@code kubectl kustomize} when that kubectl ({@code -Dkubectl}, {@code $KUBECTL} or the {@code PATH}'s) bundles v4
 * or later, else {@code kustomize} on the {@code PATH}. Debian bookworm's kubectl 1.20 bundles v2.0.3, which reads
 * neither. Without a renderer the tests that need one are skipped, and the reason is printed once: {@code .ci/run}
 * installs one, so CI never skips them.
 */
final class Kustomize {

    private static final Pattern BUNDLED = Pattern.compile("Kustomize Version: v(\\d+)\\.");
    private static final String MISSING = "the Kubernetes manifest tests need kustomize v4 or later, and this machine "
            + "has neither a kubectl that bundles it (1.21 or later; Debian bookworm's kubernetes-client is 1.20) nor a "
            + "kustomize: .ci/run installs Debian trixie's kustomize package; or point -Dkustomize=/path/to/kustomize "
            + "or -Dkubectl=/path/to/kubectl at one";
    private static volatile Optional<List<String>> found;

    private Kustomize() {
    }

    /**
     * @return the command that renders a directory given as one more argument; aborts the calling test (skipped) when
     *         this machine has none
     */
    static List<String> command() {
        Optional<List<String>> command = found;
        if (command == null) {
            command = find();
            found = command;
            if (command.isEmpty()) {
                System.err.println("SKIPPED: " + MISSING);
            }
        }
        Assumptions.assumeTrue(command.isPresent(), MISSING);
        return command.get();
    }

    private static Optional<List<String>> find() {
        String standalone = System.getProperty("kustomize");
        if (standalone != null) {
            return Optional.of(List.of(standalone, "build"));
        }
        String kubectl = System.getProperty("kubectl", System.getenv().getOrDefault("KUBECTL", "kubectl"));
        Optional<String> version = output(kubectl, "version", "--client");
        if (version.isPresent()) {
            Matcher bundled = BUNDLED.matcher(version.get());
            if (bundled.find() && Integer.parseInt(bundled.group(1)) >= 4) {
                return Optional.of(List.of(kubectl, "kustomize"));
            }
        }
        return output("kustomize", "version").map(any -> List.of("kustomize", "build"));
    }

    /**
     * @return what the command printed, when it ran and exited 0
     */
    private static Optional<String> output(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
