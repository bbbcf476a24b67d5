package io.infergate.contract;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The message for a field the contract does not define, with a hint: the closest field by edit distance ("did you
 * mean"), else where a field of that name lives elsewhere in the contract, else the fields that are known here.
 * <p>
 * Its cost is bounded, since a hostile body may hold thousands of unknown fields: the distance is computed with a
 * threshold (commons-text stops a row once every cell is past it, so a comparison costs the threshold times the
 * length, not the product of the lengths), and a name longer than {@link #MAX_HINTED_LENGTH} gets no hint at all.
 * The number of unknown fields that get a message is bounded by {@link Violations}.
 */
final class FieldHints {

    /** About twice the longest field name of the contract: a longer name is no typo of one. */
    static final int MAX_HINTED_LENGTH = 64;

    /** The threshold for the longest hinted name; {@link #threshold} is never higher. */
    private static final int MAX_THRESHOLD = MAX_HINTED_LENGTH / 3;

    /** One bounded distance per threshold, built once: they hold nothing else and are safe to share. */
    private static final LevenshteinDistance[] DISTANCES = new LevenshteinDistance[MAX_THRESHOLD + 1];

    static {
        for (int threshold = 0; threshold <= MAX_THRESHOLD; threshold++) {
            DISTANCES[threshold] = new LevenshteinDistance(threshold);
        }
    }

    /** Where each field name of the contract first appears (lower case), for a field put at the wrong level. */
    private final Map<String, String> homes;

    /**
     * @param homes each field name of the contract in lower case, with the dotted path where it first appears
     */
    FieldHints(Map<String, String> homes) {
        this.homes = Map.copyOf(homes);
    }

    /**
     * @param name the unknown field, as sent
     * @param known the fields the contract defines at that place
     * @return the message: a sentence naming the field, and a hint when there is one
     */
    String unknown(String name, Collection<String> known) {
        String message = "Unknown field '" + shown(name) + "': the Run:ai contract does not define it here.";
        if (name.length() > MAX_HINTED_LENGTH) {
            return message;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        String closest = closest(lower, known, threshold(name));
        if (closest != null) {
            return message + " Did you mean '" + closest + "'?";
        }
        String home = homes.get(lower);
        if (home != null) {
            return message + " '" + name + "' belongs at " + home + ".";
        }
        return known.isEmpty() ? message : message + " Known fields here: " + String.join(", ", known) + ".";
    }

    /** A third of the name's length, and at least 2: short names have room for two typos. */
    static int threshold(String name) {
        return Math.min(MAX_THRESHOLD, Math.max(2, name.length() / 3));
    }

    /**
     * @return the known field nearest to {@code lowerName} within {@code threshold} edits (ignoring case), the first in
     *         alphabetical order among equally near ones; {@code null} when none is that near
     */
    private static String closest(String lowerName, Collection<String> known, int threshold) {
        LevenshteinDistance distance = DISTANCES[threshold];
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            // the difference in length alone takes more edits than the threshold
            if (Math.abs(candidate.length() - lowerName.length()) > threshold) {
                continue;
            }
            int edits = distance.apply(candidate.toLowerCase(Locale.ROOT), lowerName);
            if (edits >= 0 && (edits < bestDistance || edits == bestDistance && candidate.compareTo(best) < 0)) {
                best = candidate;
                bestDistance = edits;
            }
        }
        return best;
    }

    /** The name for a message: whole up to {@link #MAX_HINTED_LENGTH} characters, else cut there. */
    private static String shown(String name) {
        if (name.length() <= MAX_HINTED_LENGTH) {
            return name;
        }
        int end = Character.isHighSurrogate(name.charAt(MAX_HINTED_LENGTH - 1)) ? MAX_HINTED_LENGTH - 1 : MAX_HINTED_LENGTH;
        return name.substring(0, end) + "...";
    }
}
