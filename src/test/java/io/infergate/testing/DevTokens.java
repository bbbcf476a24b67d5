package io.infergate.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Tokens minted by {@code deployment/dev/token.sh}, exactly as a developer makes them (it signs with {@code openssl}).
 * On a machine without {@code openssl} the test that needs one is skipped, saying why; {@code .ci/run} installs it.
 */
public final class DevTokens {

    private DevTokens() {
    }

    /**
     * @param arguments the script's arguments: a subject, then groups; none for its default admin
     * @return the token it printed
     */
    public static String mint(String... arguments) {
        Assumptions.assumeTrue(onPath("openssl"), "deployment/dev/token.sh needs openssl, which this machine lacks "
                + "(Debian: apt-get install openssl, which .ci/run does)");
        List<String> command = new ArrayList<>(List.of("deployment/dev/token.sh"));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).directory(new File(System.getProperty("user.dir"))).start();
            String token = process.inputReader().readLine();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0 || token == null || token.isBlank()) {
                throw new IllegalStateException("deployment/dev/token.sh printed no token");
            }
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while minting a dev token", e);
        }
    }

    public static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            if (new File(directory, tool).canExecute()) {
                return true;
            }
        }
        return false;
    }
}
