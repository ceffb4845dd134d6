package io.gort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.chan.Chan;
import io.gort.sched.GState;
import io.gort.sched.Goroutine;
import io.gort.sched.WaitReason;
import io.gort.testutil.GoroutineLeaks;
import io.gort.testutil.Waits;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The {@code io.gort:type=Goroutines} MBean: a goroutine dump through JMX, as jconsole would take it. */
class DumpMBeanTest {

    static void receiver(Chan<Integer> ch) {
        ch.recv();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void dumpCountAndDumpToFileThroughThePlatformMBeanServer(@TempDir Path dir) throws Exception {
        Set<Long> before = GoroutineLeaks.snapshot();
        // given: the MBean registered (twice: the second is a no-op) and a goroutine parked on a receive
        assertTrue(Goroutines.register());
        assertTrue(Goroutines.register());
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("io.gort:type=Goroutines");
        Chan<Integer> ch = Chan.make();
        Goroutine g = Go.spawn(() -> receiver(ch));
        Waits.until(g + " parked on a receive",
                () -> g.state() == GState.WAITING && g.waitReason() == WaitReason.CHAN_RECEIVE);
        String header = "goroutine " + g.id() + " [chan receive]:";
        try {
            // when / then: dump is Go.dump(), with the parked goroutine's Go header and its frame
            String dump = (String) server.invoke(name, "dump", new Object[0], new String[0]);
            assertTrue(dump.contains(header), dump);
            assertTrue(dump.contains("io.gort.DumpMBeanTest.receiver(...)"), dump);

            // the attributes
            assertTrue((Integer) server.getAttribute(name, "Count") >= 1);
            assertEquals(Go.maxProcs(), (Integer) server.getAttribute(name, "MaxProcs"));

            // dumpToFile writes the same dump and answers the absolute path
            Path file = dir.resolve("goroutines.txt");
            String written = (String) server.invoke(name, "dumpToFile",
                    new Object[] {file.toString()}, new String[] {String.class.getName()});
            assertEquals(file.toAbsolutePath().toString(), written);
            String text = Files.readString(file, StandardCharsets.UTF_8);
            assertTrue(text.contains(header), text);
        } finally {
            ch.send(1);
            g.join();
        }
        GoroutineLeaks.assertNoneLeft(before);
    }

    /** Prints whether the MBean is registered after the first goroutine, without loading JMX first. */
    static final class RegisteredMain {
        public static void main(String[] args) throws Exception {
            Go.spawn(() -> { }).join();
            System.out.println("registered=" + ManagementFactory.getPlatformMBeanServer()
                    .isRegistered(new ObjectName(Goroutines.OBJECT_NAME)));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void registeredOnFirstUseOnlyUnderGortJmx() {
        // -Dgort.jmx=true: registered by the first Go call
        ForkedJvm.Result on = ForkedJvm.run(List.of("-Dgort.jmx=true"), Map.of(), RegisteredMain.class);
        assertEquals(0, on.exit(), on::toString);
        assertTrue(on.out().contains("registered=true"), on::toString);
        // by default it is not: no java.management at startup (HACKING, "Goroutine dumps")
        ForkedJvm.Result off = ForkedJvm.run(List.of(), Map.of(), RegisteredMain.class);
        assertEquals(0, off.exit(), off::toString);
        assertTrue(off.out().contains("registered=false"), off::toString);
    }
}
