package io.infergate.testing;

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
 * The records one log category (or every category) writes while it is open: each line's formatted message and its MDC
 * at the time it was written (where Quarkus puts the {@code traceId} and {@code spanId} of the request's span), with its
 * level and category.
 */
public final class CapturedLog extends Handler implements AutoCloseable {

    /** One captured record. */
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
     * @return a capture of every category's records from now until {@link #close()}, e.g. to show that a path logs no
     *         error, whoever would log it (Vert.x, Mutiny, Netty)
     */
    public static CapturedLog everyCategory() {
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
        if (everyCategory || logger.getName().equals(record.getLoggerName())) {
            Map<String, String> mdc = record instanceof ExtLogRecord ext ? Map.copyOf(ext.getMdcCopy()) : Map.of();
            lines.add(new Line(new SimpleFormatter().formatMessage(record), mdc, record.getLevel(),
                    record.getLoggerName()));
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
