package io.infergate.policy;

import java.util.Objects;

/**
 * Where a policy applies, from the widest to the narrowest. Department and project ids are strings, as in the workload
 * API (docs/runai-control-plane.md §2.1), and no format is assumed for them.
 */
sealed interface Scope permits Scope.Global, Scope.Cluster, Scope.Department, Scope.Project {

    /**
     * @return 0 for the widest scope (global) up to 3 for a project; a lower scope has the higher number
     */
    int level();

    /**
     * @return how the file and the messages name this scope, e.g. {@code project 4}
     */
    String label();

    /** Every workload. */
    record Global() implements Scope {
        @Override
        public int level() {
            return 0;
        }

        @Override
        public String label() {
            return "global";
        }
    }

    /** Workloads sent to one cluster, by its InferGate name. */
    record Cluster(String name) implements Scope {
        public Cluster {
            requireText(name, "cluster");
        }

        @Override
        public int level() {
            return 1;
        }

        @Override
        public String label() {
            return "cluster " + name;
        }
    }

    /** Workloads of the projects the file lists under this department. */
    record Department(String id) implements Scope {
        public Department {
            requireText(id, "department");
        }

        @Override
        public int level() {
            return 2;
        }

        @Override
        public String label() {
            return "department " + id;
        }
    }

    /** Workloads of one project. */
    record Project(String id) implements Scope {
        public Project {
            requireText(id, "project");
        }

        @Override
        public int level() {
            return 3;
        }

        @Override
        public String label() {
            return "project " + id;
        }
    }

    private static void requireText(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException("a " + what + " scope needs a non-blank id");
        }
    }
}
