/**
 * Go's channels and select: {@link io.gort.chan.Chan}, {@link io.gort.chan.Sender}, {@link
 * io.gort.chan.Receiver}, {@link io.gort.chan.Select}.
 */
module io.gort.chan {
    requires transitive io.gort.sched;
    exports io.gort.chan;
    exports io.gort.chan.internal to io.gort.runtime;
}
