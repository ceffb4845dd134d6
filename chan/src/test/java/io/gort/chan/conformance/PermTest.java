package io.gort.chan.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Recv;
import io.gort.chan.Select;
import io.gort.chan.Sender;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Port of Go's {@code test/chan/perm.go} (golang/go at commit 03c52711697122f84d312db128e4eaf43be37a14).
 *
 * <p>perm.go is an errorcheck test: a program that must not compile, with each line that the
 * compiler must reject marked {@code // ERROR}. It checks channel direction: {@code chan T} converts
 * to {@code <-chan T} and {@code chan<- T} but not back, nor one into the other; a receive-only
 * channel cannot be sent on or closed; a send-only channel cannot be received from or ranged over.
 *
 * <p>Java has no errorcheck harness in this build, so the port shows what Java's types enforce,
 * with reflection on the direction views: {@link Receiver} has no send, trySend, close or onSend;
 * {@link Sender} has no recv, recvOk, tryRecv, onRecv, onRecvOk and is not Iterable (no range);
 * {@link Chan} is assignable to both, and neither view to the other or to Chan. The lines marked
 * "ok" in perm.go are written out below and compile.
 *
 * <p>Where Java is weaker than Go: the check is at compile time only. A {@code Receiver} is a
 * {@code Chan} at run time (the views are sealed, with Chan the only implementation), so a cast
 * {@code (Sender<T>) receiver} compiles and succeeds; Go has no such conversion.
 * {@link #aCastRecoversTheChannel} documents this.
 */
@Timeout(10)
class PermTest {
    static Set<String> methodNames(Class<?> type) {
        return Arrays.stream(type.getMethods()).map(Method::getName).collect(Collectors.toSet());
    }

    /** cr = c, cs = c: ok.  c = cr, c = cs, cr = cs, cs = cr: ERROR "illegal types|incompatible|cannot". */
    @Test
    void assignments() {
        assertTrue(Receiver.class.isAssignableFrom(Chan.class), "cr = c");
        assertTrue(Sender.class.isAssignableFrom(Chan.class), "cs = c");
        assertFalse(Chan.class.isAssignableFrom(Receiver.class), "c = cr must not compile");
        assertFalse(Chan.class.isAssignableFrom(Sender.class), "c = cs must not compile");
        assertFalse(Receiver.class.isAssignableFrom(Sender.class), "cr = cs must not compile");
        assertFalse(Sender.class.isAssignableFrom(Receiver.class), "cs = cr must not compile");
    }

    /** cr <- 0, case cr <- 0, close(cr): ERROR "send" / "receive". */
    @Test
    void receiveOnlyHasNoSendNorClose() {
        Set<String> names = methodNames(Receiver.class);
        for (String op : new String[] {"send", "trySend", "close", "onSend"}) {
            assertFalse(names.contains(op), "Receiver has " + op);
        }
        assertTrue(names.containsAll(Set.of("recv", "recvOk", "tryRecv", "onRecv", "onRecvOk", "iterator")));
    }

    /** <-cs, x, ok = <-cs, case x := <-cs, for range cs: ERROR "receive". close(cs) is ok. */
    @Test
    void sendOnlyHasNoReceiveNorRange() {
        Set<String> names = methodNames(Sender.class);
        for (String op : new String[] {"recv", "recvOk", "tryRecv", "onRecv", "onRecvOk", "iterator"}) {
            assertFalse(names.contains(op), "Sender has " + op);
        }
        assertFalse(Iterable.class.isAssignableFrom(Sender.class), "for range cs must not compile");
        assertTrue(names.containsAll(Set.of("send", "trySend", "close", "onSend")));
    }

    /** The lines perm.go marks "ok", which compile and run here. */
    @Test
    void theOkLines() {
        Chan<Integer> c = Chan.make(1);
        Receiver<Integer> cr = c;
        Sender<Integer> cs = c;

        c.send(0);
        c.recv();
        c.send(0);
        Recv<Integer> xok = c.recvOk();
        assertEquals(new Recv<>(0, true), xok);

        c.send(0);
        cr.recv();
        c.send(0);
        xok = cr.recvOk();
        assertEquals(new Recv<>(0, true), xok);

        cs.send(0);
        // select { case c <- 0: case x := <-c: case x := <-cr: case cs <- 0: }  (one is ready: a receive)
        Select.select(c.onSend(0), c.onRecv(), cr.onRecv(), cs.onSend(0));
        assertEquals(0, c.len(), "the select did exactly one operation: a receive from the full one-slot channel");

        c.close();
        Chan<Integer> c2 = Chan.make();
        Sender<Integer> cs2 = c2;
        cs2.close();
    }

    /** Where Java's types are weaker than Go's: a view is the channel itself at run time. */
    @Test
    void aCastRecoversTheChannel() {
        Chan<Integer> c = Chan.make(1);
        Receiver<Integer> cr = c;
        assertInstanceOf(Sender.class, cr, "a Receiver is a Chan, so (Sender<T>) cr succeeds; Go has no such conversion");
    }
}
