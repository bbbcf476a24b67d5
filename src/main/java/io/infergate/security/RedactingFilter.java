package io.infergate.security;

import java.util.List;
import java.util.Objects;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logmanager.ExtLogRecord;

/**
 * Rewrites a log record before any handler formats it: a compact JWT ({@code eyJ...} in three dot-separated parts), the
 * credential after {@code Bearer}, and each configured secret become {@value #REDACTED}, in the message and in the
 * messages of its exception and their causes. The record passes on to the handler's own filter first.
 *
 * @param delegate the handler's own filter, {@code null} for none
 * @param secrets literal values never to write, such as the clusters' client secrets
 */
record RedactingFilter(Filter delegate, List<String> secrets) implements Filter {

    static final String REDACTED = "<redacted>";

    /** A JOSE header is a JSON object, so base64url of it starts with {@code eyJ} ({@code {"}). */
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*");
    /** Long enough not to take the word after "Bearer" in prose ({@code Bearer realm=}, {@code Bearer access token}). */
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/-]{16,}=*");
    private static final int MAX_CAUSES = 20;

    RedactingFilter {
        secrets = List.copyOf(secrets);
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        if (delegate != null && !delegate.isLoggable(record)) {
            return false;
        }
        String message = formatted(record);
        String clean = redact(message);
        if (!Objects.equals(clean, message)) {
            if (record instanceof ExtLogRecord ext) {
                ext.setMessage(clean, ExtLogRecord.FormatStyle.NO_FORMAT);
            } else {
                record.setMessage(clean);
            }
            record.setParameters(null);
        }
        if (record.getThrown() != null && needsRedaction(record.getThrown())) {
            record.setThrown(redacted(record.getThrown(), 0));
        }
        return true;
    }

    private static String formatted(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            return ext.getFormattedMessage();
        }
        return record.getParameters() == null || record.getParameters().length == 0
                ? record.getMessage()
                : new SimpleFormatter().formatMessage(record);
    }

    /**
     * @return the text with tokens and secrets replaced; the same instance when there were none
     */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        String clean = text;
        if (clean.contains("eyJ")) {
            clean = JWT.matcher(clean).replaceAll(REDACTED);
        }
        if (mentionsBearer(clean)) {
            Matcher bearer = BEARER.matcher(clean);
            if (bearer.find()) {
                clean = bearer.replaceAll("$1" + REDACTED);
            }
        }
        for (String secret : secrets) {
            if (clean.contains(secret)) {
                clean = clean.replace(secret, REDACTED);
            }
        }
        return clean.equals(text) ? text : clean;
    }

    /**
     * Whether the text holds the word {@code bearer} in any case: a plain scan, so that the case-insensitive pattern
     * runs only over the few lines that may need it (every request writes an access line).
     */
    static boolean mentionsBearer(String text) {
        for (int at = 0; at + 6 <= text.length(); at++) {
            char c = text.charAt(at);
            if ((c == 'b' || c == 'B') && text.regionMatches(true, at, "bearer", 0, 6)) {
                return true;
            }
        }
        return false;
    }

    private boolean needsRedaction(Throwable thrown) {
        Throwable cause = thrown;
        for (int i = 0; cause != null && i < MAX_CAUSES; i++, cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().equals(redact(cause.getMessage()))) {
                return true;
            }
        }
        return false;
    }

    private Throwable redacted(Throwable thrown, int depth) {
        Throwable cause = thrown.getCause() == null || thrown.getCause() == thrown || depth >= MAX_CAUSES
                ? null
                : redacted(thrown.getCause(), depth + 1);
        String message = redact(thrown.getMessage());
        Redacted copy = new Redacted(thrown.getClass().getName() + (message == null ? "" : ": " + message), cause);
        copy.setStackTrace(thrown.getStackTrace());
        return copy;
    }

    /**
     * An exception as it was logged, its message redacted: the message starts with the original class name, and a stack
     * trace prints it as the original would be printed.
     */
    private static final class Redacted extends RuntimeException {

        Redacted(String shown, Throwable cause) {
            super(shown, cause, false, true);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
