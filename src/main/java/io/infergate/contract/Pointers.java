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
}
