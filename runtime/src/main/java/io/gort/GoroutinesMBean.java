package io.gort;

/**
 * The JMX face of gort's goroutines, registered as {@code io.gort:type=Goroutines} on the platform
 * MBean server when the JVM runs with {@code -Dgort.jmx=true}: a goroutine dump on demand from
 * jconsole, VisualVM or any JMX client, without stopping the program (Go's SIGQUIT traceback, minus
 * the exit). Public only because JMX requires a standard MBean interface to be; see
 * docs/HACKING.md, "Goroutine dumps".
 */
public interface GoroutinesMBean {
    /** {@link Go#dump()}: every live goroutine in Go's format. */
    String dump();

    /** Writes {@link Go#dump()} to {@code path} (created or replaced) and returns its absolute path. */
    String dumpToFile(String path);

    /** {@link Go#numGoroutine()}. */
    int getCount();

    /** {@link Go#maxProcs()}. */
    int getMaxProcs();
}
