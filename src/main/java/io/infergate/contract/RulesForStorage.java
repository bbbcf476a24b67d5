package io.infergate.contract;

import static io.infergate.contract.Pointers.child;
import static io.infergate.contract.RuleNodes.array;
import static io.infergate.contract.RuleNodes.isSet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The rules of a container's {@code storage} block: how a PVC is claimed, and volume sizes Kubernetes can read.
 */
final class RulesForStorage {

    private RulesForStorage() {
    }

    static void check(JsonNode container, String base, RuleContext ctx) {
        JsonNode storage = RuleNodes.object(container, "storage");
        if (storage == null) {
            return;
        }
        String pointer = child(base, "storage");
        pvcs(storage, pointer, ctx);
        emptyDirs(storage, pointer, ctx);
    }

    private static void pvcs(JsonNode storage, String storagePointer, RuleContext ctx) {
        JsonNode pvcs = array(storage, "pvc");
        if (pvcs == null) {
            return;
        }
        String base = child(storagePointer, "pvc");
        for (int i = 0; i < pvcs.size(); i++) {
            JsonNode pvc = pvcs.get(i);
            if (pvc.isObject() && !RuleNodes.isExcluded(pvc)) {
                pvc(pvc, child(base, i), ctx);
            }
        }
    }

    private static void pvc(JsonNode pvc, String pointer, RuleContext ctx) {
        if (RuleNodes.isTrue(pvc, "ephemeral")) {
            ctx.report(child(pointer, "ephemeral"), RuleIds.PVC_EPHEMERAL, "ephemeral PVCs are not supported for"
                    + " inference workloads: remove ephemeral or set it to false.");
        }
        String claimInfoPointer = child(pointer, "claimInfo");
        if (RuleNodes.isTrue(pvc, "existingPvc")) {
            if (isSet(pvc, "claimInfo")) {
                ctx.report(claimInfoPointer, RuleIds.PVC_CLAIM_INFO_WITH_EXISTING, "claimInfo must not be given when"
                        + " existingPvc is true, since the existing claim already has its size and class: remove claimInfo.");
            }
            return;
        }
        if (!RuleNodes.isFalseOrDefault(pvc, "existingPvc")) {
            return;
        }
        JsonNode claimInfo = pvc.get("claimInfo");
        boolean claimInfoAbsent = claimInfo == null || claimInfo.isNull();
        if (claimInfoAbsent || claimInfo.isObject() && !isSet(claimInfo, "size")) {
            String at = claimInfoAbsent ? claimInfoPointer : child(claimInfoPointer, "size");
            ctx.report(at, RuleIds.PVC_CLAIM_SIZE_REQUIRED, "claimInfo.size is required"
                    + " for a new PVC (existingPvc false): set the size, e.g. 100Gi, or set existingPvc to true and"
                    + " claimName to mount a claim that exists.");
        } else if (claimInfo.isObject()) {
            ctx.quantity(claimInfo, "size", child(claimInfoPointer, "size"));
        }
    }

    private static void emptyDirs(JsonNode storage, String storagePointer, RuleContext ctx) {
        JsonNode emptyDirs = array(storage, "emptyDirVolume");
        if (emptyDirs == null) {
            return;
        }
        String base = child(storagePointer, "emptyDirVolume");
        for (int i = 0; i < emptyDirs.size(); i++) {
            JsonNode emptyDir = emptyDirs.get(i);
            if (emptyDir.isObject() && !RuleNodes.isExcluded(emptyDir)) {
                ctx.quantity(emptyDir, "sizeLimit", child(child(base, i), "sizeLimit"));
            }
        }
    }
}
