package io.infergate.policy;

import java.util.List;
import java.util.Objects;

/**
 * A field holding one value.
 *
 * @param path dotted path below {@code spec} (or below an item, for an attribute)
 * @param type its value type
 * @param allowed the vendor enum of the value (of each item, for an array); empty when any value goes
 */
record LeafField(String path, ValueType type, List<String> allowed) implements Field {

    LeafField {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        allowed = List.copyOf(allowed);
    }
}
