package io.gort.sched;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Run by {@link PollerPlacementTest} with {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED}: the
 * JVM's first socket I/O happens in a goroutine on a gort scheduler (a blocking accept, then a
 * blocking read, both parking through the JDK poller); then it prints, for each JDK poller thread
 * ({@code sun.nio.ch.Poller.owner}), its name, whether it is virtual, and its scheduler's class.
 */
public final class PollerPlacementMain {
    private PollerPlacementMain() { }

    public static void main(String[] args) throws Exception {
        try (Scheduler s = Scheduler.workStealing(2);
             ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int[] got = new int[1];
            Goroutine g = s.spawn(() -> {
                try (Socket accepted = server.accept(); InputStream in = accepted.getInputStream()) {
                    got[0] = in.read();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Goroutine writer = s.spawn(() -> {
                try (Socket c = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                     OutputStream out = c.getOutputStream()) {
                    out.write(7);
                    out.flush();
                    c.getInputStream().read();            // EOF when the reader closes
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            g.join();
            writer.join();
            System.out.println("read=" + got[0]);
        }
        Class<?> poller = Class.forName("sun.nio.ch.Poller");
        Field owner = poller.getDeclaredField("owner");
        owner.setAccessible(true);
        Field scheduler = Class.forName("java.lang.VirtualThread").getDeclaredField("scheduler");
        scheduler.setAccessible(true);
        List<Object> pollers = new ArrayList<>();
        for (String m : new String[] {"readPollers", "writePollers"}) {
            Method mm = poller.getDeclaredMethod(m);
            mm.setAccessible(true);
            pollers.addAll((List<?>) mm.invoke(null));
        }
        for (Object p : pollers) {
            Thread t = (Thread) owner.get(p);
            if (t == null) {
                System.out.println("poller thread=none");
                continue;
            }
            String sched = t.isVirtual() ? ((Executor) scheduler.get(t)).getClass().getName() : "platform";
            System.out.println("poller thread=" + t.getName() + " virtual=" + t.isVirtual() + " scheduler=" + sched);
        }
    }
}
