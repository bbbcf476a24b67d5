package io.infergate.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.jboss.logmanager.ExtLogRecord;

/**
 * The records one log category writes while it is open: each line's formatted message and its MDC at the time it was
 * written (where Quarkus puts the {@code traceId} and {@code spanId} of the request's span).
 */
public final class CapturedLog extends Handler implements AutoCloseable {

    /** One captured record. */
    public record Line(String message, Map<String, String> mdc) {
    }

    private final Logger logger;
    private final boolean descendants;
    private final List<Line> lines = new CopyOnWriteArrayList<>();

    private CapturedLog(String category, boolean descendants) {
        this.logger = Logger.getLogger(category);
        this.descendants = descendants;
        logger.addHandler(this);
    }

    /**
     * @return a capture of the category's records from now until {@link #close()}
     */
    public static CapturedLog of(String category) {
        return new CapturedLog(category, false);
    }

    /**
     * @return a capture of every record that reaches the root logger, whatever its category, from now until
     *         {@link #close()}; with each line's category in front of its message
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
        if (descendants || logger.getName().equals(record.getLoggerName())) {
            Map<String, String> mdc = record instanceof ExtLogRecord ext ? Map.copyOf(ext.getMdcCopy()) : Map.of();
            String message = new SimpleFormatter().formatMessage(record);
            if (descendants) {
                StringWriter thrown = new StringWriter();
                if (record.getThrown() != null) {
                    record.getThrown().printStackTrace(new PrintWriter(thrown));
                }
                message = record.getLoggerName() + " " + message + " " + thrown;
            }
            lines.add(new Line(message, mdc));
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
