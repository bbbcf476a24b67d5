package io.infergate.limits;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/**
 * Rate limits keyed by a name that appears in the rate-limit headers, the meters and the 429's message
 * ({@code infergate.limits.<name>.*}). None by default. A request meets every limit that applies to it and is sent only
 * when all of them allow it.
 */
@ConfigMapping(prefix = "infergate.limits")
public interface LimitsConfig {

    /**
     * The limits, by name.
     */
    @WithParentName
    Map<String, LimitConfig> limits();

    /**
     * One limit: {@link #rate()} requests per {@link #period()}, up to {@link #burst()} at once, counted per
     * {@link #per()}.
     */
    interface LimitConfig {

        /**
         * The operations it applies to: {@code create}, {@code get}, {@code patch}, {@code delete}, or {@code *} for all
         * ({@code infergate.limits.<name>.operations}).
         */
        @WithDefault("*")
        Set<String> operations();

        /**
         * It applies to callers in any of these groups ({@code infergate.limits.<name>.groups}); with neither groups nor
         * subjects, to every caller.
         */
        Optional<Set<String>> groups();

        /**
         * It applies to callers with any of these subjects ({@code infergate.limits.<name>.subjects}).
         */
        Optional<Set<String>> subjects();

        /**
         * It applies to creates in these Run:ai project ids only ({@code infergate.limits.<name>.projects}). Only a
         * create names its project before it is sent, so a limit with projects applies to creates only.
         */
        Optional<Set<String>> projects();

        /**
         * It applies to creates for these cluster names only ({@code infergate.limits.<name>.clusters}); creates only,
         * like {@link #projects()}.
         */
        Optional<Set<String>> clusters();

        /**
         * Requests allowed per {@link #period()}, sustained ({@code infergate.limits.<name>.rate}).
         */
        int rate();

        /**
         * The period of {@link #rate()} ({@code infergate.limits.<name>.period}).
         */
        @WithDefault("1s")
        Duration period();

        /**
         * Requests allowed at once after a quiet spell ({@code infergate.limits.<name>.burst}); the rate if unset.
         */
        OptionalInt burst();

        /**
         * What is counted apart ({@code infergate.limits.<name>.per}): {@code caller} (each subject has its own
         * allowance), {@code project} or {@code cluster} (every caller shares the project's or cluster's; creates only).
         */
        @WithDefault("caller")
        Counted per();
    }

    /**
     * What a limit counts apart.
     */
    enum Counted {
        CALLER,
        PROJECT,
        CLUSTER
    }
}
