package io.lifeboat.alerts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The log lines of io.lifeboat while a test runs, formatted as their parameters make them. */
final class LogCapture extends Handler {
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final Logger logger = Logger.getLogger("io.lifeboat");
    private Level before;

    void start() {
        before = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(this);
    }

    void stop() {
        logger.removeHandler(this);
        logger.setLevel(before);
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void publish(LogRecord record) {
        String message = record.getMessage();
        Object[] params = record.getParameters();
        if (params != null && params.length > 0) {
            try {
                message = String.format(message, params);
            } catch (java.util.IllegalFormatException e) {
                message = java.text.MessageFormat.format(message, params);
            }
        }
        lines.add(record.getLevel() + " " + record.getLoggerName() + " " + message);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
