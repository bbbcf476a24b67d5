package io.infergate.policy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where the organisation's policies come from ({@code infergate.policy.*}).
 */
@ConfigMapping(prefix = "infergate.policy")
public interface PolicyConfig {

    /**
     * The policy file (YAML, see the package documentation); in Kubernetes a mounted ConfigMap. Without it no policy
     * applies. An invalid file stops the start; once running, an invalid change is refused and the last good policies
     * stay.
     */
    Optional<Path> file();

    /**
     * How often the file is read for changes; a valid change is in force within this interval.
     */
    @WithDefault("2s")
    Duration reloadInterval();
}
