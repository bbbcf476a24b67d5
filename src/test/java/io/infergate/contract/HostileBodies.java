package io.infergate.contract;

/**
 * The costliest bodies found for the contract check, each within the 1 MB body limit: for tests that the work stays
 * bounded and for {@link ValidationBenchmark}, which times them.
 */
final class HostileBodies {

    private HostileBodies() {
    }

    /**
     * @return the body of issue 15: {@code count} unknown keys of {@code length} characters under {@code spec.leader}
     *         (3,900 of 250 make about 1 MB), each of which once cost an edit distance against every known field
     */
    static String unknownLongKeys(int count, int length) {
        StringBuilder body = new StringBuilder("{\"spec\":{\"leader\":{");
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append('"').append(String.format("%0" + length + "d", i)).append("\":1");
        }
        return body.append("}}}").toString();
    }

    /**
     * @return near misses of a known field under {@code spec.leader} ({@code imagePullPolicx0} ...), each of which gets
     *         a "did you mean" hint
     */
    static String typos(int count) {
        StringBuilder body = new StringBuilder("{\"spec\":{\"leader\":{");
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append("\"imagePullPolic").append(i).append("\":1");
        }
        return body.append("}}}").toString();
    }

    /**
     * @return a quantity of {@code digits} digits and an {@code x}: the quantity pattern backtracks quadratically on it
     */
    static String longQuantity(int digits) {
        return "{\"spec\":{\"leader\":{\"compute\":{\"cpuMemoryRequest\":\"" + "1".repeat(digits) + "x\"}}}}";
    }

    /**
     * @return a host name of {@code labels} one-letter labels: the library's hostname format recurses once per label
     */
    static String longHostName(int labels) {
        return "{\"spec\":{\"leader\":{\"probes\":{\"readiness\":{\"handler\":{\"httpGet\":{\"host\":\"" + "a.".repeat(labels)
                + "a\"}}}}}}}";
    }

    /**
     * @return an array of {@code count} elements of the wrong type: one schema violation each
     */
    static String wrongElements(int count) {
        return "{\"spec\":{\"nodePools\":[" + "1,".repeat(count - 1) + "1]}}";
    }

    /**
     * @return {@code count} tolerations that break two semantic rules each
     */
    static String brokenTolerations(int count) {
        String toleration = "{\"name\":\"t\",\"key\":\"k\",\"operator\":\"Exists\",\"effect\":\"NoSchedule\",\"value\":\"v\","
                + "\"seconds\":1}";
        return "{\"spec\":{\"leader\":{\"tolerations\":[" + (toleration + ",").repeat(count - 1) + toleration + "]}}}";
    }

    /**
     * @return {@code count} extended resources whose quantity is {@code digits} digits and an {@code x}: past the
     *         maximum length (63) the pattern is not matched, at it each match backtracks over 63 characters
     */
    static String quantities(int count, int digits) {
        String resource = "{\"resource\":\"nvidia.com/gpu\",\"quantity\":\"" + "1".repeat(digits) + "x\"}";
        return "{\"spec\":{\"leader\":{\"compute\":{\"extendedResources\":[" + (resource + ",").repeat(count - 1) + resource
                + "]}}}}";
    }

    /**
     * @return a valid create of about {@code kilobytes} KB: the maximal body with the leader's and the worker's
     *         environment variables filled up to the schema's 1,000 items, for the cost of a large body that passes
     */
    static String largeValid(int kilobytes) {
        com.fasterxml.jackson.databind.node.ObjectNode body = SpecMutationTest.maximal();
        String value = "v".repeat(Math.max(1, kilobytes * 1024 / 2_000 - 40));
        for (String role : new String[] { "leader", "worker" }) {
            com.fasterxml.jackson.databind.node.ArrayNode variables = ((com.fasterxml.jackson.databind.node.ObjectNode) body
                    .at("/spec/" + role)).putArray("environmentVariables");
            for (int i = 0; i < 1_000; i++) {
                variables.addObject().put("name", "VARIABLE_" + i).put("value", value);
            }
        }
        return body.toString();
    }
}
