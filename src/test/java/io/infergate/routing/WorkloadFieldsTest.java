package io.infergate.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.core.JsonFactory;

import io.infergate.cluster.Cluster;
import io.vertx.core.buffer.Buffer;

/**
 * When a control plane's answer is about the workload asked and comes from the cluster it names: both ids present, UUIDs,
 * and equal as UUIDs (letter case aside).
 */
class WorkloadFieldsTest {

    private static final UUID WORKLOAD = UUID.fromString("3fa85f64-5717-4562-b3fc-2c963f66afa6");
    private static final Cluster CLUSTER = new Cluster("a", UUID.fromString("0b7d5c2e-3f4a-4b5c-8d6e-7f8091a2b3c4"),
            URI.create("http://127.0.0.1:1"));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "both ids | {\"workloadId\":\"W\",\"projectId\":\"7\",\"clusterId\":\"C\"} | ",
            "upper case | {\"clusterId\":\"UC\",\"workloadId\":\"UW\"} | ",
            "another workload | {\"workloadId\":\"9b2f0c4e-1111-4222-8333-944455556666\",\"clusterId\":\"C\"} | workloadId 9b2f0c4e-1111-4222-8333-944455556666",
            "another cluster | {\"workloadId\":\"W\",\"clusterId\":\"9b2f0c4e-1111-4222-8333-944455556666\"} | clusterId 9b2f0c4e-1111-4222-8333-944455556666",
            "no clusterId | {\"workloadId\":\"W\"} | no clusterId",
            "not a UUID | {\"workloadId\":\"W\",\"clusterId\":\"a\"} | clusterId not a UUID",
            "lenient UUID | {\"workloadId\":\"W\",\"clusterId\":\"b7d5c2e-3f4a-4b5c-8d6e-7f8091a2b3c4\"} | clusterId not a UUID",
            "a number | {\"workloadId\":\"W\",\"clusterId\":7} | no clusterId",
            "nothing | {} | no workloadId, no clusterId",
            "not an object | [] | no workloadId, no clusterId" })
    void shouldTellWhatDoesNotMatchWithoutTheBody(String name, String body, String mismatch) {
        // Given an answer body
        String json = body.replace("UW", WORKLOAD.toString().toUpperCase(Locale.ROOT))
                .replace("UC", CLUSTER.id().toString().toUpperCase(Locale.ROOT))
                .replace("\"W\"", "\"" + WORKLOAD + "\"")
                .replace("\"C\"", "\"" + CLUSTER.id() + "\"");

        // When its ids are compared with the workload asked and the cluster that answered
        WorkloadFields fields = WorkloadFields.of(new JsonFactory(), Buffer.buffer(json));

        // Then only a missing, malformed or other id is a mismatch, named by the ids alone
        assertThat(fields.mismatch(WORKLOAD, CLUSTER).orElse(null)).isEqualTo(mismatch);
    }
}
