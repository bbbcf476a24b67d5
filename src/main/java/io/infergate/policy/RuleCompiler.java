package io.infergate.policy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import io.infergate.contract.Quantity;

/**
 * Compiles the {@code rules} section of one policy: each rule must be one its field's value type takes
 * (docs/runai-control-plane.md §4.2), with a
 * value of the right kind.
 */
final class RuleCompiler implements SpecWalk.Visitor {

    private static final Set<String> ALL_RULES = Set.of("required", "canEdit", "options", "min", "max", "step",
            "defaultFrom");

    private final SpecCatalog catalog;
    private final Consumer<String> problems;
    final Map<String, FieldRule> rules = new LinkedHashMap<>();
    final Map<String, InstanceRules> instanceRules = new LinkedHashMap<>();
    private int problemCount;

    RuleCompiler(SpecCatalog catalog, Consumer<String> problems) {
        this.catalog = catalog;
        this.problems = problems;
    }

    @Override
    public void leaf(LeafField field, ItemizedField list, JsonNode value, String where) {
        if (!value.isObject()) {
            problems.accept(where + ": must be a mapping of rules such as {required: true}, got " + value);
            return;
        }
        Set<String> allowed = field.type().ruleKeys();
        Map<String, JsonNode> given = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> rule = it.next();
            if (!ALL_RULES.contains(rule.getKey())) {
                problems.accept(where + "." + rule.getKey() + ": unknown rule; rules are " + new TreeSet<>(ALL_RULES));
            } else if (!allowed.contains(rule.getKey())) {
                problems.accept(where + "." + rule.getKey() + ": " + field.path() + " is " + field.type().withArticle()
                        + " field, which takes only " + new TreeSet<>(allowed));
            } else {
                given.put(rule.getKey(), rule.getValue());
            }
        }
        int before = problemCount;
        Consumer<String> counting = message -> {
            problemCount++;
            problems.accept(where + "." + message);
        };
        Boolean required = flag(given.get("required"), "required", counting);
        Boolean canEdit = flag(given.get("canEdit"), "canEdit", counting);
        FieldRule.Bound min = bound(field, given.get("min"), "min", counting);
        FieldRule.Bound max = bound(field, given.get("max"), "max", counting);
        BigDecimal step = step(field, given.get("step"), counting);
        List<FieldRule.Option> options = options(field, given.get("options"), counting);
        FieldRule.DefaultFrom defaultFrom = defaultFrom(field, list, given.get("defaultFrom"), counting);
        if (problemCount != before) {
            return;
        }
        try {
            rules.put(Policy.key(list, field), new FieldRule(field, required, canEdit, min, max, step, options, defaultFrom));
        } catch (IllegalArgumentException e) {
            problems.accept(where + ": " + e.getMessage());
        }
    }

    @Override
    public String itemisedShape(JsonNode given) {
        return "{instances: {canAdd, locked}, attributes: {...}}";
    }

    @Override
    public void instances(ItemizedField field, JsonNode node, String where) {
        if (!node.isObject()) {
            problems.accept(where + ": must be {canAdd: <boolean>, locked: [<" + field.keyField() + ">...]}");
            return;
        }
        Boolean canAdd = null;
        Set<String> locked = new LinkedHashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> rule = it.next();
            if (rule.getKey().equals("canAdd")) {
                canAdd = flag(rule.getValue(), "canAdd", message -> problems.accept(where + "." + message));
            } else if (rule.getKey().equals("locked") && rule.getValue().isArray()) {
                rule.getValue().forEach(key -> locked.add(key.asText()));
            } else if (rule.getKey().equals("locked")) {
                problems.accept(where + ".locked: must be a list of " + field.keyField() + " values");
            } else {
                problems.accept(where + "." + rule.getKey() + ": instances take only the rules canAdd and locked");
            }
        }
        instanceRules.put(field.path(), new InstanceRules(canAdd, locked));
    }

    private static Boolean flag(JsonNode value, String name, Consumer<String> problem) {
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            problem.accept(name + ": must be true or false, got " + value);
            return null;
        }
        return value.booleanValue();
    }

    private static FieldRule.Bound bound(LeafField field, JsonNode value, String name, Consumer<String> problem) {
        if (value == null) {
            return null;
        }
        if (field.type() == ValueType.QUANTITY && value.isValueNode()) {
            return Quantity.parse(value.asText())
                    .map(quantity -> new FieldRule.Bound(quantity.value(), value.asText()))
                    .orElseGet(() -> {
                        problem.accept(name + ": \"" + value.asText() + "\" is not a quantity such as 500m or 4Gi");
                        return null;
                    });
        }
        boolean fits = field.type() == ValueType.INTEGER ? value.isIntegralNumber() : value.isNumber();
        if (!fits) {
            problem.accept(name + ": must be " + (field.type() == ValueType.INTEGER ? "an integer" : "a number")
                    + " for " + field.path() + ", got " + value);
            return null;
        }
        return new FieldRule.Bound(value.decimalValue(), value.asText());
    }

    private static BigDecimal step(LeafField field, JsonNode value, Consumer<String> problem) {
        if (value == null) {
            return null;
        }
        boolean fits = field.type() == ValueType.INTEGER ? value.isIntegralNumber() : value.isNumber();
        if (!fits || value.decimalValue().signum() <= 0) {
            problem.accept("step: must be a positive " + (field.type() == ValueType.INTEGER ? "integer" : "number")
                    + ", got " + value);
            return null;
        }
        return value.decimalValue();
    }

    private static List<FieldRule.Option> options(LeafField field, JsonNode value, Consumer<String> problem) {
        List<FieldRule.Option> options = new ArrayList<>();
        if (value == null) {
            return options;
        }
        if (!value.isArray() || value.isEmpty()) {
            problem.accept("options: must be a non-empty list of {value, displayed?}, got " + value);
            return options;
        }
        for (JsonNode option : value) {
            JsonNode optionValue = option.path("value");
            if (!optionValue.isValueNode() || optionValue.isNull()) {
                problem.accept("options: each option needs a value, got " + option);
            } else if (FieldValues.allowed(field.allowed(), optionValue.asText(),
                    message -> problem.accept("options: " + message))) {
                JsonNode displayed = option.path("displayed");
                options.add(new FieldRule.Option(optionValue.asText(), displayed.isValueNode() ? displayed.asText() : null));
            }
        }
        return options;
    }

    private FieldRule.DefaultFrom defaultFrom(LeafField field, ItemizedField list, JsonNode value,
            Consumer<String> problem) {
        if (value == null) {
            return null;
        }
        if (list != null) {
            problem.accept("defaultFrom: is not supported on attributes of itemised lists");
            return null;
        }
        JsonNode factor = value.path("factor");
        if (!value.path("field").isTextual() || !(factor.isMissingNode() || factor.isNumber())) {
            problem.accept("defaultFrom: must be {field: <path in the same section>, factor: <number>}, got " + value);
            return null;
        }
        String named = value.get("field").asText();
        int dot = field.path().indexOf('.');
        String section = field.path().startsWith("leader.") || field.path().startsWith("worker.")
                ? field.path().substring(0, dot + 1)
                : "";
        Field source = catalog.field(section + named);
        boolean numbers = field.type().numeric() && source instanceof LeafField leaf && leaf.type().numeric();
        boolean quantities = field.type() == ValueType.QUANTITY && source instanceof LeafField leaf
                && leaf.type() == ValueType.QUANTITY;
        if (!numbers && !quantities) {
            problem.accept("defaultFrom.field: " + section + named + " is not " + field.type().withArticle()
                    + " field of the same section (" + (section.isEmpty() ? "spec" : section.substring(0, dot))
                    + "), so " + field.path() + " cannot take its default from it");
            return null;
        }
        return new FieldRule.DefaultFrom((LeafField) source, factor.isMissingNode() ? BigDecimal.ONE : factor.decimalValue());
    }
}
