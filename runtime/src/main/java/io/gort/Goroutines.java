package io.gort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.InstanceAlreadyExistsException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The {@code io.gort:type=Goroutines} MBean ({@link GoroutinesMBean}). {@link #register()} is
 * called from {@link Go}'s class initialisation when {@code -Dgort.jmx=true}; it is idempotent and
 * never throws: a JVM without {@code java.management}, or a security or registration failure,
 * leaves the program running without the MBean.
 */
final class Goroutines implements GoroutinesMBean {
    static final String OBJECT_NAME = "io.gort:type=Goroutines";

    /** Set by {@code -Dgort.jmx=true}: register the MBean when {@link Go} is first used. */
    static final boolean ENABLED = Boolean.getBoolean("gort.jmx");

    private Goroutines() { }

    /** Registers the MBean on the platform MBean server unless it is there already; true if it is there now. */
    static synchronized boolean register() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(OBJECT_NAME);
            if (!server.isRegistered(name)) {
                server.registerMBean(new Goroutines(), name);
            }
            return true;
        } catch (InstanceAlreadyExistsException raced) {
            return true;        // registered by another class loader's copy of gort: same name, same dump
        } catch (Exception | LinkageError unavailable) {
            return false;       // no java.management, or a server that refuses us: run on without it
        }
    }

    @Override
    public String dump() {
        return Go.dump();
    }

    @Override
    public String dumpToFile(String path) {
        Path file = Path.of(path).toAbsolutePath();
        try {
            Files.writeString(file, Go.dump(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            // JMX clients may not have gort's classes; an unchecked JDK exception crosses the wire
            throw new UncheckedIOException("cannot write goroutine dump to " + file + ": " + e.getMessage(), e);
        }
        return file.toString();
    }

    @Override
    public int getCount() {
        return Go.numGoroutine();
    }

    @Override
    public int getMaxProcs() {
        return Go.maxProcs();
    }
}
