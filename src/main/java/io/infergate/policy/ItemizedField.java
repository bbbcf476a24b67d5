package io.infergate.policy;

import java.util.Map;
import java.util.Objects;

/**
 * A list whose items carry a key and an {@code exclude} flag (environment variables, labels, tolerations, storage
 * volumes...): policies give it {@code instances} and {@code attributes}, and requests merge with it by key.
 *
 * @param path dotted path below {@code spec}
 * @param keyField the attribute that identifies an item: {@code resource} for extended resources, otherwise
 *        {@code name}
 * @param attributes every attribute an item may have except the key and {@code exclude}, by dotted path within the
 *        item (e.g. {@code claimInfo.size})
 */
record ItemizedField(String path, String keyField, Map<String, LeafField> attributes) implements Field {

    ItemizedField {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(keyField, "keyField");
        attributes = Map.copyOf(attributes);
    }
}
