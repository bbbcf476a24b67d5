package io.infergate.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The final stage of a Dockerfile under {@code deployment/container/}: what the image runs, as whom and where.
 *
 * @param workdir its last {@code WORKDIR}
 * @param user its last {@code USER}
 * @param exposed its {@code EXPOSE}d ports
 * @param entrypoint its exec-form {@code ENTRYPOINT}
 */
record RuntimeStage(String workdir, String user, List<Integer> exposed, List<String> entrypoint) {

    static RuntimeStage of(String dockerfile) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(dockerfile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int from = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("FROM ")) {
                from = i;
            }
        }
        String workdir = null;
        String user = null;
        List<Integer> exposed = new ArrayList<>();
        List<String> entrypoint = null;
        for (String line : lines.subList(from, lines.size())) {
            String argument = line.contains(" ") ? line.substring(line.indexOf(' ') + 1).trim() : "";
            if (line.startsWith("WORKDIR ")) {
                workdir = argument;
            } else if (line.startsWith("USER ")) {
                user = argument;
            } else if (line.startsWith("EXPOSE ")) {
                for (String port : argument.split("\\s+")) {
                    exposed.add(Integer.parseInt(port.replace("/tcp", "")));
                }
            } else if (line.startsWith("ENTRYPOINT ")) {
                entrypoint = execForm(dockerfile, argument);
            }
        }
        if (workdir == null || user == null || entrypoint == null) {
            throw new AssertionError(dockerfile + ": the runtime stage needs WORKDIR, USER and ENTRYPOINT");
        }
        return new RuntimeStage(workdir, user, exposed, entrypoint);
    }

    private static List<String> execForm(String dockerfile, String argument) {
        if (!argument.startsWith("[")) {
            throw new AssertionError(dockerfile + ": ENTRYPOINT in shell form needs a shell in the image: " + argument);
        }
        try {
            return new ObjectMapper().readValue(argument, new TypeReference<List<String>>() {
            });
        } catch (IOException e) {
            throw new AssertionError(dockerfile + ": ENTRYPOINT is not a JSON array: " + argument, e);
        }
    }
}
