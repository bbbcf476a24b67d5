package io.infergate.security;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Who may do what, where ({@code infergate.access.*}). Nothing is allowed unless a grant or an admin group says so.
 */
@ConfigMapping(prefix = "infergate.access")
public interface AccessConfig {

    /** The value that stands for every cluster, project or operation in a grant. */
    String ANY = "*";

    /**
     * The token claim holding the caller's groups ({@code infergate.access.groups-claim}): an array of strings or one
     * string. A nested claim is written as a path, e.g. {@code realm_access/roles}.
     */
    @WithDefault("groups")
    String groupsClaim();

    /**
     * Groups whose members may do everything on every cluster ({@code infergate.access.admin-groups}).
     */
    Optional<Set<String>> adminGroups();

    /**
     * Grants keyed by a name used in logs ({@code infergate.access.grants.<name>.*}). With none, only admin groups may
     * call the API.
     */
    Map<String, Grant> grants();

    /**
     * Members of any of {@link #groups()} may perform {@link #operations()} on workloads of {@link #projects()} in
     * {@link #clusters()}.
     */
    interface Grant {

        /**
         * Groups the grant applies to ({@code infergate.access.grants.<name>.groups}).
         */
        Set<String> groups();

        /**
         * Cluster names from {@code infergate.clusters}, or {@code *} for all
         * ({@code infergate.access.grants.<name>.clusters}).
         */
        Set<String> clusters();

        /**
         * Run:ai project ids, or {@code *} for all ({@code infergate.access.grants.<name>.projects}).
         */
        Set<String> projects();

        /**
         * Any of {@code create}, {@code get}, {@code patch}, {@code delete}, or {@code *} for all
         * ({@code infergate.access.grants.<name>.operations}).
         */
        Set<String> operations();
    }
}
