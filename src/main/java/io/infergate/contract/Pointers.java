package io.infergate.contract;

/**
 * RFC 6901 JSON pointer text.
 */
final class Pointers {

    private Pointers() {
    }

    /**
     * @param token one object key
     * @return the key escaped for use in a pointer ({@code ~} as {@code ~0}, {@code /} as {@code ~1})
     */
    static String escape(String token) {
        // ~ first, or the ~1 just written would be escaped again
        return token.replace("~", "~0").replace("/", "~1");
    }

    /**
     * @param token one escaped pointer segment
     * @return the object key it names ({@code ~1} before {@code ~0}, as RFC 6901 requires)
     */
    static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    /**
     * @return the pointer to a member of the object at {@code parent}
     */
    static String child(String parent, String key) {
        return parent + "/" + escape(key);
    }

    /**
     * @return the pointer to an element of the array at {@code parent}
     */
    static String child(String parent, int index) {
        return parent + "/" + index;
    }

    /**
     * @param pointer a pointer into a request body
     * @return how a message names the value there: the last field name with any array indices after it
     *         ({@code /spec/nodePools/3} is {@code nodePools[3]}), or "the request body" for {@code ""}
     */
    static String fieldName(String pointer) {
        if (pointer.isEmpty()) {
            return "the request body";
        }
        String[] segments = pointer.substring(1).split("/", -1);
        StringBuilder indices = new StringBuilder();
        int last = segments.length - 1;
        while (last > 0 && isIndex(segments[last])) {
            indices.insert(0, "[" + segments[last] + "]");
            last--;
        }
        return unescape(segments[last]) + indices;
    }

    private static boolean isIndex(String segment) {
        return !segment.isEmpty() && segment.length() < 10 && segment.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
