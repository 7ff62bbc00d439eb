package dev.cognate.store;

import jdk.jfr.FlightRecorder;
import org.jdbi.v3.core.statement.JdbiStatementEvent;

/**
 * Keeps JDBI's statement events out of flight recordings. JDBI records each statement with its
 * bound values, and those include mail bodies with confirmation codes and temporary passwords,
 * attribute values and e-mail addresses: a recording taken to profile a node (docs/BENCHMARKS.md
 * does) would carry them to whoever reads it. The statements' cost still shows in the samples.
 */
final class StatementEventsOff {
    private static final String JDBI_JFR_SUPPORT = "org.jdbi.v3.core.statement.internal.JfrSupport";

    static {
        try {
            // JDBI registers its event when this class is first initialized; unregistered before,
            // it would be registered again by JDBI's first statement.
            Class.forName(JDBI_JFR_SUPPORT, true, StatementEventsOff.class.getClassLoader());
            FlightRecorder.unregister(JdbiStatementEvent.class);
        } catch (ClassNotFoundException | LinkageError e) {
            // No jdk.jfr in this runtime, or a JDBI without events: nothing is recorded either way.
        }
    }

    private StatementEventsOff() {}

    /** Makes sure the events are off; a no-op after the first call. */
    static void ensure() {
        // the static initializer did the work
    }
}
