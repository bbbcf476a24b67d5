package io.infergate.contract;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * How strictly request bodies are read and checked ({@code infergate.contract.*}).
 */
@ConfigMapping(prefix = "infergate.contract")
public interface ContractConfig {

    /**
     * Largest request body accepted; a larger one is answered 413 without being read. Keep
     * {@code quarkus.http.limits.max-body-size} above it: that is the HTTP layer's last-resort guard, and it answers
     * without the vendor {@code Error} body.
     */
    @WithDefault("1M")
    MemorySize maxBodySize();

    /**
     * What to do with a field the vendor contract does not define: {@code reject} (a 400 with a "did you mean" hint, so
     * a misspelt field cannot slip past policy) or {@code forward} (pass it on to the control plane untouched).
     */
    @WithDefault("reject")
    UnknownFields unknownFields();

    /**
     * Also require the workload {@code name} to be a DNS-1035 label (at most 63 characters of {@code [a-z0-9-]},
     * starting with a letter, not ending with {@code -}). Run:ai does not state this rule, but the LeaderWorkerSet it
     * creates names a Service after the workload, which Kubernetes requires to be such a label.
     */
    @WithName("dns-1035-names")
    @WithDefault("false")
    boolean dns1035Names();

    /**
     * Most violations listed in one 400. The check stops at the first violation past it (a hostile body may have
     * hundreds of thousands, each costing CPU on the event loop), and the 400 then says "more than" this many.
     */
    @WithDefault("100")
    int maxViolations();

    /**
     * The two ways to treat fields the contract does not define.
     */
    enum UnknownFields {
        REJECT,
        FORWARD
    }
}
