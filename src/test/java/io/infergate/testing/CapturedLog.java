package io.infergate.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.jboss.logmanager.ExtLogRecord;

/**
 * The records one log category (or every category) writes while it is open: each line's formatted message, its MDC at
 * the time it was written (where Quarkus puts the {@code traceId} and {@code spanId} of the request's span), its level
 * and its category.
 */
public final class CapturedLog extends Handler implements AutoCloseable {

    /**
     * One captured record.
     *
     * @param message the formatted message; capturing every category, followed by the stack trace of its exception
     */
    public record Line(String message, Map<String, String> mdc, Level level, String category) {
    }

    private final Logger logger;
    private final boolean everyCategory;
    private final List<Line> lines = new CopyOnWriteArrayList<>();

    private CapturedLog(String category, boolean everyCategory) {
        this.logger = Logger.getLogger(category);
        this.everyCategory = everyCategory;
        logger.addHandler(this);
    }

    /**
     * @return a capture of the category's records from now until {@link #close()}
     */
    public static CapturedLog of(String category) {
        return new CapturedLog(category, false);
    }

    /**
     * @return a capture of every record that reaches the root logger, whatever its category (Vert.x, Mutiny, Netty,
     *         Quarkus OIDC ...), from now until {@link #close()}: to show that a path logs no error, or no secret, whoever
     *         would log it
     */
    public static CapturedLog everything() {
        return new CapturedLog("", true);
    }

    /**
     * @return the records so far, in order
     */
    public List<Line> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void publish(LogRecord record) {
        if (!everyCategory && !logger.getName().equals(record.getLoggerName())) {
            return;
        }
        Map<String, String> mdc = record instanceof ExtLogRecord ext ? Map.copyOf(ext.getMdcCopy()) : Map.of();
        String message = new SimpleFormatter().formatMessage(record);
        if (everyCategory && record.getThrown() != null) {
            StringWriter thrown = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(thrown));
            message = message + " " + thrown;
        }
        lines.add(new Line(message, mdc, record.getLevel(), record.getLoggerName()));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
