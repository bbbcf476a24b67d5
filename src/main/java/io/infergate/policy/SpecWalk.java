package io.infergate.policy;

import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Walks the {@code defaults} or {@code rules} tree of a policy alongside the vendor spec, handing each named field to a
 * visitor and reporting names the spec does not have.
 */
final class SpecWalk {

    /** What to do with each field a policy names. */
    interface Visitor {
        /**
         * @param list the itemised list whose item attribute {@code field} is, or {@code null} for a field of its own
         */
        void leaf(LeafField field, ItemizedField list, JsonNode value, String where);

        /**
         * The {@code instances} part of an itemised list's entry; its {@code attributes} are handed to {@link #leaf}.
         */
        void instances(ItemizedField field, JsonNode value, String where);

        /**
         * @param given the entry, which is not a mapping
         * @return how an itemised list's entry looks in this section, for the message about {@code given}
         */
        String itemisedShape(JsonNode given);
    }

    private final SpecCatalog catalog;
    private final Consumer<String> problems;

    SpecWalk(SpecCatalog catalog, Consumer<String> problems) {
        this.catalog = catalog;
        this.problems = problems;
    }

    /**
     * @param node the tree below a section
     * @param section dotted path of the section below {@code spec}, {@code ""} for {@code spec}
     * @param where how messages name the place in the file, e.g. {@code policy "x" rules}
     */
    void walk(JsonNode node, String section, String where, Visitor visitor) {
        if (!node.isObject()) {
            problems.accept(where + ": must be a mapping of field names, got " + node);
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            String path = section.isEmpty() ? entry.getKey() : section + "." + entry.getKey();
            String here = where + "." + entry.getKey();
            Field field = catalog.field(path);
            if (field instanceof LeafField leaf) {
                visitor.leaf(leaf, null, entry.getValue(), here);
            } else if (field instanceof ItemizedField items) {
                itemized(items, entry.getValue(), here, visitor);
            } else if (catalog.isSection(path)) {
                walk(entry.getValue(), path, here, visitor);
            } else {
                problems.accept(here + ": the DistributedInference spec has no field " + path + "; "
                        + (section.isEmpty() ? "spec" : section) + " has " + String.join(", ", catalog.children(section)));
            }
        }
    }

    /**
     * An itemised list's entry: an object with at most {@code instances} (to the visitor) and {@code attributes}
     * (walked, each attribute to the visitor's {@link Visitor#leaf} with the list).
     */
    private void itemized(ItemizedField items, JsonNode value, String where, Visitor visitor) {
        if (!value.isObject()) {
            problems.accept(where + ": an itemised list takes " + visitor.itemisedShape(value));
            return;
        }
        for (Iterator<String> names = value.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!name.equals("instances") && !name.equals("attributes")) {
                problems.accept(where + "." + name + ": an itemised list takes only instances and attributes");
            }
        }
        JsonNode instances = value.path("instances");
        if (!instances.isMissingNode()) {
            visitor.instances(items, instances, where + ".instances");
        }
        JsonNode attributes = value.path("attributes");
        if (!attributes.isMissingNode()) {
            attributes(items, attributes, "", where + ".attributes", visitor);
        }
    }

    /**
     * Walks the {@code attributes} tree of an itemised list, where nested objects ({@code claimInfo.size}) are named
     * one level at a time.
     */
    void attributes(ItemizedField items, JsonNode node, String prefix, String where, Visitor visitor) {
        if (!node.isObject()) {
            problems.accept(where + ": must be a mapping of attribute names, got " + node);
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            String path = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
            String here = where + "." + entry.getKey();
            LeafField attribute = items.attributes().get(path);
            if (attribute != null) {
                visitor.leaf(attribute, items, entry.getValue(), here);
            } else if (items.attributes().keySet().stream().anyMatch(name -> name.startsWith(path + "."))) {
                attributes(items, entry.getValue(), path, here, visitor);
            } else {
                problems.accept(here + ": items of " + items.path() + " have no attribute " + path
                        + " (the key " + items.keyField() + " and exclude take no defaults or rules); they have "
                        + String.join(", ", items.attributes().keySet().stream().sorted().toList()));
            }
        }
    }
}
